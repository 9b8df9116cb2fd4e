# porten – bokmål: forhåndsvisningen for oversettere (porten locales preview, og {issuer}preview/ i testmiljøer).
# Innbyggere ser aldri disse tekstene.

# Overskrift og sidetittel.
preview-title = Forhåndsvisning for oversettere
preview-intro = Her er alle sidene i alle tilstander, på alle språk. Sidene lages fra .ftl-filene: lagre en endring, og last siden på nytt (eller kjør porten locales preview igjen).
preview-sample = Eksempeldataene er oppdiktet: Fjordvik kommune finnes ikke, og fødselsnummeret er syntetisk.
# Tabelltekst (skjermleser og over tabellen).
preview-caption = Sidene, én rad per tilstand og én kolonne per språk
# Kolonneoverskrift.
preview-page = Side og tilstand
# preview-…: én rad i tabellen hver.
preview-login = Innlogging, med TestID som i testmiljøer
preview-login-failed = Innlogging: feil passord
preview-login-throttled = Innlogging: for mange forsøk, { $minutes } min ventetid
preview-login-otp = Innlogging på nivå 4, med engangskode
preview-stepup = Høyere sikkerhetsnivå: bare engangskoden
preview-stepup-failed = Høyere sikkerhetsnivå: feil engangskode
preview-testid-refused = TestID: fødselsnummeret er ikke syntetisk
preview-consent = Samtykke til flere tilganger
preview-logout = Spørsmål om utlogging
preview-logged-out = Logget ut, med utlogging fra to tjenester
preview-form-post = Videresending (form_post) med JavaScript, slik siden ser ut før den sendes
preview-form-post-nojs = Videresending (form_post) uten JavaScript
# { $id } er navnet på feilmeldingen i .ftl-filen.
preview-error = Feilside: { $id }
preview-demo = Demoklienten: innlogging fullført
preview-demo-error = Demoklienten: innlogging avbrutt
