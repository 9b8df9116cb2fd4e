//! `revoke` (RFC 7009): ends the whole grant of an access or refresh token.

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::client_auth::authenticated_form;
use super::reply::{JsonError, NoStoreJson, internal};
use crate::core::error::OAuthError;
use crate::crypto;
use crate::web::App;
use crate::web::guards::{Authorization, FormBody};

#[rocket::post("/revoke", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn revoke(app: &State<App>, body: FormBody, authorization: Authorization) -> Result<NoStoreJson, JsonError> {
    let (form, client) = authenticated_form(app, body, &authorization).await?;
    let token = form
        .get("token")
        .ok_or_else(|| OAuthError::invalid_request("token is required"))?;
    // RFC 7009 2.2: unknown tokens, and other clients' tokens, still get 200.
    if let Some((token, grant)) = app
        .store
        .token(&crypto::token_hash(token))
        .await
        .map_err(|e| internal(&e))?
        && token.client_id == client.client_id
    {
        app.store.revoke_grant(&grant.id).await.map_err(|e| internal(&e))?;
        crate::audit!(crate::audit::TOKEN_REVOKED, client = %client.client_id,);
    }
    Ok(NoStoreJson(Status::Ok, json!({})))
}
