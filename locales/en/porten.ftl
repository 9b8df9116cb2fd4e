# porten – English. See locales/README.md and locales/GLOSSARY.md.

## Common to every page

# same-as-nb
-product-name = ID-porten
app-name = { -product-name }
page-title = { $page } – { -product-name }
skip-to-content = Skip to main content
language-switcher = Choose language
cancel = Cancel

## Login

login-title = Log in
login-client = You are logging in to { $client }.
login-level = Security level: { $level ->
    [Level4] high (level 4)
   *[other] substantial (level 3)
}
login-pid = National identity number
login-pid-help = 11 digits
login-password = Password
login-otp = One-time code
login-otp-help = The six-digit code from your code device or app
login-submit = Log in
login-failed = Login failed. Check your national identity number, password and any one-time code, and try again.
login-otp-failed = The one-time code is not right. Try again with a new code.
# same-as-nb
testid-title = TestID
testid-help = Test environments only: log in with a synthetic identity number at { $level ->
    [Level4] level 4
   *[other] level 3
}.
testid-submit = Log in with TestID
testid-not-synthetic = TestID only takes synthetic identity numbers, with 40 or 80 added to the month, so that nobody logs in as a real person.

## Consent

consent-title = Access to your information
consent-intro = { $client } asks for access to the following:
consent-allow = Grant access
consent-deny = Do not grant access
scope-profile = Your national identity number and the language you use
scope-user-kontaktinformasjon-read = Your e-mail address and mobile number in the Contact and Reservation Register
scope-user-spraak-read = Your language for messages from the public sector
scope-user-spraak-write = Change your language for messages from the public sector
scope-user-sikkerdigitalpost-read = The address of your digital mailbox
scope-user-sertifikat-read = The certificate used to encrypt mail to your digital mailbox
scope-user-varslingsstatus-read = Whether the public sector can notify you by e-mail or text message
scope-global-kontaktinformasjon-read = The e-mail address and mobile number of everyone in the Contact and Reservation Register
scope-global-spraak-read = The chosen language of everyone in the Contact and Reservation Register
scope-global-sikkerdigitalpost-read = The digital mailbox address of everyone in the Contact and Reservation Register
scope-global-sertifikat-read = The encryption certificate of everyone in the Contact and Reservation Register
scope-global-varslingsstatus-read = Whether everyone in the Contact and Reservation Register can be notified

## Errors

error-title = Something went wrong
error-correlation = Error code: { $id }. Give this code if you contact the support of the service you came from.
error-missing-client = The service you came from did not say who it is, so you cannot log in from here. Contact the service you came from and give the error code below.
error-unknown-client = The service you came from is not registered with { -product-name }, so you cannot log in from here. Contact the service you came from and give the error code below.
error-missing-redirect-uri = The service you came from did not say where to send you back, so you cannot log in from here. Contact the service you came from and give the error code below.
error-unregistered-redirect-uri = The service you came from asked us to send you to an address that is not registered. For your security we will not send you there. Contact the service you came from and give the error code below.
error-request-expired = The login took too long or has already been completed. Go back to the service and start again.
error-forbidden = The form could not be submitted. Reload the page and try again.
error-bad-request = The request was invalid. Go back to the service you came from and start the login again.
error-not-found = The page does not exist. Check the address, or go back to the service you came from and start the login there.
error-internal = Something went wrong on our side. Please try again in a moment. If it keeps happening, contact the service you came from and give the error code below.

## Sending you on (form_post)

form-post-title = Sending you on
form-post-text = You are being sent back to the service. Press the button if nothing happens.
form-post-continue = Continue

## Demo client (dev only)

demo-title = The demo client
demo-success = The login is complete. The service received this code:
demo-redeem = Redeem the code within one minute, for example with curl:
demo-error = The login was not completed: { $error }
