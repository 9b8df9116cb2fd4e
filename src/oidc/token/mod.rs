//! `token`: authenticates the client, then hands the request to its grant type.

mod authorization_code;
mod jwt_bearer;
mod refresh_token;

use rocket::State;
use rocket::http::Status;
use serde_json::{Value, json};

use super::client_auth::authenticate;
use super::reply::{JsonError, NoStoreJson, internal};
use crate::audit;
use crate::core::authorize::Params;
use crate::core::claims::{AccessTokenClaims, IdTokenClaims, subject};
use crate::core::client::Client;
use crate::core::error::{ErrorCode, OAuthError};
use crate::crypto;
use crate::domain::{AccessTokenFormat, GrantType, OPENID, RefreshTokenUsage, Scopes};
use crate::store::{Grant, IssuedToken, TokenKind};
use crate::web::guards::{Authorization, FormBody};
use crate::web::{App, now};

#[rocket::post("/token", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id, grant_type))]
pub async fn token(app: &State<App>, body: FormBody, authorization: Authorization) -> Result<NoStoreJson, JsonError> {
    let form = body.0.map_err(|e| OAuthError::invalid_request(e.describe()))?;
    // RFC 6749 3.1 (also checked where clients authenticate, for the other endpoints).
    if let Some(name) = form.first_repeated() {
        return Err(OAuthError::invalid_request(format!("parameter {name} is repeated")).into());
    }
    let grant_type = form
        .get("grant_type")
        .ok_or_else(|| OAuthError::invalid_request("grant_type is required"))?;
    let grant_type = GrantType::parse(grant_type)
        .ok_or_else(|| OAuthError::new(ErrorCode::UnsupportedGrantType, "unsupported grant_type"))?;
    tracing::Span::current().record("grant_type", grant_type.as_str());
    match grant(app, authorization.0.as_deref(), &form, grant_type).await {
        Ok((client_id, response)) => {
            app.metrics.token_issued(grant_type.as_str());
            crate::audit!(
                audit::TOKEN_ISSUED,
                grant_type = grant_type.as_str(),
                client = %client_id,
                scopes = response["scope"].as_str().unwrap_or_default(),
            );
            Ok(NoStoreJson(Status::Ok, response))
        }
        Err(error) => {
            crate::audit!(
                audit::TOKEN_REFUSED,
                grant_type = grant_type.as_str(),
                error = error.code.as_str(),
            );
            Err(error.into())
        }
    }
}

/// The grant type's answer, and the client it was for.
async fn grant(
    app: &App,
    authorization: Option<&str>,
    form: &Params,
    grant_type: GrantType,
) -> Result<(String, Value), OAuthError> {
    let now = now();
    match grant_type {
        // SPEC §5: the assertion itself authenticates the client.
        GrantType::JwtBearer => jwt_bearer::exchange(app, authorization, form, now).await,
        GrantType::AuthorizationCode => {
            let client = client_for(app, authorization, form, grant_type).await?;
            let response = authorization_code::redeem(app, &client, form, now).await?;
            Ok((client.client_id, response))
        }
        GrantType::RefreshToken => {
            let client = client_for(app, authorization, form, grant_type).await?;
            let response = refresh_token::refresh(app, &client, form, now).await?;
            Ok((client.client_id, response))
        }
    }
}

/// The client the request authenticates as, registered for `grant_type`.
async fn client_for(
    app: &App,
    authorization: Option<&str>,
    form: &Params,
    grant_type: GrantType,
) -> Result<Client, OAuthError> {
    let client = authenticate(app, authorization, form).await?;
    tracing::Span::current().record("client_id", client.client_id.as_str());
    require_grant_type(&client, grant_type)?;
    Ok(client)
}

/// RFC 6749 5.2: a grant type the client is not registered for.
pub fn require_grant_type(client: &Client, grant_type: GrantType) -> Result<(), OAuthError> {
    if client.has_grant_type(grant_type) {
        Ok(())
    } else {
        Err(OAuthError::new(
            ErrorCode::UnauthorizedClient,
            "grant_type not registered for this client",
        ))
    }
}

/// What one step of a grant hands out.
pub struct Step<'a> {
    /// The scopes of this step's access token: the grant's, or fewer.
    pub scopes: &'a Scopes,
    /// The nonce of the authorization request, on the first step only.
    pub nonce: Option<&'a str>,
    /// Whether a new refresh token goes out (not to `reuse` clients on refresh).
    pub refresh_token: bool,
}

/// The tokens of one step of a grant: the response, and the rows to store
/// (token hashes) in the same transaction as the step's other writes.
pub struct Issued {
    pub response: Value,
    pub rows: Vec<(String, IssuedToken)>,
}

/// Makes the tokens of one step of a grant: an access token, a refresh
/// token for clients registered with that grant type, and an id_token for
/// `openid` grants. Writes nothing: the caller stores `rows` with the rest
/// of the step, all or nothing.
pub async fn issue_tokens(
    app: &App,
    client: &Client,
    grant: &Grant,
    step: Step<'_>,
    now: i64,
) -> Result<Issued, OAuthError> {
    let access_expires = (now + client.access_token_lifetime).min(grant.expires_at);
    let sub = subject(&app.secrets.pairwise_salt, client, grant.pid.as_deref());
    let access_token = match client.access_token_format {
        AccessTokenFormat::Opaque => crypto::random_token(),
        AccessTokenFormat::Jwt => {
            let claims = AccessTokenClaims {
                issuer: &app.config.issuer,
                client_id: &client.client_id,
                sub: &sub,
                pid: grant.pid.as_deref(),
                scopes: step.scopes,
                acr: grant.acr,
                now,
                expires_at: access_expires,
            }
            .to_json();
            app.keys.sign("at+jwt", claims, now).await.map_err(|e| internal(&e))?
        }
    };
    let row = |token: &str, kind: TokenKind, scopes: &Scopes, expires_at: i64| {
        let issued = IssuedToken {
            grant_id: grant.id.clone(),
            kind,
            client_id: client.client_id.clone(),
            scopes: scopes.clone(),
            created_at: now,
            expires_at,
            used: false,
        };
        (crypto::token_hash(token), issued)
    };
    let mut rows = vec![row(&access_token, TokenKind::Access, step.scopes, access_expires)];
    let mut response = json!({
        "access_token": access_token,
        "token_type": "Bearer",
        "expires_in": access_expires - now,
        "scope": step.scopes.to_string(),
    });
    if step.refresh_token && client.has_grant_type(GrantType::RefreshToken) {
        let refresh_token = crypto::random_token();
        let refresh_expires = (now + client.refresh_token_lifetime).min(grant.expires_at);
        rows.push(row(&refresh_token, TokenKind::Refresh, &grant.scopes, refresh_expires));
        response["refresh_token"] = json!(refresh_token);
    }
    if let (true, Some(pid), Some(acr), Some(auth_time), Some(sid)) = (
        step.scopes.contains(OPENID),
        &grant.pid,
        grant.acr,
        grant.auth_time,
        &grant.sid,
    ) {
        let claims = IdTokenClaims {
            issuer: &app.config.issuer,
            client_id: &client.client_id,
            sub: &sub,
            pid,
            acr,
            amr: &grant.amr,
            auth_time,
            nonce: step.nonce,
            sid,
            locale: grant.locale.as_deref().unwrap_or("nb"),
            access_token: &access_token,
            now,
        }
        .to_json();
        response["id_token"] = json!(app.keys.sign("JWT", claims, now).await.map_err(|e| internal(&e))?);
    }
    Ok(Issued { response, rows })
}

/// Whether a refresh hands out a new refresh token.
pub fn rotates(client: &Client) -> bool {
    client.refresh_token_usage == RefreshTokenUsage::OneTime
}
