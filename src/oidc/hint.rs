//! Reading back an id_token porten issued (`id_token_hint`).

use serde_json::Value;

use crate::core::client::Client;
use crate::core::logout::{is_id_token, names_citizen};
use crate::crypto::{UnverifiedJws, rsa_public_key};
use crate::web::App;

/// The claims of an id_token porten signed, expired or not; `None` for
/// anything else (another issuer, another key, `alg: none`, tampering, and
/// anything porten signed that is not an id_token: a JWT access token or a
/// signed register answer).
pub async fn verified_claims(app: &App, token: &str, now: i64) -> Option<Value> {
    let jws = UnverifiedJws::parse(token).ok()?;
    if !is_id_token(&jws.header, &jws.claims, &app.config.issuer) {
        return None;
    }
    let jwks = app.keys.jwks(now).await.ok()?;
    let jwk = jwks.iter().find(|k| Some(k.kid.as_str()) == jws.kid())?;
    jws.verify_rs256(&rsa_public_key(&jwk.n, &jwk.e).ok()?).ok()?;
    Some(jws.claims)
}

/// Whether `token` is an id_token of ours, for `client`, about citizen `pid`.
pub async fn names_user(app: &App, token: &str, client: &Client, pid: &str, now: i64) -> bool {
    let Some(claims) = verified_claims(app, token, now).await else {
        return false;
    };
    names_citizen(&claims, client, &app.secrets.pairwise_salt, pid)
}
