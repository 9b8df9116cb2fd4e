//! `authorize`: validates the request, then logs the citizen in, asks for
//! consent, or answers the client at once (SPEC §2, §3).

use rocket::State;
use rocket::http::CookieJar;

use super::reply::{Answer, authorization_response, error_fields};
use super::session::{Visit, page_url, park_post, take_parked};
use super::{hint, par};
use crate::core::authorize::{
    self, AuthorizeError, AuthorizeRequest, Next, NoRedirect, Params, ReplyTo, Situation, SsoSession,
};
use crate::core::client::Client;
use crate::core::error::OAuthError;
use crate::crypto;
use crate::domain::{Lang, ResponseMode};
use crate::i18n::negotiate;
use crate::store::{AuthCode, Holder, PendingRequest};
use crate::web::guards::{Browser, FormBody, Query};
use crate::web::page::{Frame, PageError, PageReason};
use crate::web::{App, cookies};

/// How long a citizen has to finish the login and consent pages.
const PENDING_LIFETIME: i64 = 30 * 60;
/// RFC 6749 4.1.2: a code lives briefly.
const CODE_LIFETIME: i64 = 60;

/// An authorization request on its way through the pages.
pub struct Flow {
    pub client: Client,
    pub request: AuthorizeRequest,
    pub params: Params,
    /// The id of the pending request, once stored.
    pub rid: Option<String>,
    pub login_sid: Option<String>,
    pub picked: Option<Lang>,
    pub consent_given: bool,
}

impl From<NoRedirect> for PageReason {
    fn from(reason: NoRedirect) -> PageReason {
        match reason {
            NoRedirect::MissingClient => PageReason::MissingClient,
            NoRedirect::UnknownClient => PageReason::UnknownClient,
            NoRedirect::MissingRedirectUri => PageReason::MissingRedirectUri,
            NoRedirect::UnregisteredRedirectUri => PageReason::UnregisteredRedirectUri,
        }
    }
}

#[rocket::get("/authorize")]
pub async fn authorize_get(
    app: &State<App>,
    query: Query,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    start(&visit, query.0).await
}

/// A cross-site POST carries no `SameSite=Lax` cookie: keep the parameters
/// and continue at a GET, which does. Nothing is kept for a request that
/// names no registered client and redirect URI, and only what is read.
#[rocket::post("/authorize", data = "<body>")]
pub async fn authorize_post(
    app: &State<App>,
    body: FormBody,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let params = body.0.map_err(|_| PageError::new(PageReason::BadRequest))?;
    let params = params.only(authorize::PARAMETERS);
    let params = match params.get("request_uri") {
        Some(uri) if uri.starts_with(par::REQUEST_URI_PREFIX) => par::take_pushed(app, &params, visit.now).await?,
        _ => params,
    };
    let client_id = authorize::client_id(&params).map_err(page_error)?;
    let client = app.store.client(client_id).await?;
    match authorize::validate(&params, client.as_ref(), &app.config.levels()) {
        Err(AuthorizeError::Page(reason)) => return Err(PageError::new(reason.into())),
        // An error for the client needs no session: it goes back at once.
        Err(AuthorizeError::Redirect(..)) => return start(&visit, params).await,
        Ok(_) => {}
    }
    let client_id = client_id.to_owned();
    let rid = park_post(app, params, client_id, PENDING_LIFETIME).await?;
    Ok(Answer::SeeOther(page_url(app, "authorize/resume", &rid)))
}

/// Also where the form_post page's language switcher leads, with `lang`.
#[rocket::get("/authorize/resume?<rid>&<lang>")]
pub async fn authorize_resume(
    app: &State<App>,
    rid: Option<&str>,
    lang: Option<&str>,
    jar: &CookieJar<'_>,
    browser: Browser,
) -> Result<Answer, PageError> {
    let visit = Visit::new(app, jar, &browser);
    let mut params = take_parked(app, rid, visit.now).await?;
    if let Some(lang) = lang {
        params.0.retain(|(name, _)| name != "lang");
        params.0.push(("lang".into(), lang.to_owned()));
    }
    start(&visit, params).await
}

async fn start(visit: &Visit<'_>, params: Params) -> Result<Answer, PageError> {
    // Other request_uri values (request objects by reference) are refused
    // by `validate` with `request_uri_not_supported`.
    let pushed = params
        .get("request_uri")
        .is_some_and(|uri| uri.starts_with(par::REQUEST_URI_PREFIX));
    let params = if pushed {
        par::take_pushed(visit.app, &params, visit.now).await?
    } else {
        params
    };
    // A language picked on the form_post page's switcher (see `answer`).
    let picked = params.get("lang").and_then(Lang::parse);
    if let Some(lang) = picked {
        remember_language(visit, lang);
    }
    let client_id = authorize::client_id(&params).map_err(page_error)?;
    let client = visit.app.store.client(client_id).await?;
    match authorize::validate(&params, client.as_ref(), &visit.app.config.levels()) {
        Ok(request) => {
            let client = client.ok_or_else(|| PageError::new(PageReason::UnknownClient))?;
            let flow = Flow {
                client,
                request,
                params,
                rid: None,
                login_sid: None,
                picked,
                consent_given: false,
            };
            proceed(visit, flow).await
        }
        Err(AuthorizeError::Redirect(reply, error)) => {
            tracing::info!(client_id, error = %error, "authorization request refused");
            let lang = negotiate(
                picked.map(Lang::as_str),
                params.get("ui_locales"),
                cookie_lang(visit).as_deref(),
                visit.browser.accept_language.as_deref(),
            );
            answer(visit, &reply, error_fields(&error), lang, &params).await
        }
        Err(error) => Err(page_error(error)),
    }
}

fn page_error(error: AuthorizeError) -> PageError {
    match error {
        AuthorizeError::Page(reason) => PageError::new(reason.into()),
        AuthorizeError::Redirect(..) => PageError::new(PageReason::BadRequest),
    }
}

fn cookie_lang(visit: &Visit<'_>) -> Option<String> {
    cookies::get(visit.jar, &visit.app.config, cookies::LANG)
}

/// The language of this flow's pages and of its tokens' `locale`.
pub fn flow_lang(visit: &Visit<'_>, flow: &Flow) -> Lang {
    negotiate(
        flow.picked.map(Lang::as_str),
        flow.request.ui_locales.as_deref(),
        cookie_lang(visit).as_deref(),
        visit.browser.accept_language.as_deref(),
    )
}

/// Decides the next step and takes it.
pub async fn proceed(visit: &Visit<'_>, mut flow: Flow) -> Result<Answer, PageError> {
    let app = visit.app;
    let session = visit.session().await?;
    let consented = match &session {
        Some(s) => {
            app.store
                .consented_scopes(&s.pid, &flow.client.client_id, visit.now)
                .await?
        }
        None => None,
    };
    let hint_matches = match (&session, &flow.request.id_token_hint) {
        (Some(s), Some(token)) => hint::names_user(app, token, &flow.client, &s.pid, visit.now).await,
        _ => false,
    };
    let situation = Situation {
        session: session.as_ref(),
        fresh_login: session
            .as_ref()
            .is_some_and(|s| flow.login_sid.as_deref() == Some(s.sid.as_str())),
        hint_matches,
        consented: consented.as_ref(),
        consent_given: flow.consent_given,
        now: visit.now,
    };
    match (authorize::next_step(&flow.request, &situation), session) {
        (Next::Issue, Some(session)) => issue(visit, &flow, &session).await,
        (Next::Fail(error), _) => finish_with_error(visit, &flow, error).await,
        (Next::Consent, _) => Ok(Answer::SeeOther(page_url(
            app,
            "consent",
            &save(visit, &mut flow).await?,
        ))),
        (_, _) => Ok(Answer::SeeOther(page_url(app, "login", &save(visit, &mut flow).await?))),
    }
}

/// Stores the flow as a pending request bound to this browser; its id.
pub async fn save(visit: &Visit<'_>, flow: &mut Flow) -> Result<String, PageError> {
    let rid = flow.rid.get_or_insert_with(crypto::random_token).clone();
    let pending = PendingRequest {
        holder: Holder::Browser(visit.browser_hash()),
        client_id: flow.client.client_id.clone(),
        params: flow.params.clone().only(authorize::PARAMETERS).0,
        login_sid: flow.login_sid.clone(),
        lang: flow.picked,
    };
    visit
        .app
        .store
        .save_pending(&crypto::token_hash(&rid), &pending, visit.now + PENDING_LIFETIME)
        .await?;
    Ok(rid)
}

/// Loads pending request `rid` of this browser, re-validated against the
/// client's current registration.
pub async fn load(visit: &Visit<'_>, rid: Option<&str>) -> Result<Flow, PageError> {
    let rid = rid
        .filter(|r| r.len() <= 64)
        .ok_or_else(|| PageError::new(PageReason::RequestExpired))?;
    let pending = visit.app.store.pending(&crypto::token_hash(rid), visit.now).await?;
    let browser = cookies::get(visit.jar, &visit.app.config, cookies::BROWSER).map(|b| crypto::token_hash(&b));
    let pending = match pending {
        Some(p) if browser.is_some_and(|hash| p.holder == Holder::Browser(hash)) => p,
        _ => return Err(PageError::new(PageReason::RequestExpired)),
    };
    let client = visit.app.store.client(&pending.client_id).await?;
    let params = Params(pending.params);
    let request = authorize::validate(&params, client.as_ref(), &visit.app.config.levels()).map_err(page_error)?;
    let client = client.ok_or_else(|| PageError::new(PageReason::UnknownClient))?;
    Ok(Flow {
        client,
        request,
        params,
        rid: Some(rid.to_owned()),
        login_sid: pending.login_sid,
        picked: pending.lang,
        consent_given: false,
    })
}

/// Ends the pending request; false when another submission already did.
async fn take(visit: &Visit<'_>, flow: &Flow) -> Result<bool, PageError> {
    match &flow.rid {
        Some(rid) => Ok(visit.app.store.take_pending(&crypto::token_hash(rid)).await?),
        None => Ok(true),
    }
}

/// Answers the client with an error, in its response mode.
pub async fn finish_with_error(visit: &Visit<'_>, flow: &Flow, error: OAuthError) -> Result<Answer, PageError> {
    if !take(visit, flow).await? {
        return Err(PageError::new(PageReason::RequestExpired));
    }
    tracing::info!(client_id = %flow.client.client_id, error = %error, "authorization ended with an error");
    let lang = flow_lang(visit, flow);
    answer(visit, &flow.request.reply, error_fields(&error), lang, &flow.params).await
}

/// Issues a code bound to the client, redirect URI, PKCE challenge, nonce and session.
async fn issue(visit: &Visit<'_>, flow: &Flow, session: &SsoSession) -> Result<Answer, PageError> {
    if !take(visit, flow).await? {
        return Err(PageError::new(PageReason::RequestExpired));
    }
    let lang = flow_lang(visit, flow);
    let code = crypto::random_token();
    let bound = AuthCode {
        grant_id: crypto::random_token(),
        client_id: flow.client.client_id.clone(),
        redirect_uri: flow.request.reply.redirect_uri.clone(),
        pid: session.pid.clone(),
        sid: session.sid.clone(),
        scopes: flow.request.scopes.clone(),
        nonce: flow.request.nonce.clone(),
        code_challenge: flow.request.code_challenge.clone(),
        acr: session.acr,
        amr: session.amr.clone(),
        auth_time: session.auth_time,
        locale: lang.as_str().to_owned(),
        expires_at: visit.now + CODE_LIFETIME,
    };
    visit.app.store.insert_code(&crypto::token_hash(&code), &bound).await?;
    tracing::info!(client_id = %flow.client.client_id, "code issued");
    answer(visit, &flow.request.reply, vec![("code", code)], lang, &flow.params).await
}

/// A language picked with the switcher: remembered for this request and,
/// in a cookie, for later visits. Unknown languages are ignored.
pub async fn pick_language(visit: &Visit<'_>, flow: &mut Flow, picked: Option<&str>) -> Result<(), PageError> {
    if let Some(lang) = picked.and_then(Lang::parse) {
        flow.picked = Some(lang);
        save(visit, flow).await?;
        remember_language(visit, lang);
    }
    Ok(())
}

/// Keeps a language picked on a page for later visits.
fn remember_language(visit: &Visit<'_>, lang: Lang) {
    let year = Some(time::Duration::days(365));
    cookies::set(
        visit.jar,
        &visit.app.config,
        cookies::LANG,
        lang.as_str().to_owned(),
        year,
    );
}

/// Answers the client in its response mode. The form_post page's code or
/// error is spent once sent, so its language switcher asks again: the same
/// request, parked here so that its parameters (a pushed request's too)
/// never go into a URL.
async fn answer(
    visit: &Visit<'_>,
    reply: &ReplyTo,
    fields: Vec<(&'static str, String)>,
    lang: Lang,
    params: &Params,
) -> Result<Answer, PageError> {
    let app = visit.app;
    let frame = match reply.response_mode {
        ResponseMode::Query => None,
        ResponseMode::FormPost => {
            let resume = format!("{}authorize/resume", app.config.issuer_path());
            // A request too large to keep gets a switcher that cannot resume it.
            let rid = match params.storable(authorize::PARAMETERS) {
                Some(kept) => {
                    let client_id = kept.get("client_id").unwrap_or_default().to_owned();
                    park_post(app, kept, client_id, PENDING_LIFETIME).await?
                }
                None => String::new(),
            };
            Some(Frame::new(app, lang, &resume, &[("rid", &rid)]))
        }
    };
    Ok(authorization_response(reply, fields, &app.config.issuer, frame))
}
