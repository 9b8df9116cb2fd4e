//! The consent page: what the client asks for, in the citizen's language.

use askama::Template;
use rocket::State;
use rocket::http::{CookieJar, Status};

use super::authorize::{self, finish_with_error, flow_lang};
use super::reply::Answer;
use super::session::Visit;
use super::session::page_url;
use crate::audit;
use crate::core::error::{ErrorCode, OAuthError};
use crate::domain::OPENID;
use crate::i18n::Translator;
use crate::web::App;
use crate::web::guards::{Browser, FormBody};
use crate::web::page::{Frame, Page, PageError, PageReason};

pub struct ScopeLine {
    pub name: String,
    pub description: String,
}

/// The Fluent id of a scope's description: Fluent ids allow only letters,
/// digits, `-` and `_`, so `user/spraak.read` reads `scope-user-spraak-read`.
fn scope_message_id(scope: &str) -> String {
    let name: String = scope
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '-' })
        .collect();
    format!("scope-{name}")
}

#[derive(Template)]
#[template(path = "consent.html")]
pub(crate) struct ConsentPage<'a> {
    pub f: &'a Frame,
    pub action: &'a str,
    pub rid: &'a str,
    pub csrf: &'a str,
    pub client_name: &'a str,
    pub scopes: Vec<ScopeLine>,
}

/// The scopes beyond `openid`, each with its description.
pub(crate) fn scope_lines<'s>(t: &Translator, scopes: impl IntoIterator<Item = &'s str>) -> Vec<ScopeLine> {
    scopes
        .into_iter()
        .filter(|s| *s != OPENID)
        .map(|s| ScopeLine {
            name: s.to_owned(),
            description: t.get(&scope_message_id(s)),
        })
        .collect()
}

#[rocket::get("/consent?<rid>&<lang>")]
pub async fn consent_page(
    app: &State<App>,
    rid: Option<&str>,
    lang: Option<&str>,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let mut flow = authorize::load(&visit, rid).await?;
    let rid = rid.unwrap_or_default();
    if visit.session().await?.is_none() {
        return Ok(Answer::SeeOther(page_url(app, "login", rid)));
    }
    authorize::pick_language(&visit, &mut flow, lang).await?;
    let path = format!("{}consent", app.config.issuer_path());
    let frame = Frame::new(app, flow_lang(&visit, &flow), &path, &[("rid", rid)]);
    let scopes = scope_lines(&frame.t, flow.request.scopes.iter());
    let page = ConsentPage {
        f: &frame,
        action: &path,
        rid,
        csrf: &visit.csrf_token(rid),
        client_name: &flow.client.display_name,
        scopes,
    };
    Ok(Answer::Page(Page::render(Status::Ok, &page)))
}

#[rocket::post("/consent", data = "<body>")]
pub async fn consent_submit(
    app: &State<App>,
    body: FormBody,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let form = visit.page_form(body)?;
    let mut flow = authorize::load(&visit, form.get("rid")).await?;
    match form.get("action") {
        Some("allow") => {
            let Some(session) = visit.session().await? else {
                return Ok(Answer::SeeOther(page_url(
                    app,
                    "login",
                    form.get("rid").unwrap_or_default(),
                )));
            };
            // What the citizen granted before stays granted.
            let earlier = app
                .store
                .consented_scopes(&session.pid, &flow.client.client_id, visit.now)
                .await?
                .unwrap_or_default();
            let lifetime = flow.client.authorization_lifetime;
            app.store
                .save_consent(
                    &session.pid,
                    &flow.client.client_id,
                    &earlier.union(&flow.request.scopes),
                    visit.now,
                    lifetime,
                )
                .await?;
            crate::audit!(
                audit::CONSENT_GRANTED,
                client = %flow.client.client_id,
                scopes = %flow.request.scopes,
                pid_hash = %audit::pid_hash(&app.secrets, &session.pid),
            );
            flow.consent_given = true;
            authorize::proceed(&visit, flow).await
        }
        Some("deny") => {
            crate::audit!(
                audit::CONSENT_DENIED,
                client = %flow.client.client_id,
                scopes = %flow.request.scopes,
            );
            let error = OAuthError::new(ErrorCode::AccessDenied, "the citizen did not consent");
            finish_with_error(&visit, &flow, error).await
        }
        _ => Err(PageError::new(PageReason::BadRequest)),
    }
}
