//! Request guards that never fail the route: handlers decide how a bad
//! request is answered (a JSON error, a redirect or a page).

use std::convert::Infallible;

use rocket::data::{self, Data, FromData, ToByteUnit};
use rocket::http::Status;
use rocket::request::{self, FromRequest, Request};

use crate::core::authorize::Params;

/// The most a form body may hold.
const FORM_LIMIT: u64 = 64 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    NotForm,
    TooLarge,
    Unreadable,
}

impl BodyError {
    pub fn describe(self) -> &'static str {
        match self {
            BodyError::NotForm => "the body must be application/x-www-form-urlencoded",
            BodyError::TooLarge => "the body is too large",
            BodyError::Unreadable => "the body is not UTF-8 form data",
        }
    }
}

/// An `application/x-www-form-urlencoded` body, parsed, duplicates kept.
pub struct FormBody(pub Result<Params, BodyError>);

#[rocket::async_trait]
impl<'r> FromData<'r> for FormBody {
    type Error = Infallible;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        if !request.content_type().is_some_and(|ct| ct.is_form()) {
            return data::Outcome::Success(FormBody(Err(BodyError::NotForm)));
        }
        let body = match data.open(FORM_LIMIT.bytes()).into_string().await {
            Ok(body) if body.is_complete() => Params::parse_strict(&body.into_inner()).ok_or(BodyError::Unreadable),
            Ok(_) => Err(BodyError::TooLarge),
            Err(_) => Err(BodyError::Unreadable),
        };
        data::Outcome::Success(FormBody(body))
    }
}

/// The most a JSON body may hold: a thousand pids with room for whitespace.
const JSON_LIMIT: u64 = 128 * 1024;

/// An `application/json` (or `+json`) body parsed into `T`; the error says
/// what is wrong with it, for a 400 the handler words.
pub struct JsonBody<T>(pub Result<T, String>);

#[rocket::async_trait]
impl<'r, T: serde::de::DeserializeOwned> FromData<'r> for JsonBody<T> {
    type Error = Infallible;

    async fn from_data(request: &'r Request<'_>, data: Data<'r>) -> data::Outcome<'r, Self> {
        let is_json = request.content_type().is_some_and(|ct| {
            ct.is_json() || (ct.top() == "application" && ct.sub().as_str().to_ascii_lowercase().ends_with("+json"))
        });
        if !is_json {
            return data::Outcome::Success(JsonBody(Err("the body must be application/json".into())));
        }
        let body = match data.open(JSON_LIMIT.bytes()).into_bytes().await {
            Ok(body) if body.is_complete() => serde_json::from_slice(&body.into_inner())
                .map_err(|e| format!("the body is not the JSON expected: {e}")),
            Ok(_) => Err(format!("the body is larger than {JSON_LIMIT} bytes")),
            Err(_) => Err("the body could not be read".into()),
        };
        data::Outcome::Success(JsonBody(body))
    }
}

/// The query string, parsed, duplicates kept.
pub struct Query(pub Params);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Query {
    type Error = ();

    /// A query that is not UTF-8 once decoded is a 400 (see `catchers`).
    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, ()> {
        let params = match request.uri().query() {
            Some(query) => Params::parse_strict(query.as_str()),
            None => Some(Params::default()),
        };
        match params {
            Some(params) => request::Outcome::Success(Query(params)),
            None => request::Outcome::Error((Status::BadRequest, ())),
        }
    }
}

/// What the browser says about itself.
pub struct Browser {
    pub accept_language: Option<String>,
    pub address: Option<std::net::IpAddr>,
}

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Browser {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Infallible> {
        request::Outcome::Success(Browser {
            accept_language: request.headers().get_one("Accept-Language").map(str::to_owned),
            address: request.client_ip(),
        })
    }
}

/// The `Authorization` header, if any.
pub struct Authorization(pub Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for Authorization {
    type Error = Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Infallible> {
        request::Outcome::Success(Authorization(
            request.headers().get_one("Authorization").map(str::to_owned),
        ))
    }
}
