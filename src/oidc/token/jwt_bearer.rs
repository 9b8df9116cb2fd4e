//! The jwt-bearer grant (RFC 7523 2.1, SPEC §5): a server signs an
//! assertion about itself and gets an access token, with no citizen behind
//! it. The assertion authenticates the client.

use serde_json::Value;

use super::{Step, issue_tokens, require_grant_type};
use crate::core::assertion::Purpose;
use crate::core::authorize::Params;
use crate::core::client::Client;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::domain::{GrantType, Scopes, is_server_scope};
use crate::oidc::assertion::{Assertion, Verified, spend};
use crate::oidc::client_auth::{identify, presents_credentials};
use crate::oidc::reply::internal;
use crate::store::Grant;
use crate::web::App;

/// Exchanges an assertion for an access token. Nothing is written unless
/// every check passes.
pub async fn exchange(
    app: &App,
    authorization: Option<&str>,
    form: &Params,
    now: i64,
) -> Result<(String, Value), OAuthError> {
    let token = form
        .get("assertion")
        .ok_or_else(|| OAuthError::invalid_request("assertion is required"))?;
    let assertion = Assertion::parse(token, Purpose::Grant)?;
    let client = assertion.client(app).await?;
    tracing::Span::current().record("client_id", client.client_id.as_str());
    require_grant_type(&client, GrantType::JwtBearer)?;
    let beside = beside(app, authorization, form, &client, now).await?;
    let verified = assertion.verify(app, &client, now).await?;
    let scopes = scopes(&client, &verified, form)?;
    let spent: Vec<&Verified> = std::iter::once(&verified).chain(beside.as_ref()).collect();
    spend(app, &spent).await?;
    let grant = Grant {
        id: crypto::random_token(),
        client_id: client.client_id.clone(),
        pid: None,
        sid: None,
        scopes: scopes.clone(),
        acr: None,
        amr: Vec::new(),
        auth_time: None,
        locale: None,
        expires_at: now + client.access_token_lifetime,
        revoked: false,
    };
    let step = Step {
        scopes: &scopes,
        nonce: None,
        refresh_token: false,
    };
    let issued = issue_tokens(app, &client, &grant, step, now).await?;
    app.store
        .insert_grant_with_tokens(&grant, &issued.rows, now)
        .await
        .map_err(|e| internal(&e))?;
    Ok((client.client_id, issued.response))
}

/// SPEC §5: client credentials sent beside the assertion must be valid and
/// name the same client; a bare `client_id` must name it too.
async fn beside(
    app: &App,
    authorization: Option<&str>,
    form: &Params,
    client: &Client,
    now: i64,
) -> Result<Option<Verified>, OAuthError> {
    if !presents_credentials(authorization, form) {
        if form.get("client_id").is_some_and(|id| id != client.client_id) {
            return Err(OAuthError::invalid_grant(
                "client_id does not match the assertion's iss",
            ));
        }
        return Ok(None);
    }
    let authenticated = identify(app, authorization, form, now).await?;
    if authenticated.client.client_id != client.client_id {
        return Err(OAuthError::invalid_grant(
            "the assertion's iss is not the authenticated client",
        ));
    }
    Ok(authenticated.assertion)
}

/// The scopes of the assertion's `scope` claim, as ID-porten's clients send
/// them, else of the `scope` parameter; all registered on the client.
fn scopes(client: &Client, verified: &Verified, form: &Params) -> Result<Scopes, OAuthError> {
    let scopes = verified
        .claims
        .scope
        .clone()
        .or_else(|| form.get("scope").map(Scopes::parse))
        .unwrap_or_default();
    if scopes.is_empty() {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            "scope is required: list the scopes in the assertion's scope claim",
        ));
    }
    // A server token speaks for no citizen: `user/…` and OpenID scopes
    // belong to the code flow.
    if let Some(scope) = scopes.iter().find(|s| !is_server_scope(s)) {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            format!("the jwt-bearer grant issues only global/ scopes, not {scope}"),
        ));
    }
    if !scopes.is_subset_of(&client.scopes()) {
        return Err(OAuthError::new(
            ErrorCode::InvalidScope,
            "scope holds a scope not registered for this client",
        ));
    }
    Ok(scopes)
}
