//! `endsession` (RP-Initiated Logout 1.0) with front-channel logout
//! (Front-Channel Logout 1.0): ends the SSO session and what was issued in it.

use askama::Template;
use rocket::State;
use rocket::http::{CookieJar, Status};
use serde_json::Value;

use super::hint;
use super::reply::Answer;
use super::session::{Visit, page_url, park_post, take_parked};
use crate::core::authorize::{Params, with_query};
use crate::core::client::Client;
use crate::core::logout;
use crate::crypto;
use crate::domain::Lang;
use crate::i18n::negotiate;
use crate::store::{Holder, PendingRequest};
use crate::web::guards::{Browser, FormBody, Query};
use crate::web::page::{Frame, Page, PageError, PageReason};
use crate::web::{App, cookies};

/// The confirmation of a logout without a verified hint stores nothing: its
/// `rid` names the language, when it expires and the session it was shown
/// for, and its CSRF token binds it to the browser.
const UNHINTED: &str = "unhinted:";

fn unhinted_rid(lang: Lang, expires_at: i64, sid: &str) -> String {
    format!("{UNHINTED}{}.{expires_at}.{}", lang.as_str(), session_tag(sid))
}

fn session_tag(sid: &str) -> String {
    crypto::token_hash(sid).chars().take(16).collect()
}

/// The language of an unhinted confirmation that is still valid for this
/// browser's session.
async fn unhinted_confirmation(visit: &Visit<'_>, rest: &str) -> Result<Lang, PageError> {
    let expired = || PageError::new(PageReason::RequestExpired);
    let mut parts = rest.splitn(3, '.');
    let (Some(lang), Some(expires_at), Some(tag)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(expired());
    };
    let lang = Lang::parse(lang).ok_or_else(expired)?;
    let live = expires_at.parse::<i64>().is_ok_and(|at| at > visit.now);
    let session = visit.session().await?;
    match session {
        Some(session) if live && session_tag(&session.sid) == tag => Ok(lang),
        // Logged out meanwhile: there is nothing left to end.
        None if live => Ok(lang),
        _ => Err(expired()),
    }
}

/// How long a citizen has to confirm a logout.
const CONFIRM_LIFETIME: i64 = 10 * 60;

/// A logout request, checked.
struct Logout {
    /// The client a valid `id_token_hint` names.
    client: Option<Client>,
    /// The hint's `sub`, to compare with the session's user.
    hint_claims: Option<Value>,
    /// Where to go afterwards: only a registered URI of the hint's client.
    redirect: Option<String>,
    lang: Lang,
}

#[rocket::get("/endsession")]
pub async fn endsession_get(
    app: &State<App>,
    query: Query,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    end_session(&visit, &query.0).await
}

/// The parameters a logout request is read for (RP-Initiated Logout 1.0, 2).
const PARAMETERS: &[&str] = &[
    "id_token_hint",
    "client_id",
    "post_logout_redirect_uri",
    "state",
    "ui_locales",
];

/// A cross-site POST carries no `SameSite=Lax` cookie: keep the parameters
/// and continue at a GET, which does. They are kept only under a hint that
/// porten issued; without one, nothing but the language matters (no client
/// vouches for a redirect), so the GET gets that alone and nothing is stored.
#[rocket::post("/endsession", data = "<body>")]
pub async fn endsession_post(app: &State<App>, body: FormBody) -> Result<Answer, PageError> {
    let params = body.0.map_err(|_| PageError::new(PageReason::BadRequest))?;
    let params = params
        .storable(PARAMETERS)
        .ok_or_else(|| PageError::new(PageReason::BadRequest))?;
    let hinted = match params.get("id_token_hint") {
        Some(token) => hint::verified_claims(app, token, crate::web::now()).await.is_some(),
        None => false,
    };
    if hinted && params.first_repeated().is_none() {
        let rid = park_post(app, params, String::new(), CONFIRM_LIFETIME).await?;
        return Ok(Answer::SeeOther(page_url(app, "endsession/resume", &rid)));
    }
    let path = format!("{}endsession", app.config.issuer_path());
    Ok(Answer::SeeOther(match params.get("ui_locales") {
        Some(locales) => with_query(&path, &[("ui_locales", locales)]),
        None => path,
    }))
}

#[rocket::get("/endsession/resume?<rid>")]
pub async fn endsession_resume(
    app: &State<App>,
    rid: Option<&str>,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let params = take_parked(app, rid, visit.now).await?;
    end_session(&visit, &params).await
}

/// The confirmation form: the citizen confirms a logout no client vouched for.
#[rocket::post("/endsession/confirm", data = "<body>")]
pub async fn endsession_confirm(
    app: &State<App>,
    body: FormBody,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let form = visit.page_form(body)?;
    let rid = form.get("rid").unwrap_or_default();
    if form.get("action") != Some("logout") {
        return Err(PageError::new(PageReason::BadRequest));
    }
    if let Some(rest) = rid.strip_prefix(UNHINTED) {
        let lang = unhinted_confirmation(&visit, rest).await?;
        let params = Params(vec![("ui_locales".into(), lang.as_str().to_owned())]);
        let checked = check(&visit, &params).await?;
        return finish(&visit, &checked, "confirmed").await;
    }
    let hash = crypto::token_hash(rid);
    let pending = app
        .store
        .pending(&hash, visit.now)
        .await?
        .filter(|p| p.holder == Holder::Browser(visit.browser_hash()));
    match pending {
        Some(pending) if app.store.take_pending(&hash).await? => {
            let checked = check(&visit, &Params(pending.params)).await?;
            finish(&visit, &checked, "confirmed").await
        }
        _ => Err(PageError::new(PageReason::RequestExpired)),
    }
}

async fn check(visit: &Visit<'_>, params: &Params) -> Result<Logout, PageError> {
    let app = visit.app;
    // An expired hint still names its client (RP-Initiated Logout 1.0, 2).
    let hint_claims = match params.get("id_token_hint") {
        Some(token) => hint::verified_claims(app, token, visit.now).await,
        None => None,
    };
    let hint_client_id = hint_claims.as_ref().and_then(logout::hinted_client_id);
    if let (Some(given), Some(hinted)) = (params.get("client_id"), hint_client_id)
        && given != hinted
    {
        return Err(PageError::new(PageReason::BadRequest));
    }
    let client = match hint_client_id {
        Some(id) => app.store.client(id).await?.filter(|c| c.active),
        None => None,
    };
    let requested = params.get("post_logout_redirect_uri");
    let redirect = logout::post_logout_target(requested, client.as_ref(), params.get("state"));
    if let (Some(uri), None) = (requested, &redirect) {
        tracing::info!(uri, "post_logout_redirect_uri not accepted");
    }
    let cookie = cookies::get(visit.jar, &app.config, cookies::LANG);
    let lang = negotiate(
        params.get("lang"),
        params.get("ui_locales"),
        cookie.as_deref(),
        visit.browser.accept_language.as_deref(),
    );
    Ok(Logout {
        client,
        hint_claims,
        redirect,
        lang,
    })
}

async fn end_session(visit: &Visit<'_>, params: &Params) -> Result<Answer, PageError> {
    let checked = check(visit, params).await?;
    let Some(session) = visit.session().await? else {
        return finish(visit, &checked, "no_session").await;
    };
    let vouched = match (&checked.client, &checked.hint_claims) {
        (Some(client), Some(claims)) => {
            logout::names_citizen(claims, client, &visit.app.secrets.pairwise_salt, &session.pid)
        }
        _ => false,
    };
    if vouched {
        return finish(visit, &checked, "id_token_hint").await;
    }
    // No client vouched for this logout: the citizen confirms it. Only a
    // verified hint can lead anywhere afterwards, so only then is the request
    // kept; without one the confirmation needs nothing but its language.
    let rid = match &checked.client {
        None => unhinted_rid(checked.lang, visit.now + CONFIRM_LIFETIME, &session.sid),
        Some(_) => {
            let rid = crypto::random_token();
            let pending = PendingRequest {
                holder: Holder::Browser(visit.browser_hash()),
                client_id: String::new(),
                params: params
                    .storable(PARAMETERS)
                    .ok_or_else(|| PageError::new(PageReason::BadRequest))?
                    .0,
                login_sid: None,
                lang: Some(checked.lang),
            };
            let expires_at = visit.now + CONFIRM_LIFETIME;
            visit
                .app
                .store
                .save_pending(&crypto::token_hash(&rid), &pending, expires_at)
                .await?;
            rid
        }
    };
    // The switcher starts the logout over in another language, without the
    // request's parameters: a hint does not belong in a URL.
    let path = format!("{}endsession", visit.app.config.issuer_path());
    let frame = Frame::new(visit.app, checked.lang, &path, &[]);
    let page = ConfirmPage {
        f: &frame,
        action: &format!("{path}/confirm"),
        rid: &rid,
        csrf: &visit.csrf_token(&rid),
    };
    Ok(Answer::Page(Page::render(Status::Ok, &page)))
}

#[derive(Template)]
#[template(path = "logout_confirm.html")]
pub(crate) struct ConfirmPage<'a> {
    pub f: &'a Frame,
    pub action: &'a str,
    pub rid: &'a str,
    pub csrf: &'a str,
}

pub struct LogoutFrame {
    pub src: String,
    pub title: String,
}

#[derive(Template)]
#[template(path = "logged_out.html")]
pub(crate) struct LoggedOutPage<'a> {
    pub f: &'a Frame,
    pub frames: Vec<LogoutFrame>,
    pub next: Option<&'a str>,
}

/// Ends the session, revokes what it issued, then tells the session's clients
/// (front-channel) and goes on to the client's URI or the logged-out page.
/// `how`: the logout was vouched for by an `id_token_hint`, or confirmed by
/// the citizen.
async fn finish(visit: &Visit<'_>, checked: &Logout, how: &'static str) -> Result<Answer, PageError> {
    let app = visit.app;
    let mut frames = Vec::new();
    let frame = Frame::new(
        app,
        checked.lang,
        &format!("{}endsession", app.config.issuer_path()),
        &[],
    );
    if let Some(session) = visit.session().await? {
        app.store.end_session(&session.sid).await?;
        let client_ids = app.store.revoke_session_grants(&session.sid).await?;
        cookies::remove(visit.jar, &app.config, cookies::SESSION);
        crate::audit!(
            crate::audit::SESSION_ENDED,
            how,
            clients = client_ids.len(),
            pid_hash = %crate::audit::pid_hash(&app.secrets, &session.pid),
        );
        // Every client of the session, the one asking too (OpenID Connect
        // Front-Channel Logout 1.0 §4): it may hold the session in more places.
        for client in app.store.clients_by_ids(&client_ids).await? {
            let Some(uri) = client.frontchannel_logout_uri.as_deref() else {
                continue;
            };
            let session_pairs = [("iss", app.config.issuer.as_str()), ("sid", session.sid.as_str())];
            let pairs: &[(&str, &str)] = if client.frontchannel_logout_session_required {
                &session_pairs
            } else {
                &[]
            };
            let src = with_query(uri, pairs);
            frames.push(LogoutFrame {
                src,
                title: frame.t.with("logout-frame", "client", &client.display_name),
            });
        }
    }
    if frames.is_empty()
        && let Some(target) = &checked.redirect
    {
        return Ok(Answer::SeeOther(target.clone()));
    }
    let origins: Vec<String> = frames
        .iter()
        .filter_map(|f| url::Url::parse(&f.src).ok().map(|u| u.origin().ascii_serialization()))
        .collect();
    let mut page = Page::render(
        Status::Ok,
        &LoggedOutPage {
            f: &frame,
            frames,
            next: checked.redirect.as_deref(),
        },
    );
    page.csp = Some(format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; frame-src {}; frame-ancestors 'none'; base-uri 'none'",
        if origins.is_empty() {
            "'none'".to_owned()
        } else {
            origins.join(" ")
        }
    ));
    Ok(Answer::Page(page))
}
