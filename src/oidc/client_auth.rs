//! Client authentication at the back-channel endpoints (SPEC §5).

use base64::Engine;

use crate::core::authorize::Params;
use crate::core::client::Client;
use crate::core::error::OAuthError;
use crate::crypto;
use crate::domain::AuthMethod;
use crate::web::App;

/// The credentials a request presents.
enum Presented {
    Basic { id: String, secret: String },
    Post { id: String, secret: String },
    None { id: String },
}

fn form_decode(value: &str) -> Option<String> {
    // RFC 6749 2.3.1: id and secret are form-urlencoded before base64.
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(format!("v={value}").as_bytes())
        .into_owned()
        .collect();
    pairs.into_iter().next().map(|(_, v)| v)
}

fn presented(authorization: Option<&str>, form: &Params) -> Result<Presented, OAuthError> {
    let basic = authorization
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("basic"))
        .map(|(_, credentials)| credentials.trim());
    let form_secret = form.get("client_secret");
    if form.get("client_assertion").is_some() || form.get("client_assertion_type").is_some() {
        return Err(OAuthError::invalid_client(
            "client assertions are not supported for this client",
        ));
    }
    match (basic, form_secret) {
        (Some(_), Some(_)) => Err(OAuthError::invalid_request("use one client authentication method")),
        (Some(credentials), None) => {
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(credentials)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
            let (id, secret) = decoded
                .split_once(':')
                .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
            let (id, secret) = form_decode(id)
                .zip(form_decode(secret))
                .ok_or_else(|| OAuthError::invalid_client("malformed Basic credentials"))?;
            if form.get("client_id").is_some_and(|form_id| form_id != id) {
                return Err(OAuthError::invalid_request(
                    "client_id does not match the authenticated client",
                ));
            }
            Ok(Presented::Basic { id, secret })
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

/// The client a request authenticates as, by its registered method only.
pub async fn authenticate(app: &App, authorization: Option<&str>, form: &Params) -> Result<Client, OAuthError> {
    let presented = presented(authorization, form)?;
    let (id, method, secret) = match &presented {
        Presented::Basic { id, secret } => (id, AuthMethod::ClientSecretBasic, Some(secret)),
        Presented::Post { id, secret } => (id, AuthMethod::ClientSecretPost, Some(secret)),
        Presented::None { id } => (id, AuthMethod::None, None),
    };
    let client = app.store.client(id).await.map_err(|e| super::reply::internal(&e))?;
    let client = client
        .filter(|c| c.active)
        .ok_or_else(|| OAuthError::invalid_client("unknown client"))?;
    if client.token_endpoint_auth_method != method {
        return Err(OAuthError::invalid_client(format!(
            "client is registered for {}",
            client.token_endpoint_auth_method.as_str()
        )));
    }
    if let Some(secret) = secret {
        let expected = client.secret_hash.as_deref().unwrap_or_default();
        if !crypto::ct_eq(crypto::token_hash(secret).as_bytes(), expected.as_bytes()) {
            tracing::info!(client_id = %client.client_id, "wrong client secret");
            return Err(OAuthError::invalid_client("wrong client credentials"));
        }
    }
    Ok(client)
}
