//! The login page: personal identification number and password (plus a
//! one-time code where the level needs it, or the code alone to step up a
//! password session), TestID in test profiles, and the throttling of wrong
//! passwords and codes.

use askama::Template;
use rocket::State;
use rocket::http::{CookieJar, Status};

use super::authorize::{self, Flow, finish_with_error, flow_lang};
use super::reply::Answer;
use super::session::Visit;
use crate::audit;
use crate::core::authorize::{Params, SsoSession, can_step_up};
use crate::core::error::{ErrorCode, OAuthError};
use crate::core::throttle;
use crate::crypto;
use crate::domain::{Acr, Amr, Pid};
use crate::hashing::Slot;
use crate::i18n::Translator;
use crate::store::Citizen;
use crate::web::App;
use crate::web::guards::{Browser, FormBody};
use crate::web::metrics::LoginResult;
use crate::web::page::{Frame, Page, PageError, PageReason};

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct LoginPage<'a> {
    pub f: &'a Frame,
    pub action: &'a str,
    pub rid: &'a str,
    pub csrf: &'a str,
    pub client_name: &'a str,
    pub level: &'a str,
    pub pid: &'a str,
    pub needs_otp: bool,
    /// Logged in with a password already: only the one-time code is asked.
    pub stepup: bool,
    pub error: Option<String>,
    pub testid: bool,
}

/// What the login page tells the citizen above the form.
pub(crate) enum Notice {
    /// Wrong pid, password or code: the same words whichever it was.
    Failed,
    /// A wrong code on the step-up page.
    CodeFailed,
    TestIdNotSynthetic,
    /// Too many failures: seconds to wait, sent as 429 with `Retry-After`.
    Throttled(i64),
    /// Every password-checking thread is taken: try again in a moment (429).
    Busy,
}

/// Seconds a login turned away for lack of a free thread is asked to wait.
const BUSY_RETRY_AFTER: i64 = 5;

impl Notice {
    pub fn text(&self, t: &Translator) -> String {
        match self {
            Notice::Failed => t.get("login-failed"),
            Notice::CodeFailed => t.get("login-otp-failed"),
            Notice::TestIdNotSynthetic => t.get("testid-not-synthetic"),
            Notice::Throttled(wait) => t.count("login-throttled", "minutes", (wait + 59) / 60),
            Notice::Busy => t.get("login-busy"),
        }
    }

    /// The wait sent as 429 with `Retry-After`, for the notices that ask for one.
    fn retry_after(&self) -> Option<i64> {
        match self {
            Notice::Throttled(wait) => Some(*wait),
            Notice::Busy => Some(BUSY_RETRY_AFTER),
            _ => None,
        }
    }
}

/// How the login page is shown.
struct Shown<'a> {
    notice: Option<Notice>,
    /// The pid the citizen typed, shown again after a failure.
    pid: &'a str,
    stepup: bool,
}

impl Shown<'static> {
    fn notice(notice: Option<Notice>, stepup: bool) -> Shown<'static> {
        Shown {
            notice,
            pid: "",
            stepup,
        }
    }
}

fn render(visit: &Visit<'_>, flow: &Flow, shown: Shown<'_>) -> Page {
    let rid = flow.rid.as_deref().unwrap_or_default();
    let frame = Frame::new(
        visit.app,
        flow_lang(visit, flow),
        &format!("{}login", visit.app.config.issuer_path()),
        &[("rid", rid)],
    );
    let action = format!("{}login", visit.app.config.issuer_path());
    let hint = flow.request.login_hint.as_ref().map(Pid::as_str).unwrap_or_default();
    let page = LoginPage {
        f: &frame,
        action: &action,
        rid,
        csrf: &visit.csrf_token(rid),
        client_name: &flow.client.display_name,
        level: flow.request.acr.as_str(),
        pid: if shown.pid.is_empty() { hint } else { shown.pid },
        needs_otp: visit.app.config.levels().needs_otp(flow.request.acr),
        stepup: shown.stepup,
        error: shown.notice.as_ref().map(|notice| notice.text(&frame.t)),
        testid: visit.app.config.test_users(),
    };
    match shown.notice.as_ref().and_then(Notice::retry_after) {
        Some(wait) => {
            let mut page = Page::render(Status::TooManyRequests, &page);
            page.retry_after = Some(wait);
            page
        }
        None => Page::render(Status::Ok, &page),
    }
}

#[rocket::get("/login?<rid>&<lang>")]
pub async fn login_page(
    app: &State<App>,
    rid: Option<&str>,
    lang: Option<&str>,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Page, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let mut flow = authorize::load(&visit, rid).await?;
    authorize::pick_language(&visit, &mut flow, lang).await?;
    let stepup = step_up_session(&visit, &flow).await?.is_some();
    Ok(render(&visit, &flow, Shown::notice(None, stepup)))
}

#[rocket::post("/login", data = "<body>")]
pub async fn login_submit(
    app: &State<App>,
    body: FormBody,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let form = visit.page_form(body)?;
    let mut flow = authorize::load(&visit, form.get("rid")).await?;
    let stepup = step_up_session(&visit, &flow).await?;
    let typed_pid = match &stepup {
        Some(session) => session.pid.as_str(),
        None => form.get("pid").unwrap_or_default().trim(),
    };
    let login = match form.get("action") {
        Some("cancel") => {
            let error = OAuthError::new(ErrorCode::AccessDenied, "the citizen cancelled the login");
            return finish_with_error(&visit, &flow, error).await;
        }
        Some("testid") if app.config.test_users() => {
            match Pid::parse(typed_pid) {
                // TestID must never log in as a real person.
                Some(pid) if pid.is_synthetic() => {
                    let login = (pid, flow.request.acr, vec![Amr::TestId]);
                    audit_login(&visit, &flow, audit::LOGIN_SUCCEEDED, "testid", typed_pid, Some(&login));
                    Some(login)
                }
                Some(_) => {
                    let shown = Shown::notice(Some(Notice::TestIdNotSynthetic), stepup.is_some());
                    return Ok(Answer::Page(render(&visit, &flow, shown)));
                }
                None => None,
            }
        }
        Some("login") => {
            let method = match (&stepup, app.config.levels().needs_otp(flow.request.acr)) {
                (Some(_), _) => "otp",
                (None, true) => "password_otp",
                (None, false) => "password",
            };
            let refused = |notice| {
                app.metrics.login(LoginResult::Throttled);
                audit_login(&visit, &flow, audit::LOGIN_THROTTLED, method, typed_pid, None);
                let shown = Shown::notice(Some(notice), stepup.is_some());
                Ok(Answer::Page(render(&visit, &flow, shown)))
            };
            let throttle = Throttle::new(&visit, typed_pid);
            if let Some(wait) = throttle.blocked().await? {
                return refused(Notice::Throttled(wait));
            }
            // A fixed number of checks run at once; the rest wait briefly.
            let Ok(slot) = app.hashing.slot().await else {
                return refused(Notice::Busy);
            };
            if let Some(wait) = throttle.claim().await? {
                return refused(Notice::Throttled(wait));
            }
            let login = match &stepup {
                Some(session) => check_step_up(&visit, session, &form, flow.request.acr).await?,
                None => check_credentials(&visit, &slot, &form, flow.request.acr).await?,
            };
            drop(slot);
            if login.is_some() {
                throttle.succeeded().await?;
                app.metrics.login(LoginResult::Success);
                audit_login(&visit, &flow, audit::LOGIN_SUCCEEDED, method, typed_pid, login.as_ref());
            } else {
                app.metrics.login(LoginResult::Failure);
                audit_login(&visit, &flow, audit::LOGIN_FAILED, method, typed_pid, None);
            }
            login
        }
        _ => return Err(PageError::new(PageReason::BadRequest)),
    };
    let Some((pid, acr, amr)) = login else {
        let shown_pid: String = typed_pid.chars().filter(char::is_ascii_digit).take(11).collect();
        let shown = Shown {
            notice: Some(if stepup.is_some() {
                Notice::CodeFailed
            } else {
                Notice::Failed
            }),
            pid: &shown_pid,
            stepup: stepup.is_some(),
        };
        return Ok(Answer::Page(render(&visit, &flow, shown)));
    };
    let session = visit.log_in(&pid, acr, amr).await?;
    flow.login_sid = Some(session.sid);
    authorize::proceed(&visit, flow).await
}

/// `login.succeeded`, `login.failed` or `login.throttled`: the citizen as a
/// keyed hash of the pid typed, never the pid.
fn audit_login(
    visit: &Visit<'_>,
    flow: &Flow,
    event: &'static str,
    method: &'static str,
    typed_pid: &str,
    login: Option<&(Pid, Acr, Vec<Amr>)>,
) {
    let acr = login.map(|(_, acr, _)| acr.as_str()).unwrap_or_default();
    let amr: Vec<&str> = login
        .map(|(_, _, amr)| amr.iter().map(|a| a.as_str()).collect())
        .unwrap_or_default();
    let address = visit.browser.address.map(|a| a.to_string()).unwrap_or_default();
    crate::audit!(
        event,
        client = %flow.client.client_id,
        method,
        acr,
        amr = %amr.join(" "),
        address = %address,
        pid_hash = %audit::pid_hash(&visit.app.secrets, typed_pid),
    );
}

/// How often a counter is read again when a concurrent attempt changed it.
const CLAIM_TRIES: usize = 20;

/// The failure counters a login attempt touches: the pid's and the address's.
struct Throttle<'a> {
    visit: &'a Visit<'a>,
    pid_key: String,
    address_key: Option<String>,
}

impl<'a> Throttle<'a> {
    fn new(visit: &'a Visit<'a>, typed_pid: &str) -> Throttle<'a> {
        Throttle {
            visit,
            pid_key: format!("pid:{}", crypto::token_hash(typed_pid)),
            address_key: visit.browser.address.map(throttle::address_key),
        }
    }

    /// The wait, when the address or the pid is blocked now. Read only, so
    /// that an attempt refused anyway never waits for a hashing thread.
    async fn blocked(&self) -> Result<Option<i64>, PageError> {
        let store = &self.visit.app.store;
        let now = self.visit.now;
        if let Some(key) = &self.address_key {
            let limits = &throttle::PER_ADDRESS;
            let counter = store.throttle(key).await?;
            if let Some(wait) = limits.wait(counter, now) {
                return Ok(Some(wait));
            }
            if let Some(c) = counter.filter(|c| c.failures >= limits.free && now - c.window_start < limits.window) {
                return Ok(Some(c.window_start + limits.window - now));
            }
        }
        Ok(throttle::PER_PID.wait(store.throttle(&self.pid_key).await?, now))
    }

    /// Claims this attempt on the address's and the pid's counters before
    /// the password is checked, so concurrent attempts cannot slip past
    /// either limit; the seconds to wait instead, when either is reached.
    async fn claim(&self) -> Result<Option<i64>, PageError> {
        let store = &self.visit.app.store;
        let now = self.visit.now;
        if let Some(key) = &self.address_key {
            let limits = &throttle::PER_ADDRESS;
            // Counted as a failure until it succeeds (see `succeeded`).
            let counter = store.count_failure(key, now - limits.window, now).await?;
            if counter.failures > limits.free {
                store.release_failure(key).await?;
                // The limit holds until the window that reached it ends:
                // minutes, and attempts refused meanwhile do not extend it.
                let until = counter.window_start + limits.window;
                store.block_throttle(key, until).await?;
                return Ok(Some((until - now).max(1)));
            }
        }
        let wait = self.claim_pid().await?;
        if wait.is_some() {
            self.release_address().await?;
        }
        Ok(wait)
    }

    async fn claim_pid(&self) -> Result<Option<i64>, PageError> {
        let store = &self.visit.app.store;
        let (now, limits) = (self.visit.now, &throttle::PER_PID);
        for _ in 0..CLAIM_TRIES {
            let seen = store.throttle(&self.pid_key).await?;
            if let Some(wait) = limits.wait(seen, now) {
                return Ok(Some(wait));
            }
            if store.swap_throttle(&self.pid_key, seen, limits.fail(seen, now)).await? {
                return Ok(None);
            }
        }
        // Many attempts on one pid at the same moment: an attack, not a citizen.
        Ok(Some(1))
    }

    /// A success clears the pid's counter and gives the address its claim back.
    async fn succeeded(&self) -> Result<(), PageError> {
        self.visit.app.store.clear_throttle(&self.pid_key).await?;
        self.release_address().await
    }

    async fn release_address(&self) -> Result<(), PageError> {
        if let Some(key) = &self.address_key {
            self.visit.app.store.release_failure(key).await?;
        }
        Ok(())
    }
}

/// Checks pid, password and, where `acr` needs it, the one-time code. Every
/// failure looks and takes the same: a wrong pid costs a password hash too.
async fn check_credentials(
    visit: &Visit<'_>,
    slot: &Slot<'_>,
    form: &Params,
    acr: Acr,
) -> Result<Option<(Pid, Acr, Vec<Amr>)>, PageError> {
    let pid = Pid::parse(form.get("pid").unwrap_or_default());
    let citizen = match &pid {
        Some(pid) => visit.app.store.citizen(pid.as_str()).await?,
        None => None,
    };
    let password = form.get("password").unwrap_or_default().to_owned();
    let hash = citizen.as_ref().and_then(|c| c.password_hash.clone());
    let password_ok = slot
        .run(move |memory| crypto::verify_password(memory, &password, hash.as_deref()))
        .await
        .map_err(|e| PageError::internal(&e))?;
    let (Some(pid), Some(citizen), true) = (pid, citizen, password_ok) else {
        return Ok(None);
    };
    let levels = visit.app.config.levels();
    if !levels.needs_otp(acr) {
        return Ok(Some((pid, levels.password, vec![Amr::Pwd])));
    }
    check_otp(visit, &citizen, pid, form, acr).await
}

/// The session a login for `flow` may step up from, when the citizen it
/// names is the one the request expects.
async fn step_up_session(visit: &Visit<'_>, flow: &Flow) -> Result<Option<SsoSession>, PageError> {
    let session = visit.session().await?.filter(|session| {
        can_step_up(&flow.request, session, visit.now)
            && flow
                .request
                .login_hint
                .as_ref()
                .is_none_or(|hint| hint.as_str() == session.pid)
    });
    Ok(session)
}

/// Step-up: the password was checked at the session's login; only the code is.
async fn check_step_up(
    visit: &Visit<'_>,
    session: &SsoSession,
    form: &Params,
    acr: Acr,
) -> Result<Option<(Pid, Acr, Vec<Amr>)>, PageError> {
    let (Some(pid), Some(citizen)) = (Pid::parse(&session.pid), visit.app.store.citizen(&session.pid).await?) else {
        return Ok(None);
    };
    check_otp(visit, &citizen, pid, form, acr).await
}

/// Checks the one-time code (RFC 6238), each time step accepted once.
async fn check_otp(
    visit: &Visit<'_>,
    citizen: &Citizen,
    pid: Pid,
    form: &Params,
    acr: Acr,
) -> Result<Option<(Pid, Acr, Vec<Amr>)>, PageError> {
    let levels = visit.app.config.levels();
    let code = form.get("otp").unwrap_or_default().trim();
    let secrets = &visit.app.secrets;
    let step = citizen
        .otp_secret
        .as_deref()
        .and_then(|stored| secrets.open_otp(&citizen.pid, stored))
        .and_then(|secret| crypto::totp_match(&secret, code, visit.now));
    match step {
        Some(step) if visit.app.store.use_otp_step(pid.as_str(), step).await? && levels.password_otp >= acr => {
            Ok(Some((pid, levels.password_otp, vec![Amr::Pwd, Amr::Otp])))
        }
        _ => Ok(None),
    }
}
