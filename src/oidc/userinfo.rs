//! `userinfo` (OIDC Core 5.3, RFC 6750 2.1–2.2).

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::reply::{BearerError, NoStoreJson, internal};
use crate::core::claims::pairwise_sub;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::domain::{OPENID, PROFILE};
use crate::store::TokenKind;
use crate::web::guards::{Authorization, FormBody};
use crate::web::{App, now};

#[rocket::get("/userinfo")]
pub async fn userinfo_get(app: &State<App>, authorization: Authorization) -> Result<NoStoreJson, BearerError> {
    let token = bearer(authorization.0.as_deref(), None)?;
    userinfo(app, &token).await
}

#[rocket::post("/userinfo", data = "<body>")]
pub async fn userinfo_post(
    app: &State<App>,
    authorization: Authorization,
    body: FormBody,
) -> Result<NoStoreJson, BearerError> {
    let form_token = body.0.ok().and_then(|form| form.get("access_token").map(str::to_owned));
    let token = bearer(authorization.0.as_deref(), form_token)?;
    userinfo(app, &token).await
}

/// The token from the header or the body, never both (RFC 6750 2).
pub fn bearer(header: Option<&str>, body: Option<String>) -> Result<String, BearerError> {
    let from_header = header
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim().to_owned());
    match (from_header, body) {
        (Some(_), Some(_)) => Err(BearerError(OAuthError::invalid_request("send the token once"))),
        (Some(token), None) | (None, Some(token)) if !token.is_empty() => Ok(token),
        _ => Err(BearerError(OAuthError::new(
            ErrorCode::InvalidToken,
            "an access token is required",
        ))),
    }
}

async fn userinfo(app: &App, token: &str) -> Result<NoStoreJson, BearerError> {
    let now = now();
    let invalid = || {
        BearerError(OAuthError::new(
            ErrorCode::InvalidToken,
            "the access token is invalid or expired",
        ))
    };
    let found = app
        .store
        .token(&crypto::token_hash(token))
        .await
        .map_err(|e| BearerError(internal(&e)))?;
    let (token, grant) = found.ok_or_else(invalid)?;
    if token.kind != TokenKind::Access || token.expires_at <= now || !grant.is_live(now) {
        return Err(invalid());
    }
    let (Some(pid), true) = (&grant.pid, token.scopes.contains(OPENID)) else {
        return Err(BearerError(OAuthError::new(
            ErrorCode::InsufficientScope,
            "the token has no openid scope",
        )));
    };
    let client = app
        .store
        .client(&token.client_id)
        .await
        .map_err(|e| BearerError(internal(&e)))?
        .ok_or_else(invalid)?;
    let mut claims = json!({ "sub": pairwise_sub(&app.secrets.pairwise_salt, client.sector(), pid) });
    if token.scopes.contains(PROFILE) {
        claims["pid"] = json!(pid);
        claims["locale"] = json!(grant.locale.as_deref().unwrap_or("nb"));
    }
    Ok(NoStoreJson(Status::Ok, claims))
}
