//! Bearer tokens (RFC 6750): where they come from and what they grant. Used
//! by `userinfo` and the contact register.

use rocket::request::{self, FromRequest, Request};

use super::reply::{BearerError, internal};
use crate::core::client::Client;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::store::{Grant, IssuedToken, TokenKind};
use crate::web::App;

/// The `Authorization: Bearer` token of a request, if any.
pub struct BearerHeader(pub Option<String>);

#[rocket::async_trait]
impl<'r> FromRequest<'r> for BearerHeader {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r Request<'_>) -> request::Outcome<Self, Self::Error> {
        request::Outcome::Success(BearerHeader(bearer_token(request.headers().get_one("Authorization"))))
    }
}

/// The token of an `Authorization: Bearer` header, if it is one.
pub(crate) fn bearer_token(authorization: Option<&str>) -> Option<String> {
    authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned())
}

/// The token from the header or the body, never both (RFC 6750 2).
pub fn one_token(header: Option<String>, body: Option<String>) -> Result<String, BearerError> {
    match (header, body) {
        (Some(_), Some(_)) => Err(BearerError(OAuthError::invalid_request("send the token once"))),
        (Some(token), None) | (None, Some(token)) if !token.is_empty() => Ok(token),
        _ => Err(BearerError(OAuthError::new(
            ErrorCode::InvalidToken,
            "an access token is required",
        ))),
    }
}

/// A live access token, the grant it belongs to and its client.
pub struct Access {
    pub token: IssuedToken,
    pub grant: Grant,
    pub client: Client,
}

/// Checks an access token: known, an access token, not expired, its grant
/// neither revoked nor ended, its client registered and active.
pub async fn access(app: &App, token: &str, now: i64) -> Result<Access, BearerError> {
    let invalid = || {
        BearerError(OAuthError::new(
            ErrorCode::InvalidToken,
            "the access token is invalid or expired",
        ))
    };
    let found = app
        .store
        .token_record(&crypto::token_hash(token))
        .await
        .map_err(|e| BearerError(internal(&e)))?;
    match found {
        Some((token, grant, Some(client)))
            if token.kind == TokenKind::Access && token.is_live(&grant, now) && client.active =>
        {
            Ok(Access { token, grant, client })
        }
        _ => Err(invalid()),
    }
}

/// Refuses a token that has none of `scopes` (403 `insufficient_scope`).
pub fn require_any_scope(access: &Access, scopes: &[&str]) -> Result<(), BearerError> {
    if scopes.iter().any(|s| access.token.scopes.contains(s)) {
        Ok(())
    } else {
        Err(BearerError(OAuthError::new(
            ErrorCode::InsufficientScope,
            format!("the token needs one of the scopes {}", scopes.join(" ")),
        )))
    }
}

#[cfg(test)]
mod proptests;
