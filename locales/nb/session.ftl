# porten – bokmål: sperre etter mislykkede forsøk, og utlogging.

login-throttled = For mange mislykkede forsøk. Vent { $minutes ->
    [one] ett minutt
   *[other] { $minutes } minutter
} og prøv igjen.
login-busy = Mange logger inn akkurat nå. Vent noen sekunder og prøv igjen.
login-stepup = Tjenesten krever et høyere sikkerhetsnivå. Skriv inn engangskoden for å fortsette.

## Utlogging

logout-title = Logg ut
logout-confirm = Vil du logge ut av ID-porten og tjenestene du har brukt?
logout-submit = Logg ut
logout-done-title = Du er logget ut
logout-done = Du er nå logget ut av ID-porten. Lukk nettleseren hvis du bruker en delt datamaskin.
logout-progress = Logger deg ut av tjenestene du har brukt …
logout-continue = Fortsett
logout-frame = Utlogging fra { $client }
