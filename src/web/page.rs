//! Server-rendered pages: the frame every page shares (language, switcher,
//! asset paths) and the localized error page.

use std::io::Cursor;

use askama::Template;
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};

use super::{App, cookies};
use crate::core::authorize::Params;
use crate::domain::Lang;
use crate::i18n::{Translator, negotiate};

/// One entry of the language switcher.
pub struct SwitchLink {
    pub code: &'static str,
    pub name: &'static str,
    pub href: String,
    pub current: bool,
}

/// What every page needs: translations, `<html lang>`, the switcher and asset paths.
pub struct Frame {
    pub t: Translator,
    pub lang: &'static str,
    pub switcher: Vec<SwitchLink>,
    pub assets: String,
}

impl Frame {
    /// `path` and `params` address this page again; the switcher adds `lang`.
    /// `path` is one of porten's own routes, never a path taken from the
    /// request; an empty one gives query-only links to the page itself.
    pub fn new(app: &App, lang: Lang, path: &str, params: &[(&str, &str)]) -> Frame {
        let assets = format!("{}static/", app.config.issuer_path());
        Frame::linked(app.locales.translator(lang), assets, |other| {
            let mut query = url::form_urlencoded::Serializer::new(String::new());
            for (k, v) in params.iter().filter(|(k, _)| *k != "lang") {
                query.append_pair(k, v);
            }
            query.append_pair("lang", other.as_str());
            format!("{path}?{}", query.finish())
        })
    }

    /// A frame whose switcher links are `href(language)`.
    pub fn linked(t: Translator, assets: String, href: impl Fn(Lang) -> String) -> Frame {
        let lang = t.lang();
        let switcher = Lang::ALL
            .iter()
            .map(|other| SwitchLink {
                code: other.as_str(),
                name: other.endonym(),
                href: href(*other),
                current: *other == lang,
            })
            .collect();
        Frame {
            t,
            lang: lang.as_str(),
            switcher,
            assets,
        }
    }

    /// The `<title>`: the page's heading, then the product's name, so a tab
    /// or a screen reader names the site.
    pub fn title(&self, heading_id: &str) -> String {
        self.t.with("page-title", "page", &self.t.get(heading_id))
    }
}

/// An HTML page with its status; never cached, since pages carry CSRF tokens.
pub struct Page {
    pub status: Status,
    pub body: String,
    pub csp: Option<String>,
    /// Seconds, for a 429.
    pub retry_after: Option<i64>,
}

impl Page {
    pub fn render(status: Status, template: &impl Template) -> Page {
        let (status, body) = match template.render() {
            Ok(body) => (status, body),
            Err(error) => {
                tracing::error!(%error, "template failed");
                (Status::InternalServerError, String::new())
            }
        };
        Page {
            status,
            body,
            csp: None,
            retry_after: None,
        }
    }
}

impl<'r> Responder<'r, 'static> for Page {
    fn respond_to(self, _request: &'r Request<'_>) -> response::Result<'static> {
        let mut response = Response::build();
        response
            .status(self.status)
            .header(ContentType::HTML)
            .header(Header::new("Cache-Control", "no-store"))
            .sized_body(self.body.len(), Cursor::new(self.body));
        if let Some(csp) = self.csp {
            response.header(Header::new("Content-Security-Policy", csp));
        }
        if let Some(seconds) = self.retry_after {
            response.header(Header::new("Retry-After", seconds.to_string()));
        }
        response.ok()
    }
}

/// The language of a page that has no pending request: `lang` picked on the
/// page, `ui_locales`, the cookie, `Accept-Language`.
pub fn request_lang(request: &Request<'_>, app: &App) -> Lang {
    let params = request
        .uri()
        .query()
        .map(|q| Params::parse(q.as_str()))
        .unwrap_or_default();
    let cookie = cookies::get(request.cookies(), &app.config, cookies::LANG);
    negotiate(
        params.get("lang"),
        params.get("ui_locales"),
        cookie.as_deref(),
        request.headers().get_one("Accept-Language"),
    )
}

/// The language of a page without a pending request, as a request guard.
pub struct PageLang(pub Lang);

#[rocket::async_trait]
impl<'r> rocket::request::FromRequest<'r> for PageLang {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> rocket::request::Outcome<Self, Self::Error> {
        let lang = match request.rocket().state::<App>() {
            Some(app) => request_lang(request, app),
            None => Lang::Nb,
        };
        rocket::request::Outcome::Success(PageLang(lang))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub(crate) struct ErrorPage<'a> {
    pub f: &'a Frame,
    pub message: String,
    pub correlation: &'a str,
}

/// What went wrong, for a page that must not redirect. Each has a message in
/// the locales (`error-…`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageReason {
    MissingClient,
    UnknownClient,
    MissingRedirectUri,
    UnregisteredRedirectUri,
    RequestExpired,
    Forbidden,
    BadRequest,
    NotFound,
    Internal,
}

impl PageReason {
    pub const ALL: &[PageReason] = &[
        PageReason::MissingClient,
        PageReason::UnknownClient,
        PageReason::MissingRedirectUri,
        PageReason::UnregisteredRedirectUri,
        PageReason::RequestExpired,
        PageReason::Forbidden,
        PageReason::BadRequest,
        PageReason::NotFound,
        PageReason::Internal,
    ];

    pub fn message_id(self) -> &'static str {
        match self {
            PageReason::MissingClient => "error-missing-client",
            PageReason::UnknownClient => "error-unknown-client",
            PageReason::MissingRedirectUri => "error-missing-redirect-uri",
            PageReason::UnregisteredRedirectUri => "error-unregistered-redirect-uri",
            PageReason::RequestExpired => "error-request-expired",
            PageReason::Forbidden => "error-forbidden",
            PageReason::BadRequest => "error-bad-request",
            PageReason::NotFound => "error-not-found",
            PageReason::Internal => "error-internal",
        }
    }

    fn status(self) -> Status {
        match self {
            PageReason::Internal => Status::InternalServerError,
            PageReason::NotFound => Status::NotFound,
            PageReason::Forbidden => Status::Forbidden,
            _ => Status::BadRequest,
        }
    }
}

/// A localized error page with a correlation id that operators find in the log.
#[derive(Debug)]
pub struct PageError {
    pub reason: PageReason,
    pub correlation: String,
}

impl PageError {
    /// An error page of the request being handled, under its correlation id.
    pub fn new(reason: PageReason) -> PageError {
        let correlation =
            super::trace::current().unwrap_or_else(|| crate::crypto::b64url(crate::crypto::random_bytes(9)));
        PageError::with_correlation(reason, correlation)
    }

    pub fn with_correlation(reason: PageReason, correlation: String) -> PageError {
        tracing::info!(correlation = %correlation, ?reason, "error page");
        PageError { reason, correlation }
    }

    pub fn internal(error: &dyn std::fmt::Display) -> PageError {
        let page = PageError::new(PageReason::Internal);
        tracing::error!(correlation = %page.correlation, %error, "internal error");
        page
    }
}

impl From<sea_orm::DbErr> for PageError {
    fn from(error: sea_orm::DbErr) -> PageError {
        PageError::internal(&error)
    }
}

impl From<crate::keys::KeyError> for PageError {
    fn from(error: crate::keys::KeyError) -> PageError {
        PageError::internal(&error)
    }
}

impl<'r> Responder<'r, 'static> for PageError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let Some(app) = request.rocket().state::<App>() else {
            return Err(Status::InternalServerError);
        };
        let lang = request_lang(request, app);
        let params = request
            .uri()
            .query()
            .map(|q| Params::parse(q.as_str()))
            .unwrap_or_default();
        // Query-only links: a path from the request (`//evil.example/x`)
        // would make the switcher an open redirect on porten's own page.
        let frame = Frame::new(app, lang, "", &params.pairs());
        let message = frame.t.get(self.reason.message_id());
        let page = ErrorPage {
            f: &frame,
            message,
            correlation: &self.correlation,
        };
        Page::render(self.reason.status(), &page).respond_to(request)
    }
}
