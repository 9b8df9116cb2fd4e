//! Discovery (OIDC Discovery 1.0 §4, RFC 8414 §3) and the public keys.

use std::path::PathBuf;

use rocket::State;
use rocket::http::Status;
use serde_json::{Value, json};

use super::reply::NoStoreJson;
use crate::crypto::JwsAlg;
use crate::domain::{Acr, AuthMethod, GrantType, KNOWN_SCOPES, Lang};
use crate::web::page::{PageError, PageReason};
use crate::web::{App, now};

pub fn metadata(app: &App) -> Value {
    let config = &app.config;
    let endpoint = |name: &str| config.endpoint(name);
    let auth_methods: Vec<&str> = AuthMethod::ALL.iter().map(|m| m.as_str()).collect();
    let signing_algs: Vec<&str> = JwsAlg::ALL.iter().map(|a| a.as_str()).collect();
    let mut acr_values: Vec<Acr> = Acr::ALL.to_vec();
    acr_values.sort();
    json!({
        "issuer": config.issuer,
        "authorization_endpoint": endpoint("authorize"),
        "token_endpoint": endpoint("token"),
        "userinfo_endpoint": endpoint("userinfo"),
        "revocation_endpoint": endpoint("revoke"),
        "end_session_endpoint": endpoint("endsession"),
        "frontchannel_logout_supported": true,
        "frontchannel_logout_session_supported": true,
        "introspection_endpoint": endpoint("tokeninfo"),
        "pushed_authorization_request_endpoint": endpoint("par"),
        "require_pushed_authorization_requests": false,
        "jwks_uri": endpoint("jwk"),
        "response_types_supported": ["code"],
        "response_modes_supported": ["query", "form_post"],
        "subject_types_supported": ["pairwise"],
        "scopes_supported": KNOWN_SCOPES,
        "ui_locales_supported": Lang::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
        "id_token_signing_alg_values_supported": ["RS256"],
        "code_challenge_methods_supported": ["S256"],
        "grant_types_supported": GrantType::ALL.iter().map(|g| g.as_str()).collect::<Vec<_>>(),
        // RFC 8414 2: revoke, tokeninfo and par authenticate clients as token does.
        "token_endpoint_auth_methods_supported": auth_methods,
        "token_endpoint_auth_signing_alg_values_supported": signing_algs,
        "revocation_endpoint_auth_methods_supported": auth_methods,
        "revocation_endpoint_auth_signing_alg_values_supported": signing_algs,
        "introspection_endpoint_auth_methods_supported": auth_methods,
        "introspection_endpoint_auth_signing_alg_values_supported": signing_algs,
        "acr_values_supported": acr_values,
        "claims_supported": ["iss", "aud", "sub", "pid", "acr", "amr", "auth_time", "nonce", "iat", "exp", "jti", "sid", "locale", "at_hash"],
        "claims_parameter_supported": false,
        "request_parameter_supported": false,
        "request_uri_parameter_supported": false,
        "authorization_response_iss_parameter_supported": true,
    })
}

fn cached_json(value: Value) -> (Status, (rocket::http::ContentType, String)) {
    (Status::Ok, (rocket::http::ContentType::JSON, value.to_string()))
}

#[rocket::get("/.well-known/openid-configuration")]
pub fn openid_configuration(app: &State<App>) -> (Status, (rocket::http::ContentType, String)) {
    cached_json(metadata(app))
}

/// For clients that append the RFC 8414 suffix to the issuer.
#[rocket::get("/.well-known/oauth-authorization-server")]
pub fn oauth_metadata_suffix(app: &State<App>) -> (Status, (rocket::http::ContentType, String)) {
    cached_json(metadata(app))
}

/// RFC 8414 3.1: the well-known segment goes between host and issuer path.
#[rocket::get("/.well-known/oauth-authorization-server/<path..>")]
pub fn oauth_metadata(
    app: &State<App>,
    path: PathBuf,
) -> Result<(Status, (rocket::http::ContentType, String)), PageError> {
    let issuer_path = app.config.issuer_path();
    let wanted = issuer_path.trim_matches('/');
    if path.to_string_lossy().trim_matches('/') == wanted {
        Ok(cached_json(metadata(app)))
    } else {
        Err(PageError::new(PageReason::NotFound))
    }
}

#[rocket::get("/jwk")]
pub async fn jwk(app: &State<App>) -> NoStoreJson {
    match app.keys.jwks(now()).await {
        Ok(keys) => NoStoreJson(Status::Ok, json!({ "keys": keys })),
        Err(error) => {
            tracing::error!(%error, "keys unavailable");
            NoStoreJson(
                Status::ServiceUnavailable,
                json!({ "error": "temporarily_unavailable" }),
            )
        }
    }
}
