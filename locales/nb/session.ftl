# porten – bokmål: sperre etter mislykkede forsøk, høyere sikkerhetsnivå, og utlogging.

# Feilmelding over innloggingsskjemaet etter for mange feil; { $minutes } er ventetiden i hele minutter.
login-throttled = For mange mislykkede forsøk. Vent { $minutes ->
    [one] ett minutt
   *[other] { $minutes } minutter
} og prøv igjen.
# Over skjemaet når alle som sjekker passord er opptatt (429); innbyggeren kan prøve igjen om noen sekunder.
login-busy = Mange logger inn akkurat nå. Vent noen sekunder og prøv igjen.
# Over feltet for engangskode, når innbyggeren er logget inn med passord og tjenesten krever nivå 4.
login-stepup = Tjenesten krever et høyere sikkerhetsnivå. Skriv inn engangskoden for å fortsette.

## Utlogging

# Overskrift og sidetittel på siden som spør om du vil logge ut.
logout-title = Logg ut
logout-confirm = Vil du logge ut av ID-porten og tjenestene du har brukt?
# Knapp.
logout-submit = Logg ut
# Overskrift og sidetittel når du er logget ut.
logout-done-title = Du er logget ut
logout-done = Du er nå logget ut av ID-porten. Lukk nettleseren hvis du bruker en delt datamaskin.
# Skjermlesertekst mens tjenestene logger deg ut.
logout-progress = Logger deg ut av tjenestene du har brukt …
# Lenke videre til tjenesten når utloggingen er ferdig.
logout-continue = Fortsett
# Rammetittel (skjermlesertekst) for den usynlige rammen som logger deg ut av én tjeneste.
logout-frame = Utlogging fra { $client }
