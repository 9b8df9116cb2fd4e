//! How the contact register answers: JSON, or the same JSON signed by
//! porten's key when the client asks for `application/jose`.

use std::io::Cursor;

use rocket::http::{ContentType, Header, Status};
use rocket::request::{self, FromRequest, Request};
use rocket::response::{self, Responder, Response};
use serde::Serialize;

use crate::oidc::reply::{BearerError, internal};
use crate::web::App;

/// What the client accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    /// A compact JWS over the JSON body (`Accept: application/jose`).
    Jose,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Format {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        let Some(accept) = request.accept() else {
            return request::Outcome::Success(Format::Json);
        };
        let weight = |sub: &str| {
            accept
                .iter()
                .filter(|m| m.media_type().top() == "application" && m.media_type().sub() == sub)
                .map(|m| m.weight_or(1.0))
                .fold(None, |best: Option<f32>, w| Some(best.map_or(w, |b| b.max(w))))
        };
        let format = match (weight("jose"), weight("json")) {
            (Some(jose), json) if jose > 0.0 && jose >= json.unwrap_or(0.0) => Format::Jose,
            _ => Format::Json,
        };
        request::Outcome::Success(format)
    }
}

/// A body ready to send: JSON text with its fields in the API's order, or
/// a compact JWS.
pub enum Reply {
    Json(String),
    Jose(String),
}

impl Reply {
    /// The body in the format asked for. The JWS header says `typ: JWT`: the
    /// payload is a JSON object, so JWT libraries (which check `typ`) accept it.
    pub async fn new(app: &App, format: Format, body: &impl Serialize, now: i64) -> Result<Reply, BearerError> {
        let failed = |e: &dyn std::fmt::Display| BearerError(internal(e));
        match format {
            Format::Json => serde_json::to_string(body).map(Reply::Json).map_err(|e| failed(&e)),
            Format::Jose => app
                .keys
                .sign("JWT", serde_json::to_value(body).map_err(|e| failed(&e))?, now)
                .await
                .map(Reply::Jose)
                .map_err(|e| failed(&e)),
        }
    }
}

impl<'r> Responder<'r, 'static> for Reply {
    fn respond_to(self, _request: &'r Request<'_>) -> response::Result<'static> {
        let (content_type, body) = match self {
            Reply::Json(json) => (ContentType::JSON, json),
            Reply::Jose(jws) => (ContentType::new("application", "jose"), jws),
        };
        Response::build()
            .status(Status::Ok)
            .header(content_type)
            .header(Header::new("Cache-Control", "no-store"))
            .sized_body(body.len(), Cursor::new(body))
            .ok()
    }
}
