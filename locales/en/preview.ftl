# porten – English: the preview for translators. Citizens never see these texts.

preview-title = Preview for translators
preview-intro = Here is every page in every state, in every language. The pages are made from the .ftl files: save a change and reload the page (or run porten locales preview again).
preview-sample = The sample data is made up: Fjordvik municipality does not exist, and the identity number is synthetic.
preview-caption = The pages, one row per state and one column per language
preview-page = Page and state
preview-login = Login, with TestID as in test environments
preview-login-failed = Login: wrong password
preview-login-throttled = Login: too many attempts, { $minutes } min wait
preview-login-otp = Login at level 4, with a one-time code
preview-stepup = Higher security level: the one-time code only
preview-stepup-failed = Higher security level: wrong one-time code
preview-testid-refused = TestID: the identity number is not synthetic
preview-consent = Consent to several kinds of access
preview-logout = Logout question
preview-logged-out = Logged out, with logout from two services
preview-form-post = Sending on (form_post) with JavaScript, as the page looks before it is sent
preview-form-post-nojs = Sending on (form_post) without JavaScript
preview-error = Error page: { $id }
preview-demo = Demo client: login complete
preview-demo-error = Demo client: login cancelled
