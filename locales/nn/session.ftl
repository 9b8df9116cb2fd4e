# porten – nynorsk: sperre etter mislukka forsøk, høgare tryggleiksnivå, og utlogging.

login-throttled = For mange mislukka forsøk. Vent { $minutes ->
    [one] eitt minutt
   *[other] { $minutes } minutt
} og prøv igjen.
login-busy = Mange loggar inn akkurat no. Vent nokre sekund og prøv igjen.
login-stepup = Tenesta krev eit høgare tryggleiksnivå. Skriv inn eingongskoden for å halde fram.

## Utlogging

# same-as-nb
logout-title = Logg ut
logout-confirm = Vil du logge ut av ID-porten og tenestene du har brukt?
# same-as-nb
logout-submit = Logg ut
logout-done-title = Du er logga ut
logout-done = No er du logga ut av ID-porten. Lat att nettlesaren viss du brukar ei delt datamaskin.
logout-progress = Loggar deg ut av tenestene du har brukt …
logout-continue = Hald fram
logout-frame = Utlogging frå { $client }
