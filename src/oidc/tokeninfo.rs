//! `tokeninfo`: token introspection (RFC 7662) for authenticated clients.

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::bearer::active_client;
use super::client_auth::authenticated_form;
use super::reply::{JsonError, NoStoreJson, internal};
use crate::core::claims::subject;
use crate::core::error::OAuthError;
use crate::crypto;
use crate::store::TokenKind;
use crate::web::guards::{Authorization, FormBody};
use crate::web::{App, now};

#[rocket::post("/tokeninfo", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn tokeninfo(
    app: &State<App>,
    body: FormBody,
    authorization: Authorization,
) -> Result<NoStoreJson, JsonError> {
    let (form, caller) = authenticated_form(app, body, &authorization).await?;
    let token = form
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
    let now = now();
    let inactive = NoStoreJson(Status::Ok, json!({ "active": false }));
    let Some((token, grant)) = app
        .store
        .token(&crypto::token_hash(token))
        .await
        .map_err(|e| internal(&e))?
    else {
        return Ok(inactive);
    };
    // A client sees its own tokens; resource servers see every token.
    let visible = token.client_id == caller.client_id || caller.introspection;
    if !visible || !token.is_live(&grant, now) {
        return Ok(inactive);
    }
    // A deleted or deactivated client's tokens are no longer active.
    let Some(owner) = active_client(app, &token.client_id).await? else {
        return Ok(inactive);
    };
    let sub = subject(&app.secrets.pairwise_salt, &owner, grant.pid.as_deref());
    let mut answer = json!({
        "active": true,
        "iss": app.config.issuer,
        "scope": token.scopes.to_string(),
        "client_id": token.client_id,
        "sub": sub,
        "exp": token.expires_at,
        "iat": token.created_at,
        "token_type": match token.kind { TokenKind::Access => "Bearer", TokenKind::Refresh => "refresh_token" },
    });
    if let Some(acr) = grant.acr {
        answer["acr"] = json!(acr);
    }
    Ok(NoStoreJson(Status::Ok, answer))
}
