# porten – bokmål (referansespråket). Se locales/README.md og locales/GLOSSARY.md.
# Kommentaren over en melding sier hvor den vises, når navnet ikke gjør det.

## Felles for alle sider

# Navnet på tjenesten: øverst på hver side og i sidetitlene.
-product-name = ID-porten
# Øverst til venstre på hver side.
app-name = { -product-name }
# Sidetittelen (fanen i nettleseren, det skjermleseren sier først): sidens overskrift og tjenestens navn.
page-title = { $page } – { -product-name }
# Lenke for tastatur og skjermleser, først på hver side; vises bare når den har fokus.
skip-to-content = Gå til hovedinnholdet
# Skjermlesertekst: navnet på språkvelgeren.
language-switcher = Velg språk
# Knapp: avbryter innloggingen og går tilbake til tjenesten.
cancel = Avbryt

## Innlogging

# Overskrift og sidetittel.
login-title = Logg inn
# Under overskriften; { $client } er navnet på tjenesten.
login-client = Du logger inn på { $client }.
# Under overskriften: sikkerhetsnivået tjenesten krever.
login-level = Sikkerhetsnivå: { $level ->
    [Level4] høyt (nivå 4)
   *[other] betydelig (nivå 3)
}
# Feltetikett.
login-pid = Fødselsnummer
# Hjelpetekst under feltetiketten for fødselsnummer.
login-pid-help = 11 siffer
# Feltetikett.
login-password = Passord
# Feltetikett, på nivå 4 og ved høyere sikkerhetsnivå.
login-otp = Engangskode
# Hjelpetekst under feltetiketten for engangskode.
login-otp-help = Den sekssifrede koden fra kodebrikken eller appen din
# Knapp.
login-submit = Logg inn
# Feilmelding over skjemaet; sier med vilje ikke hva som var feil.
login-failed = Innloggingen mislyktes. Sjekk fødselsnummer, passord og eventuell engangskode, og prøv igjen.
# Feilmelding over skjemaet når bare engangskoden ble spurt om.
login-otp-failed = Engangskoden stemmer ikke. Prøv igjen med en ny kode.
# Overskrift på TestID-boksen (bare i testmiljøer).
testid-title = TestID
# Hjelpetekst i TestID-boksen.
testid-help = Bare for testmiljøer: logg inn med et syntetisk fødselsnummer på { $level ->
    [Level4] nivå 4
   *[other] nivå 3
}.
# Knapp i TestID-boksen.
testid-submit = Logg inn med TestID
# Feilmelding over skjemaet når TestID fikk et ekte fødselsnummer.
testid-not-synthetic = TestID tar bare syntetiske fødselsnumre, der 40 eller 80 er lagt til måneden, så ingen logger inn som en virkelig person.

## Samtykke

# Overskrift og sidetittel. Skal ikke være de samme ordene som knappen consent-allow.
consent-title = Tilgang til opplysningene dine
# Under overskriften, før listen over det tjenesten ber om.
consent-intro = { $client } ber om tilgang til dette:
# Knapp.
consent-allow = Gi tilgang
# Knapp.
consent-deny = Ikke gi tilgang
# scope-…: ett punkt i listen på samtykkesiden, for hver tilgang tjenesten ber om.
scope-profile = Fødselsnummeret ditt og språket du bruker
scope-user-kontaktinformasjon-read = E-postadressen og mobilnummeret ditt i Kontakt- og reservasjonsregisteret
scope-user-spraak-read = Språket ditt for meldinger fra det offentlige
scope-user-spraak-write = Endre språket ditt for meldinger fra det offentlige
scope-user-sikkerdigitalpost-read = Adressen til den digitale postkassen din
scope-user-sertifikat-read = Sertifikatet som brukes til å kryptere post til den digitale postkassen din
scope-user-varslingsstatus-read = Om det offentlige kan varsle deg på e-post eller SMS
scope-global-kontaktinformasjon-read = E-postadressen og mobilnummeret til alle i Kontakt- og reservasjonsregisteret
scope-global-spraak-read = Språkvalget til alle i Kontakt- og reservasjonsregisteret
scope-global-sikkerdigitalpost-read = Adressen til den digitale postkassen til alle i Kontakt- og reservasjonsregisteret
scope-global-sertifikat-read = Krypteringssertifikatet til alle i Kontakt- og reservasjonsregisteret
scope-global-varslingsstatus-read = Om alle i Kontakt- og reservasjonsregisteret kan varsles

## Feil
## Hver feilmelding sier hva innbyggeren kan gjøre nå.

# Overskrift og sidetittel på feilsidene.
error-title = Noe gikk galt
# Under feilmeldingen; { $id } er en kode driftsfolk finner igjen i loggen.
error-correlation = Feilkode: { $id }. Oppgi feilkoden hvis du kontakter brukerstøtten til tjenesten du kom fra.
error-missing-client = Tjenesten du kom fra, oppga ikke hvem den er, så du kan ikke logge inn herfra. Kontakt tjenesten du kom fra, og oppgi feilkoden nedenfor.
error-unknown-client = Tjenesten du kom fra, er ikke registrert hos { -product-name }, så du kan ikke logge inn herfra. Kontakt tjenesten du kom fra, og oppgi feilkoden nedenfor.
error-missing-redirect-uri = Tjenesten du kom fra, oppga ikke hvor du skal sendes tilbake, så du kan ikke logge inn herfra. Kontakt tjenesten du kom fra, og oppgi feilkoden nedenfor.
error-unregistered-redirect-uri = Tjenesten du kom fra, ba om å sende deg til en adresse som ikke er registrert. Av sikkerhetshensyn sender vi deg ikke dit. Kontakt tjenesten du kom fra, og oppgi feilkoden nedenfor.
error-request-expired = Innloggingen tok for lang tid eller er allerede fullført. Gå tilbake til tjenesten og start på nytt.
error-forbidden = Skjemaet kunne ikke sendes inn. Last siden på nytt og prøv igjen.
error-bad-request = Forespørselen var ugyldig. Gå tilbake til tjenesten du kom fra, og start innloggingen på nytt.
error-not-found = Siden finnes ikke. Sjekk adressen, eller gå tilbake til tjenesten du kom fra, og start innloggingen der.
error-internal = Det oppsto en feil hos oss. Prøv igjen om litt. Hvis feilen fortsetter, kontakt tjenesten du kom fra, og oppgi feilkoden nedenfor.

## Videresending (form_post): siden som sender deg tilbake til tjenesten

# Overskrift og sidetittel.
form-post-title = Sender deg videre
form-post-text = Du sendes tilbake til tjenesten. Trykk på knappen hvis ingenting skjer.
# Knapp.
form-post-continue = Fortsett

## Demoklient (bare i dev): siden en utvikler lander på etter innloggingen

# Overskrift og sidetittel.
demo-title = Demoklienten
demo-success = Innloggingen er fullført. Tjenesten fikk denne koden:
demo-redeem = Løs inn koden innen ett minutt, for eksempel med curl:
# { $error } er en feilkode fra OAuth, for eksempel access_denied.
demo-error = Innloggingen ble ikke fullført: { $error }
