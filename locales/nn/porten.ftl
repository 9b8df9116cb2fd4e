# porten – nynorsk. Sjå locales/README.md.

app-name = ID-porten
skip-to-content = Gå til hovudinnhaldet
language-switcher = Vel språk
cancel = Avbryt

## Innlogging

login-title = Logg inn
login-client = Du loggar inn på { $client }.
login-level = Tryggleiksnivå: { $level ->
    [Level4] høgt (nivå 4)
   *[other] betydeleg (nivå 3)
}
login-pid = Fødselsnummer
login-pid-help = 11 siffer
login-password = Passord
login-otp = Eingongskode
login-otp-help = Den sekssifra koden frå kodebrikka eller appen din
login-submit = Logg inn
login-failed = Innlogginga gjekk ikkje. Sjekk fødselsnummer, passord og eventuell eingongskode, og prøv igjen.
login-otp-failed = Eingongskoden stemmer ikkje. Prøv igjen med ein ny kode.
testid-title = TestID
testid-help = Berre for testmiljø: logg inn med eit syntetisk fødselsnummer på { $level ->
    [Level4] nivå 4
   *[other] nivå 3
}.
testid-submit = Logg inn med TestID
testid-not-synthetic = TestID tek berre syntetiske fødselsnummer, der månaden er lagd til 40 eller 80, så ingen loggar inn som ein verkeleg person.

## Samtykke

consent-title = Gje tilgang
consent-intro = { $client } ber om tilgang til dette:
consent-allow = Gje tilgang
consent-deny = Ikkje gje tilgang
scope-profile = Fødselsnummeret ditt og språket du brukar
scope-user-kontaktinformasjon-read = E-postadressa og mobilnummeret ditt i Kontakt- og reservasjonsregisteret
scope-user-spraak-read = Språket ditt for meldingar frå det offentlege
scope-user-spraak-write = Endre språket ditt for meldingar frå det offentlege
scope-user-sikkerdigitalpost-read = Adressa til den digitale postkassa di
scope-user-sertifikat-read = Sertifikatet som blir brukt til å kryptere post til den digitale postkassa di
scope-user-varslingsstatus-read = Om det offentlege kan varsle deg på e-post eller SMS
scope-global-kontaktinformasjon-read = E-postadressa og mobilnummeret til alle i Kontakt- og reservasjonsregisteret
scope-global-spraak-read = Språkvalet til alle i Kontakt- og reservasjonsregisteret
scope-global-sikkerdigitalpost-read = Adressa til den digitale postkassa til alle i Kontakt- og reservasjonsregisteret
scope-global-sertifikat-read = Krypteringssertifikatet til alle i Kontakt- og reservasjonsregisteret
scope-global-varslingsstatus-read = Om alle i Kontakt- og reservasjonsregisteret kan varslast

## Feil

error-title = Noko gjekk gale
error-correlation = Feilkode: { $id }. Oppgi koden viss du kontaktar brukarstøtta.
error-missing-client = Tenesta du kom frå, oppgav ikkje kven ho er. Gå tilbake og prøv igjen.
error-unknown-client = Tenesta du kom frå, er ikkje registrert hos oss. Gå tilbake og prøv igjen.
error-missing-redirect-uri = Tenesta du kom frå, oppgav ikkje kvar du skal sendast tilbake. Gå tilbake og prøv igjen.
error-unregistered-redirect-uri = Tenesta du kom frå, bad om å sende deg til ei adresse som ikkje er registrert. Av omsyn til tryggleiken din sender vi deg ikkje dit.
error-request-expired = Innlogginga tok for lang tid eller er allereie fullført. Gå tilbake til tenesta og start på nytt.
error-forbidden = Skjemaet kunne ikkje sendast inn. Last sida på nytt og prøv igjen.
error-bad-request = Førespurnaden var ugyldig. Gå tilbake og prøv igjen.
error-not-found = Sida finst ikkje.
error-internal = Det oppstod ein feil hos oss. Prøv igjen om litt.

## Vidaresending (form_post)

form-post-title = Sender deg vidare
form-post-text = Vi sender deg tilbake til tenesta. Trykk på knappen viss det ikkje skjer noko.
form-post-continue = Hald fram

## Demoklient (berre i dev)

demo-title = Demoklienten
demo-success = Innlogginga er fullført. Tenesta fekk denne koden:
demo-redeem = Løys inn koden innan eitt minutt, til dømes med curl:
demo-error = Innlogginga vart ikkje fullført: { $error }
