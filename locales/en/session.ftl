# porten – English: throttling after failed attempts, a higher security level, and logout.

login-throttled = Too many failed attempts. Wait { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
} and try again.
login-busy = Many people are logging in right now. Wait a few seconds and try again.
login-stepup = The service needs a higher security level. Enter your one-time code to continue.

## Logout

logout-title = Log out
logout-confirm = Do you want to log out of ID-porten and the services you have used?
logout-submit = Log out
logout-done-title = You are logged out
logout-done = You are now logged out of ID-porten. Close the browser if you use a shared computer.
logout-progress = Logging you out of the services you have used …
logout-continue = Continue
logout-frame = Logging out of { $client }
