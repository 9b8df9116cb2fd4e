//! Client authentication at the back-channel endpoints (SPEC §5).

use base64::Engine;

use super::assertion::{Assertion, Verified, spend};
use crate::core::assertion::Purpose;
use crate::core::authorize::{Params, form_decode};
use crate::core::client::Client;
use crate::core::error::OAuthError;
use crate::crypto;
use crate::domain::AuthMethod;
use crate::web::guards::{Authorization, FormBody};
use crate::web::{App, now};

/// RFC 7523 2.2: the `client_assertion_type` of `private_key_jwt`.
pub const JWT_BEARER_ASSERTION: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// The form parameters that authenticate a client, not part of any request.
pub const CLIENT_AUTH_PARAMS: &[&str] = &["client_secret", "client_assertion", "client_assertion_type"];

/// The credentials a request presents.
enum Presented {
    /// The secret as decoded, and as sent if that differs.
    Basic {
        id: String,
        secrets: Vec<String>,
    },
    Post {
        id: String,
        secret: String,
    },
    PrivateKeyJwt {
        id: Option<String>,
        assertion: String,
    },
    None {
        id: String,
    },
}

/// A client that proved who it is; its assertion, if it sent one, not yet spent.
pub struct Authenticated {
    pub client: Client,
    pub assertion: Option<Verified>,
}

fn basic_credentials(authorization: Option<&str>) -> Option<&str> {
    authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, credentials)| credentials.trim())
}

/// Whether a request carries client credentials: a secret or an assertion
/// (a bare `client_id` is none).
pub fn presents_credentials(authorization: Option<&str>, form: &Params) -> bool {
    basic_credentials(authorization).is_some() || CLIENT_AUTH_PARAMS.iter().any(|name| form.get(name).is_some())
}

fn client_assertion(form: &Params) -> Result<Option<&str>, OAuthError> {
    match (form.get("client_assertion_type"), form.get("client_assertion")) {
        (None, None) => Ok(None),
        (Some(JWT_BEARER_ASSERTION), Some(assertion)) => Ok(Some(assertion)),
        (Some(JWT_BEARER_ASSERTION), None) => Err(OAuthError::invalid_client("client_assertion is required")),
        (None, Some(_)) => Err(OAuthError::invalid_client(format!(
            "client_assertion_type {JWT_BEARER_ASSERTION} is required with client_assertion"
        ))),
        (Some(_), _) => Err(OAuthError::invalid_client(format!(
            "client_assertion_type must be {JWT_BEARER_ASSERTION}"
        ))),
    }
}

fn presented(authorization: Option<&str>, form: &Params) -> Result<Presented, OAuthError> {
    // RFC 6749 3.1: parameters must not be included more than once.
    if let Some(name) = form.first_repeated() {
        return Err(OAuthError::invalid_request(format!("parameter {name} is repeated")));
    }
    let basic = basic_credentials(authorization);
    let form_secret = form.get("client_secret");
    let assertion = client_assertion(form)?;
    // RFC 6749 2.3: one authentication method a request.
    if [basic.is_some(), form_secret.is_some(), assertion.is_some()]
        .iter()
        .filter(|present| **present)
        .count()
        > 1
    {
        return Err(OAuthError::invalid_request("use one client authentication method"));
    }
    if let Some(assertion) = assertion {
        return Ok(Presented::PrivateKeyJwt {
            id: form.get("client_id").map(str::to_owned),
            assertion: assertion.to_owned(),
        });
    }
    match (basic, form_secret) {
        (Some(credentials), _) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(credentials)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
            // RFC 6749 2.3.1: id and secret are form-urlencoded before base64.
            let (id, raw_secret) = (
                form_decode(id).ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?,
                secret,
            );
            if form.get("client_id").is_some_and(|form_id| form_id != id) {
                return Err(OAuthError::invalid_request(
                    "client_id does not match the authenticated client",
                ));
            }
            // Many libraries skip the encoding: a secret that decodes to
            // something else is also tried as sent.
            let mut secrets: Vec<String> = form_decode(raw_secret).into_iter().collect();
            if secrets.iter().all(|s| s != raw_secret) {
                secrets.push(raw_secret.to_owned());
            }
            Ok(Presented::Basic { id, secrets })
        }
        (None, Some(secret)) => {
            let id = form
                .get("client_id")
                .ok_or_else(|| OAuthError::invalid_client("client_id is required"))?;
            Ok(Presented::Post {
                id: id.to_owned(),
                secret: secret.to_owned(),
            })
        }
        (None, None) => {
            let id = form
                .get("client_id")
                .ok_or_else(|| OAuthError::invalid_client("client authentication is required"))?;
            Ok(Presented::None { id: id.to_owned() })
        }
    }
}

/// The method must be the registered one. Which one that is stays in the
/// log: an unauthenticated caller learns nothing about the registration.
fn check_method(client: &Client, method: AuthMethod) -> Result<(), OAuthError> {
    if client.token_endpoint_auth_method == method {
        return Ok(());
    }
    tracing::info!(
        client_id = %client.client_id,
        registered = client.token_endpoint_auth_method.as_str(),
        presented = method.as_str(),
        "client authenticated with a method it is not registered for"
    );
    Err(authentication_failed())
}

/// The one answer to a failed authentication: it tells a caller neither
/// whether the client exists nor how it authenticates (the log says which).
fn authentication_failed() -> OAuthError {
    OAuthError::invalid_client("client authentication failed")
}

async fn active_client(app: &App, id: &str) -> Result<Client, OAuthError> {
    let client = app.store.client(id).await.map_err(|e| super::reply::internal(&e))?;
    client.filter(|c| c.active).ok_or_else(|| {
        tracing::info!(client_id = %id, "unknown or inactive client");
        authentication_failed()
    })
}

/// The client a request authenticates as, by its registered method only; a
/// `client_assertion` is checked but not spent.
pub async fn identify(
    app: &App,
    authorization: Option<&str>,
    form: &Params,
    now: i64,
) -> Result<Authenticated, OAuthError> {
    let (id, method, secrets) = match presented(authorization, form)? {
        Presented::PrivateKeyJwt { id, assertion } => {
            let assertion = Assertion::parse(&assertion, Purpose::ClientAuthentication)?;
            let client = assertion.client(app).await?;
            if id.is_some_and(|id| id != client.client_id) {
                return Err(OAuthError::invalid_client(
                    "client_id does not match the client_assertion's iss",
                ));
            }
            check_method(&client, AuthMethod::PrivateKeyJwt)?;
            let verified = assertion.verify(app, &client, now).await?;
            return Ok(Authenticated {
                client,
                assertion: Some(verified),
            });
        }
        Presented::Basic { id, secrets } => (id, AuthMethod::ClientSecretBasic, secrets),
        Presented::Post { id, secret } => (id, AuthMethod::ClientSecretPost, vec![secret]),
        Presented::None { id } => (id, AuthMethod::None, Vec::new()),
    };
    let client = active_client(app, &id).await?;
    check_method(&client, method)?;
    if method != AuthMethod::None {
        let expected = client.secret_hash.as_deref().unwrap_or_default();
        let matches = |secret: &String| crypto::ct_eq(crypto::token_hash(secret).as_bytes(), expected.as_bytes());
        if !secrets.iter().any(matches) {
            tracing::info!(client_id = %client.client_id, "wrong client secret");
            return Err(authentication_failed());
        }
    }
    Ok(Authenticated {
        client,
        assertion: None,
    })
}

/// The client a request authenticates as, by its registered method only; a
/// `client_assertion` is spent.
pub async fn authenticate(app: &App, authorization: Option<&str>, form: &Params) -> Result<Client, OAuthError> {
    let Authenticated { client, assertion } = identify(app, authorization, form, now()).await?;
    if let Some(assertion) = &assertion {
        spend(app, &[assertion]).await?;
    }
    Ok(client)
}

/// The form of a back-channel request (`revoke`, `tokeninfo`, `par`) and the
/// client it authenticates as, which the handler's span records.
pub async fn authenticated_form(
    app: &App,
    body: FormBody,
    authorization: &Authorization,
) -> Result<(Params, Client), OAuthError> {
    let form = body.0.map_err(|e| OAuthError::invalid_request(e.describe()))?;
    let client = authenticate(app, authorization.0.as_deref(), &form).await?;
    tracing::Span::current().record("client_id", client.client_id.as_str());
    Ok((form, client))
}

#[cfg(test)]
mod proptests;
