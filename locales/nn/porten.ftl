# porten – nynorsk. Sjå locales/README.md og locales/GLOSSARY.md.

## Felles for alle sider

# same-as-nb
-product-name = ID-porten
app-name = { -product-name }
page-title = { $page } – { -product-name }
skip-to-content = Gå til hovudinnhaldet
language-switcher = Vel språk
# same-as-nb
cancel = Avbryt

## Innlogging

# same-as-nb
login-title = Logg inn
login-client = Du loggar inn på { $client }.
login-level = Tryggleiksnivå: { $level ->
    [Level4] høgt (nivå 4)
   *[other] betydeleg (nivå 3)
}
# same-as-nb
login-pid = Fødselsnummer
# same-as-nb
login-pid-help = 11 siffer
# same-as-nb
login-password = Passord
login-otp = Eingongskode
login-otp-help = Den sekssifra koden frå kodebrikka eller appen din
# same-as-nb
login-submit = Logg inn
login-failed = Innlogginga gjekk ikkje. Sjekk fødselsnummer, passord og eventuell eingongskode, og prøv igjen.
login-otp-failed = Eingongskoden stemmer ikkje. Prøv igjen med ein ny kode.
# same-as-nb
testid-title = TestID
testid-help = Berre for testmiljø: logg inn med eit syntetisk fødselsnummer på { $level ->
    [Level4] nivå 4
   *[other] nivå 3
}.
# same-as-nb
testid-submit = Logg inn med TestID
testid-not-synthetic = TestID tek berre syntetiske fødselsnummer, der 40 eller 80 er lagt til månaden, så ingen loggar inn som ein verkeleg person.

## Samtykke

consent-title = Tilgang til opplysningane dine
# same-as-nb
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
# same-as-nb
scope-global-sertifikat-read = Krypteringssertifikatet til alle i Kontakt- og reservasjonsregisteret
scope-global-varslingsstatus-read = Om alle i Kontakt- og reservasjonsregisteret kan varslast

## Feil

error-title = Noko gjekk gale
error-correlation = Feilkode: { $id }. Oppgi feilkoden viss du kontaktar brukarstøtta til tenesta du kom frå.
error-missing-client = Tenesta du kom frå, oppgav ikkje kven ho er, så du kan ikkje logge inn herifrå. Kontakt tenesta du kom frå, og oppgi feilkoden nedanfor.
error-unknown-client = Tenesta du kom frå, er ikkje registrert hos { -product-name }, så du kan ikkje logge inn herifrå. Kontakt tenesta du kom frå, og oppgi feilkoden nedanfor.
error-missing-redirect-uri = Tenesta du kom frå, oppgav ikkje kvar du skal sendast tilbake, så du kan ikkje logge inn herifrå. Kontakt tenesta du kom frå, og oppgi feilkoden nedanfor.
error-unregistered-redirect-uri = Tenesta du kom frå, bad om å sende deg til ei adresse som ikkje er registrert. Av omsyn til tryggleiken din sender vi deg ikkje dit. Kontakt tenesta du kom frå, og oppgi feilkoden nedanfor.
error-request-expired = Innlogginga tok for lang tid eller er allereie fullført. Gå tilbake til tenesta og start på nytt.
error-forbidden = Skjemaet kunne ikkje sendast inn. Last sida på nytt og prøv igjen.
error-bad-request = Førespurnaden var ugyldig. Gå tilbake til tenesta du kom frå, og start innlogginga på nytt.
error-not-found = Sida finst ikkje. Sjekk adressa, eller gå tilbake til tenesta du kom frå, og start innlogginga der.
error-internal = Det oppstod ein feil hos oss. Prøv igjen om litt. Viss feilen held fram, kontakt tenesta du kom frå, og oppgi feilkoden nedanfor.

## Vidaresending (form_post)

form-post-title = Sender deg vidare
form-post-text = Vi sender deg tilbake til tenesta. Trykk på knappen viss det ikkje skjer noko.
form-post-continue = Hald fram

## Demoklient (berre i dev)

# same-as-nb
demo-title = Demoklienten
demo-success = Innlogginga er fullført. Tenesta fekk denne koden:
demo-redeem = Løys inn koden innan eitt minutt, til dømes med curl:
demo-error = Innlogginga vart ikkje fullført: { $error }
