# porten – bokmål (referansespråket). Se locales/README.md.

app-name = ID-porten
skip-to-content = Gå til hovedinnholdet
language-switcher = Velg språk
cancel = Avbryt

## Innlogging

login-title = Logg inn
login-client = Du logger inn på { $client }.
login-level = Sikkerhetsnivå: { $level ->
    [Level4] høyt (nivå 4)
   *[other] betydelig (nivå 3)
}
login-pid = Fødselsnummer
login-pid-help = 11 siffer
login-password = Passord
login-otp = Engangskode
login-otp-help = Den sekssifrede koden fra kodebrikken eller appen din
login-submit = Logg inn
login-failed = Innloggingen mislyktes. Sjekk fødselsnummer, passord og eventuell engangskode, og prøv igjen.
login-otp-failed = Engangskoden stemmer ikke. Prøv igjen med en ny kode.
testid-title = TestID
testid-help = Bare for testmiljøer: logg inn med et syntetisk fødselsnummer på { $level ->
    [Level4] nivå 4
   *[other] nivå 3
}.
testid-submit = Logg inn med TestID
testid-not-synthetic = TestID tar bare syntetiske fødselsnumre, der måneden er lagt til 40 eller 80, så ingen logger inn som en virkelig person.

## Samtykke

consent-title = Gi tilgang
consent-intro = { $client } ber om tilgang til dette:
consent-allow = Gi tilgang
consent-deny = Ikke gi tilgang
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

error-title = Noe gikk galt
error-correlation = Feilkode: { $id }. Oppgi den hvis du kontakter brukerstøtte.
error-missing-client = Tjenesten du kom fra, oppga ikke hvem den er. Gå tilbake og prøv igjen.
error-unknown-client = Tjenesten du kom fra, er ikke registrert hos oss. Gå tilbake og prøv igjen.
error-missing-redirect-uri = Tjenesten du kom fra, oppga ikke hvor du skal sendes tilbake. Gå tilbake og prøv igjen.
error-unregistered-redirect-uri = Tjenesten du kom fra, ba om å sende deg til en adresse som ikke er registrert. Av sikkerhetshensyn sender vi deg ikke dit.
error-request-expired = Innloggingen tok for lang tid eller er allerede fullført. Gå tilbake til tjenesten og start på nytt.
error-forbidden = Skjemaet kunne ikke sendes inn. Last siden på nytt og prøv igjen.
error-bad-request = Forespørselen var ugyldig. Gå tilbake og prøv igjen.
error-not-found = Siden finnes ikke.
error-internal = Det oppsto en feil hos oss. Prøv igjen om litt.

## Videresending (form_post)

form-post-title = Sender deg videre
form-post-text = Du sendes tilbake til tjenesten. Trykk på knappen hvis ingenting skjer.
form-post-continue = Fortsett

## Demoklient (bare i dev)

demo-title = Demoklienten
demo-success = Innloggingen er fullført. Tjenesten fikk denne koden:
demo-redeem = Løs inn koden innen ett minutt, for eksempel med curl:
demo-error = Innloggingen ble ikke fullført: { $error }
