# porten – nynorsk: førehandsvisinga for omsetjarar. Innbyggjarar ser aldri desse tekstane.
# same-as-nb: preview-page preview-login-failed preview-login-throttled preview-logout preview-error preview-demo

preview-title = Førehandsvising for omsetjarar
preview-intro = Her er alle sidene i alle tilstandar, på alle språk. Sidene blir laga frå .ftl-filene: lagre ei endring, og last sida på nytt (eller køyr porten locales preview igjen).
preview-sample = Eksempeldata er oppdikta: Fjordvik kommune finst ikkje, og fødselsnummeret er syntetisk.
preview-caption = Sidene, éi rad per tilstand og éin kolonne per språk
preview-page = Side og tilstand
preview-login = Innlogging, med TestID som i testmiljø
preview-login-failed = Innlogging: feil passord
preview-login-throttled = Innlogging: for mange forsøk, { $minutes } min ventetid
preview-login-otp = Innlogging på nivå 4, med eingongskode
preview-stepup = Høgare tryggleiksnivå: berre eingongskoden
preview-stepup-failed = Høgare tryggleiksnivå: feil eingongskode
preview-testid-refused = TestID: fødselsnummeret er ikkje syntetisk
preview-consent = Samtykke til fleire tilgangar
preview-logout = Spørsmål om utlogging
preview-logged-out = Logga ut, med utlogging frå to tenester
preview-form-post = Vidaresending (form_post) med JavaScript, slik sida ser ut før ho blir send
preview-form-post-nojs = Vidaresending (form_post) utan JavaScript
preview-error = Feilside: { $id }
preview-demo = Demoklienten: innlogging fullført
preview-demo-error = Demoklienten: innlogging avbroten
