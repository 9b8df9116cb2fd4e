//! The login page: personal identification number and password (plus a
//! one-time code where the level needs it), and TestID in test profiles.

use askama::Template;
use rocket::State;
use rocket::http::{CookieJar, Status};

use super::authorize::{self, Flow, finish_with_error, flow_lang};
use super::reply::Answer;
use super::session::Visit;
use crate::core::authorize::Params;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::domain::{Acr, Amr, Pid};
use crate::web::guards::{Browser, FormBody};
use crate::web::page::{Frame, Page, PageError, PageReason};
use crate::web::{App, now};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage<'a> {
    f: &'a Frame,
    action: &'a str,
    rid: &'a str,
    csrf: &'a str,
    client_name: &'a str,
    level: &'a str,
    pid: &'a str,
    needs_otp: bool,
    error: Option<String>,
    testid: bool,
}

fn render(visit: &Visit<'_>, flow: &Flow, status: Status, error: Option<&str>, pid: &str) -> Page {
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
        pid: if pid.is_empty() { hint } else { pid },
        needs_otp: visit.app.config.levels().needs_otp(flow.request.acr),
        error: error.map(|id| frame.t.get(id)),
        testid: visit.app.config.test_users(),
    };
    Page::render(status, &page)
}

#[rocket::get("/login?<rid>&<lang>")]
pub async fn login_page(
    app: &State<App>,
    rid: Option<&str>,
    lang: Option<&str>,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Page, PageError> {
    let visit = Visit {
        app,
        jar,
        browser: &browser,
        now: now(),
    };
    let mut flow = authorize::load(&visit, rid).await?;
    authorize::pick_language(&visit, &mut flow, lang).await?;
    Ok(render(&visit, &flow, Status::Ok, None, ""))
}

#[rocket::post("/login", data = "<body>")]
pub async fn login_submit(
    app: &State<App>,
    body: FormBody,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit {
        app,
        jar,
        browser: &browser,
        now: now(),
    };
    let form = body.0.map_err(|_| PageError::new(PageReason::BadRequest))?;
    let mut flow = authorize::load(&visit, form.get("rid")).await?;
    if !visit.csrf_ok(form.get("rid").unwrap_or_default(), form.get("csrf")) {
        return Err(PageError::new(PageReason::Forbidden));
    }
    let typed_pid = form.get("pid").unwrap_or_default().trim();
    let login = match form.get("action") {
        Some("cancel") => {
            let error = OAuthError::new(ErrorCode::AccessDenied, "the citizen cancelled the login");
            return finish_with_error(&visit, &flow, error).await;
        }
        Some("testid") if app.config.test_users() => {
            Pid::parse(typed_pid).map(|pid| (pid, flow.request.acr, vec![Amr::TestId]))
        }
        Some("login") => check_credentials(&visit, &form, flow.request.acr).await?,
        _ => return Err(PageError::new(PageReason::BadRequest)),
    };
    let Some((pid, acr, amr)) = login else {
        let shown_pid: String = typed_pid.chars().filter(char::is_ascii_digit).take(11).collect();
        return Ok(Answer::Page(render(
            &visit,
            &flow,
            Status::Ok,
            Some("login-failed"),
            &shown_pid,
        )));
    };
    let session = visit.log_in(&pid, acr, amr).await?;
    flow.login_sid = Some(session.sid);
    authorize::proceed(&visit, flow).await
}

/// Checks pid, password and, where `acr` needs it, the one-time code. Every
/// failure looks and takes the same: a wrong pid costs a password hash too.
async fn check_credentials(
    visit: &Visit<'_>,
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
    let password_ok = tokio::task::spawn_blocking(move || crypto::verify_password(&password, hash.as_deref()))
        .await
        .map_err(|e| PageError::internal(&e))?;
    let (Some(pid), Some(citizen), true) = (pid, citizen, password_ok) else {
        return Ok(None);
    };
    let levels = visit.app.config.levels();
    if !levels.needs_otp(acr) {
        return Ok(Some((pid, levels.password, vec![Amr::Pwd])));
    }
    let code = form.get("otp").unwrap_or_default().trim();
    let step = citizen
        .otp_secret
        .as_deref()
        .and_then(|secret| crypto::totp_match(secret, code, visit.now));
    match step {
        Some(step) if visit.app.store.use_otp_step(pid.as_str(), step).await? && levels.password_otp >= acr => {
            Ok(Some((pid, levels.password_otp, vec![Amr::Pwd, Amr::Otp])))
        }
        _ => Ok(None),
    }
}
