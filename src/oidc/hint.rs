//! Reading back an id_token porten issued (`id_token_hint`).

use serde_json::Value;

use crate::core::client::Client;
use crate::core::logout::names_citizen;
use crate::crypto::{UnverifiedJws, rsa_public_key};
use crate::web::App;

/// The claims of an id_token porten signed, expired or not; `None` for
/// anything else (another issuer, another key, `alg: none`, tampering).
pub async fn verified_claims(app: &App, token: &str, now: i64) -> Option<Value> {
    let jws = UnverifiedJws::parse(token).ok()?;
    let jwks = app.keys.jwks(now).await.ok()?;
    let jwk = jwks.iter().find(|k| Some(k.kid.as_str()) == jws.kid())?;
    jws.verify_rs256(&rsa_public_key(&jwk.n, &jwk.e).ok()?).ok()?;
    (jws.claims.get("iss").and_then(Value::as_str) == Some(app.config.issuer.as_str())).then_some(jws.claims)
}

/// Whether `token` is an id_token of ours, for `client`, about citizen `pid`.
pub async fn names_user(app: &App, token: &str, client: &Client, pid: &str, now: i64) -> bool {
    let Some(claims) = verified_claims(app, token, now).await else {
        return false;
    };
    names_citizen(&claims, client, &app.secrets.pairwise_salt, pid)
}
