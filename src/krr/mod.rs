//! The contact register (KRR, SPEC §7): a resource server for citizens'
//! e-mail, mobile, language and reservation, protected by porten's own
//! access tokens and mounted at `/kontaktinfo-oauth2-server/rest/v1/`.

pub mod core;
mod person;
mod personer;
mod reply;

use rocket::fairing::AdHoc;
use rocket::http::Status;
use rocket::request::Request;
use serde_json::json;

use crate::core::error::{ErrorCode, OAuthError};
use crate::oidc::bearer::Access;
use crate::oidc::reply::{BearerError, NoStoreJson};

pub const BASE: &str = "/kontaktinfo-oauth2-server/rest/v1";

pub fn stage() -> AdHoc {
    AdHoc::on_ignite("Contact register", |rocket| async {
        rocket
            .mount(
                BASE,
                crate::web::trace::traced(rocket::routes![
                    person::get_person,
                    person::patch_person,
                    personer::post_personer
                ]),
            )
            .register(BASE, rocket::catchers![not_found, other])
    })
}

/// The citizen a token speaks for; a server token has none.
fn citizen(access: &Access) -> Result<&str, BearerError> {
    access.grant.pid.as_deref().ok_or_else(|| {
        BearerError(OAuthError::new(
            ErrorCode::InsufficientScope,
            "this call needs a citizen's token, not a server token",
        ))
    })
}

/// A 400; quotes in the description (serde's, or ours around a value) turn
/// into single quotes, which the error syntax allows (RFC 6749 4.1.2.1).
fn bad_request(description: String) -> BearerError {
    BearerError(OAuthError::invalid_request(description.replace('"', "'")))
}

#[rocket::catch(404)]
fn not_found(request: &Request) -> NoStoreJson {
    let description = format!(
        "the contact register has no {} {}",
        request.method(),
        request.uri().path()
    );
    NoStoreJson(
        Status::NotFound,
        json!({ "error": "invalid_request", "error_description": description }),
    )
}

#[rocket::catch(default)]
fn other(status: Status, _request: &Request) -> NoStoreJson {
    crate::web::catchers::json_error(status)
}
