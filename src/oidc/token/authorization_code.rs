//! The `authorization_code` grant (RFC 6749 4.1.3, RFC 7636 4.6).

use serde_json::Value;

use super::{Step, issue_tokens};
use crate::core::authorize::Params;
use crate::core::client::Client;
use crate::core::error::OAuthError;
use crate::core::pkce;
use crate::crypto;
use crate::oidc::reply::internal;
use crate::store::{AuthCode, Grant, Redemption, StoredCode};
use crate::web::App;

pub async fn redeem(app: &App, client: &Client, form: &Params, now: i64) -> Result<Value, OAuthError> {
    let code = form
        .get("code")
        .ok_or_else(|| OAuthError::invalid_request("code is required"))?;
    let redirect_uri = form
        .get("redirect_uri")
        .ok_or_else(|| OAuthError::invalid_request("redirect_uri is required"))?;
    let hash = crypto::token_hash(code);
    let stored = app.store.code(&hash).await.map_err(|e| internal(&e))?;
    // Another client's code is refused untouched: presenting it must not
    // spend it or end the rightful client's login.
    let Some(StoredCode { code, used }) = stored.filter(|s| s.code.client_id == client.client_id) else {
        return Err(OAuthError::invalid_grant("unknown code"));
    };
    if used {
        return Err(reused(app, &code, now).await);
    }
    if code.expires_at <= now {
        return Err(OAuthError::invalid_grant("code expired"));
    }
    if code.redirect_uri != redirect_uri {
        return Err(OAuthError::invalid_grant(
            "redirect_uri does not match the authorization request",
        ));
    }
    match (&code.code_challenge, form.get("code_verifier")) {
        (Some(challenge), Some(verifier)) if pkce::verifier_matches(verifier, challenge) => {}
        (Some(_), Some(_)) => return Err(OAuthError::invalid_grant("code_verifier does not match")),
        (Some(_), None) => return Err(OAuthError::invalid_grant("code_verifier is required")),
        (None, Some(_)) => return Err(OAuthError::invalid_grant("code was issued without a code_challenge")),
        (None, None) => {}
    }
    let grant = Grant::from_code(&code, now + client.authorization_lifetime);
    let step = Step {
        scopes: &grant.scopes,
        nonce: code.nonce.as_deref(),
        refresh_token: true,
    };
    let issued = issue_tokens(app, client, &grant, step, now).await?;
    // One transaction; of two concurrent redemptions, one consumes the code
    // and the other is a reuse.
    let redeemed = app.store.redeem_code(&hash, &grant, &issued.rows, now).await;
    match redeemed.map_err(|e| internal(&e))? {
        Redemption::Redeemed => Ok(issued.response),
        Redemption::CodeUsed => Err(reused(app, &code, now).await),
        Redemption::SessionEnded => Err(OAuthError::invalid_grant("the login session of this code has ended")),
    }
}

/// RFC 6749 4.1.2: a code used twice SHOULD revoke what it issued.
async fn reused(app: &App, code: &AuthCode, now: i64) -> OAuthError {
    let grant = Grant::from_code(code, now);
    if let Err(e) = app.store.revoke_grant_record(&grant, now).await {
        return internal(&e);
    }
    tracing::warn!(client_id = %code.client_id, "authorization code used twice; grant revoked");
    crate::audit!(crate::audit::GRANT_REUSE_DETECTED, client = %code.client_id, kind = "authorization_code",);
    OAuthError::invalid_grant("code already used")
}
