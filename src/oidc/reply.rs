//! How porten answers: authorization responses (a redirect, or an
//! auto-submitting form for `form_post`), and JSON for the back channel.

use std::io::Cursor;

use askama::Template;
use rocket::http::{ContentType, Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder, Response};
use serde_json::{Value, json};

use crate::core::authorize::{ReplyTo, with_query};
use crate::core::error::{ErrorCode, OAuthError};
use crate::web::page::{Frame, Page};

/// A browser-facing answer of the authorization flow.
pub enum Answer {
    /// 303 to a URL: the client's redirect URI, or porten's own next page.
    SeeOther(String),
    Page(Page),
}

impl<'r> Responder<'r, 'static> for Answer {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Answer::SeeOther(location) => Response::build()
                .status(Status::SeeOther)
                .header(Header::new("Location", location))
                .header(Header::new("Cache-Control", "no-store"))
                .ok(),
            Answer::Page(page) => page.respond_to(request),
        }
    }
}

#[derive(Template)]
#[template(path = "form_post.html")]
pub(crate) struct FormPostPage<'a> {
    pub f: &'a Frame,
    pub action: &'a str,
    pub fields: &'a [(&'static str, String)],
    /// The script that sends the form at once; the preview leaves it out.
    pub script: bool,
}

/// Sends `fields` (plus `state` and `iss`, RFC 9207) to the client: on the
/// page in `form_post_frame` for `response_mode=form_post`, else in the query.
pub fn authorization_response(
    reply: &ReplyTo,
    mut fields: Vec<(&'static str, String)>,
    issuer: &str,
    form_post_frame: Option<Frame>,
) -> Answer {
    if let Some(state) = &reply.state {
        fields.push(("state", state.clone()));
    }
    fields.push(("iss", issuer.to_owned()));
    match form_post_frame {
        Some(frame) => {
            let mut page = Page::render(
                Status::Ok,
                &FormPostPage {
                    f: &frame,
                    action: &reply.redirect_uri,
                    fields: &fields,
                    script: true,
                },
            );
            let origin = url::Url::parse(&reply.redirect_uri)
                .map(|u| u.origin().ascii_serialization())
                .unwrap_or_default();
            page.csp = Some(format!(
                "default-src 'none'; script-src 'self'; style-src 'self'; form-action {origin}; frame-ancestors 'none'; base-uri 'none'"
            ));
            Answer::Page(page)
        }
        None => {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(name, value)| (*name, value.as_str())).collect();
            Answer::SeeOther(with_query(&reply.redirect_uri, &pairs))
        }
    }
}

pub fn error_fields(error: &OAuthError) -> Vec<(&'static str, String)> {
    vec![
        ("error", error.code.as_str().to_owned()),
        ("error_description", error.description.clone()),
    ]
}

/// A JSON body that must not be cached (RFC 6749 5.1).
pub struct NoStoreJson(pub Status, pub Value);

impl<'r> Responder<'r, 'static> for NoStoreJson {
    fn respond_to(self, _request: &'r Request<'_>) -> response::Result<'static> {
        let body = self.1.to_string();
        Response::build()
            .status(self.0)
            .header(ContentType::JSON)
            .header(Header::new("Cache-Control", "no-store"))
            .header(Header::new("Pragma", "no-cache"))
            .sized_body(body.len(), Cursor::new(body))
            .ok()
    }
}

/// RFC 6749 5.2 error JSON; `invalid_client` is a 401 with `WWW-Authenticate`.
pub struct JsonError(pub OAuthError);

impl From<OAuthError> for JsonError {
    fn from(error: OAuthError) -> JsonError {
        JsonError(error)
    }
}

impl<'r> Responder<'r, 'static> for JsonError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = match self.0.code {
            ErrorCode::InvalidClient => Status::Unauthorized,
            ErrorCode::ServerError => Status::InternalServerError,
            _ => Status::BadRequest,
        };
        let body = json!({ "error": self.0.code.as_str(), "error_description": self.0.description });
        let mut response = NoStoreJson(status, body).respond_to(request)?;
        if status == Status::Unauthorized {
            response.set_header(Header::new("WWW-Authenticate", "Basic realm=\"porten\""));
        }
        Ok(response)
    }
}

/// RFC 6750 3: errors of bearer-protected endpoints.
pub struct BearerError(pub OAuthError);

impl<'r> Responder<'r, 'static> for BearerError {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        let status = match self.0.code {
            ErrorCode::InsufficientScope => Status::Forbidden,
            ErrorCode::InvalidRequest => Status::BadRequest,
            ErrorCode::ServerError => Status::InternalServerError,
            _ => Status::Unauthorized,
        };
        let challenge = format!(
            "Bearer realm=\"porten\", error=\"{}\", error_description=\"{}\"",
            self.0.code.as_str(),
            self.0.description
        );
        let body = json!({ "error": self.0.code.as_str(), "error_description": self.0.description });
        let mut response = NoStoreJson(status, body).respond_to(request)?;
        response.set_header(Header::new("WWW-Authenticate", challenge));
        Ok(response)
    }
}

/// Internal failures on the back channel: logged, answered as `server_error`.
pub fn internal(error: &dyn std::fmt::Display) -> OAuthError {
    tracing::error!(%error, "internal error");
    OAuthError::server_error()
}
