//! The `refresh_token` grant (RFC 6749 6), with rotation and reuse detection
//! (RFC 9700 4.14.2).

use serde_json::Value;

use super::{Step, issue_tokens, rotates};
use crate::core::authorize::Params;
use crate::core::client::Client;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::domain::Scopes;
use crate::oidc::reply::internal;
use crate::store::TokenKind;
use crate::web::App;

pub async fn refresh(app: &App, client: &Client, form: &Params, now: i64) -> Result<Value, OAuthError> {
    let presented = form
        .get("refresh_token")
        .ok_or_else(|| OAuthError::invalid_request("refresh_token is required"))?;
    let hash = crypto::token_hash(presented);
    let found = app.store.token(&hash).await.map_err(|e| internal(&e))?;
    let (token, grant) = match found {
        Some((token, grant)) if token.kind == TokenKind::Refresh && token.client_id == client.client_id => {
            (token, grant)
        }
        _ => return Err(OAuthError::invalid_grant("unknown refresh token")),
    };
    if !grant.is_live(now) {
        return Err(OAuthError::invalid_grant("the grant has ended"));
    }
    // A rotated-out token presented again means it leaked: end the whole grant.
    if token.used {
        return Err(reused(app, client, &grant.id).await);
    }
    if token.expires_at <= now {
        return Err(OAuthError::invalid_grant("refresh token expired"));
    }
    let scopes = match form.get("scope") {
        None => grant.scopes.clone(),
        Some(scope) => Scopes::parse(scope),
    };
    if !scopes.is_subset_of(&grant.scopes) || scopes.is_empty() {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            "scope exceeds the original grant",
        ));
    }
    let step = Step {
        scopes: &scopes,
        nonce: None,
        refresh_token: rotates(client),
    };
    let issued = issue_tokens(app, client, &grant, step, now).await?;
    // Spent only once the request is otherwise valid, in one transaction with
    // the new tokens; losing a race is reuse too.
    let spent = rotates(client).then_some(hash.as_str());
    if !app
        .store
        .refresh_grant(spent, &issued.rows)
        .await
        .map_err(|e| internal(&e))?
    {
        return Err(reused(app, client, &grant.id).await);
    }
    Ok(issued.response)
}

async fn reused(app: &App, client: &Client, grant_id: &str) -> OAuthError {
    if let Err(e) = app.store.revoke_grant(grant_id).await {
        return internal(&e);
    }
    tracing::warn!(client_id = %client.client_id, "refresh token reused; grant revoked");
    crate::audit!(crate::audit::GRANT_REUSE_DETECTED, client = %client.client_id, kind = "refresh_token",);
    OAuthError::invalid_grant("refresh token already used")
}
