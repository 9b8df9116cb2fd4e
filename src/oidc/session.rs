//! The browser side of the flow: the SSO session cookie, the browser binding
//! of pending requests, CSRF tokens, and parking cross-site POSTs.

use rocket::http::CookieJar;

use crate::core::authorize::{Params, SsoSession};
use crate::crypto;
use crate::domain::{Acr, Amr, Pid};
use crate::store::{Holder, PendingRequest};
use crate::web::guards::{Browser, FormBody};
use crate::web::page::{PageError, PageReason};
use crate::web::{App, cookies};

/// One browser's visit to a page of the flow.
pub struct Visit<'a> {
    pub app: &'a App,
    pub jar: &'a CookieJar<'a>,
    pub browser: &'a Browser,
    pub now: i64,
}

impl<'a> Visit<'a> {
    pub fn new(app: &'a App, jar: &'a CookieJar<'a>, browser: &'a Browser) -> Visit<'a> {
        Visit {
            app,
            jar,
            browser,
            now: crate::web::now(),
        }
    }

    /// The live SSO session of this browser.
    pub async fn session(&self) -> Result<Option<SsoSession>, sea_orm::DbErr> {
        let Some(id) = cookies::get(self.jar, &self.app.config, cookies::SESSION) else {
            return Ok(None);
        };
        self.app
            .store
            .session(&crypto::token_hash(&id), self.now, self.app.config.session_idle_timeout)
            .await
    }

    /// Starts a session after a login, under a new cookie value. A login by
    /// the same citizen in the same browser keeps its `sid`.
    pub async fn log_in(&self, pid: &Pid, acr: Acr, amr: Vec<Amr>) -> Result<SsoSession, sea_orm::DbErr> {
        let previous = self.session().await?;
        let sid = match &previous {
            Some(p) if p.pid == pid.as_str() => p.sid.clone(),
            _ => crypto::random_token(),
        };
        if let Some(previous) = &previous {
            self.app.store.end_session(&previous.sid).await?;
        }
        let session = SsoSession {
            sid,
            pid: pid.as_str().to_owned(),
            acr,
            amr,
            auth_time: self.now,
        };
        let id = crypto::random_token();
        let max = self.app.config.session_max_lifetime;
        self.app
            .store
            .create_session(&crypto::token_hash(&id), &session, self.now, max)
            .await?;
        cookies::set(self.jar, &self.app.config, cookies::SESSION, id, None);
        tracing::info!(acr = acr.as_str(), "SSO session started");
        Ok(session)
    }

    /// This browser's random id, set on its first visit.
    pub fn browser_id(&self) -> String {
        cookies::get(self.jar, &self.app.config, cookies::BROWSER).unwrap_or_else(|| {
            let id = crypto::random_token();
            cookies::set(self.jar, &self.app.config, cookies::BROWSER, id.clone(), None);
            id
        })
    }

    /// Binds a pending request to this browser.
    pub fn browser_hash(&self) -> String {
        crypto::token_hash(&self.browser_id())
    }

    /// The CSRF token of a form of pending request `rid` in this browser.
    pub fn csrf_token(&self, rid: &str) -> String {
        let data = format!("csrf|{rid}|{}", self.browser_id());
        crypto::b64url(crypto::hmac_sha256(&self.app.secrets.secret_key, data.as_bytes()))
    }

    pub fn csrf_ok(&self, rid: &str, token: Option<&str>) -> bool {
        token.is_some_and(|t| crypto::ct_eq(t.as_bytes(), self.csrf_token(rid).as_bytes()))
    }

    /// A form posted from one of porten's pages, with this browser's CSRF
    /// token for its pending request `rid`.
    pub fn page_form(&self, body: FormBody) -> Result<Params, PageError> {
        let form = body.0.map_err(|_| PageError::new(PageReason::BadRequest))?;
        if form.first_repeated().is_some() {
            return Err(PageError::new(PageReason::BadRequest));
        }
        if !self.csrf_ok(form.get("rid").unwrap_or_default(), form.get("csrf")) {
            return Err(PageError::new(PageReason::Forbidden));
        }
        Ok(form)
    }
}

/// Parks a request's parameters, not yet tied to a browser, under a new id:
/// a cross-site POST carries no `SameSite=Lax` cookie, so it continues at a
/// GET that does, which takes them back with `take_parked`.
pub async fn park_post(app: &App, params: Params, client_id: String, lifetime: i64) -> Result<String, PageError> {
    let rid = crypto::random_token();
    let posted = PendingRequest {
        holder: Holder::Parked,
        client_id,
        params: params.0,
        login_sid: None,
        lang: None,
    };
    app.store
        .save_pending(&crypto::token_hash(&rid), &posted, crate::web::now() + lifetime)
        .await?;
    Ok(rid)
}

/// The parameters parked by `park_post`, once.
pub async fn take_parked(app: &App, rid: Option<&str>, now: i64) -> Result<Params, PageError> {
    let hash = crypto::token_hash(rid.unwrap_or_default());
    let posted = app
        .store
        .pending(&hash, now)
        .await?
        .filter(|p| p.holder == Holder::Parked);
    match posted {
        Some(posted) if app.store.take_pending(&hash).await? => Ok(Params(posted.params)),
        _ => Err(PageError::new(PageReason::RequestExpired)),
    }
}

/// The address of one of porten's own pages for pending request `rid`.
pub fn page_url(app: &App, page: &str, rid: &str) -> String {
    let query = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("rid", rid)
        .finish();
    format!("{}{page}?{query}", app.config.issuer_path())
}
