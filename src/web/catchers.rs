//! What porten answers when no route does (or a handler failed): RFC 6749
//! JSON on the back-channel endpoints, a localized page with a correlation id
//! everywhere else, never Rocket's own English page.

use rocket::http::{Header, Status};
use rocket::request::Request;
use rocket::response::{self, Responder};
use serde_json::json;

use super::page::{PageError, PageReason};
use super::{App, json_endpoint};
use crate::oidc::reply::NoStoreJson;

#[rocket::catch(default)]
pub fn default(status: Status, request: &Request<'_>) -> Caught {
    let path = request.uri().path();
    let endpoint = request
        .rocket()
        .state::<App>()
        .and_then(|app| json_endpoint(app, path.as_str()));
    match endpoint {
        // A known endpoint without a route for this request: a wrong method.
        Some(endpoint) if status == Status::NotFound => Caught::WrongMethod {
            name: endpoint.name,
            allowed: endpoint.methods,
        },
        Some(_) => Caught::Json(status),
        None => Caught::Page(PageError::with_correlation(
            match status.code {
                404 => PageReason::NotFound,
                500.. => PageReason::Internal,
                _ => PageReason::BadRequest,
            },
            super::trace::correlation(request),
        )),
    }
}

pub enum Caught {
    WrongMethod { name: &'static str, allowed: &'static str },
    Json(Status),
    Page(PageError),
}

impl<'r> Responder<'r, 'static> for Caught {
    fn respond_to(self, request: &'r Request<'_>) -> response::Result<'static> {
        match self {
            Caught::WrongMethod { name, allowed } => {
                let description = format!("{name} takes {allowed}");
                let body = json!({ "error": "invalid_request", "error_description": description });
                let mut response = NoStoreJson(Status::MethodNotAllowed, body).respond_to(request)?;
                response.set_header(Header::new("Allow", allowed));
                Ok(response)
            }
            Caught::Json(status) => json_error(status).respond_to(request),
            Caught::Page(page) => page.respond_to(request),
        }
    }
}

/// An RFC 6749 5.2 body for a status no handler answered.
pub fn json_error(status: Status) -> NoStoreJson {
    let error = if status.code >= 500 {
        "server_error"
    } else {
        "invalid_request"
    };
    let description = status.reason().unwrap_or("the request failed");
    NoStoreJson(status, json!({ "error": error, "error_description": description }))
}
