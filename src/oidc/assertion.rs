//! Verifying the JWTs clients sign (SPEC §5, RFC 7523): `client_assertion`
//! for `private_key_jwt` and the jwt-bearer grant's `assertion`. The key is
//! one of the client's registered `jwks`, or the business certificate in
//! `x5c` when its chain leads to a trusted CA and it carries the client's
//! organisation number. Each assertion is accepted once.

use serde_json::Value;

use super::reply::internal;
use crate::core::assertion::{AssertionClaims, AssertionError, Purpose, check_claims};
use crate::core::client::Client;
use crate::core::error::OAuthError;
use crate::crypto::x509::TrustStore;
use crate::crypto::{self, CryptoError, JwsAlg, PublicKey, UnverifiedJws};
use crate::domain::OrgNo;
use crate::store::UsedAssertion;
use crate::web::App;

/// An assertion read, not yet trusted.
pub struct Assertion {
    token: String,
    claims: Value,
    purpose: Purpose,
}

/// An assertion whose signature and claims passed; not yet spent.
pub struct Verified {
    pub purpose: Purpose,
    pub claims: AssertionClaims,
    used: UsedAssertion,
}

impl Assertion {
    pub fn parse(token: &str, purpose: Purpose) -> Result<Assertion, OAuthError> {
        let jws = UnverifiedJws::parse(token).map_err(|e| purpose.refuse(malformed(e)))?;
        Ok(Assertion {
            token: token.to_owned(),
            claims: jws.claims,
            purpose,
        })
    }

    /// The active client the assertion names in `iss`.
    pub async fn client(&self, app: &App) -> Result<Client, OAuthError> {
        let iss = match self.claims.get("iss") {
            Some(Value::String(iss)) => iss,
            Some(_) => return Err(self.purpose.refuse(AssertionError::WrongType("iss"))),
            None => return Err(self.purpose.refuse(AssertionError::Missing("iss"))),
        };
        let client = app.store.client(iss).await.map_err(|e| internal(&e))?;
        client
            .filter(|c| c.active)
            .ok_or_else(|| self.purpose.refuse(AssertionError::UnknownClient))
    }

    /// Checks the claims, then the signature, for `client` at `now`.
    pub async fn verify(self, app: &App, client: &Client, now: i64) -> Result<Verified, OAuthError> {
        let Assertion { token, claims, purpose } = self;
        let refuse = |e| purpose.refuse(e);
        let checked = check_claims(&claims, &client.client_id, &app.config.issuer, purpose, now).map_err(refuse)?;
        let jti_hash = crypto::token_hash(checked.jti.as_deref().unwrap_or(&token));
        let keys = ClientKeys {
            jwks: client.jwks.clone(),
            orgno: client.client_orgno.clone(),
        };
        let trust = app.trust.current();
        // Signature and chain checks are CPU work: off the async executor.
        tokio::task::spawn_blocking(move || check_signature(&token, &keys, &trust, now))
            .await
            .map_err(|e| internal(&e))?
            .map_err(refuse)?;
        Ok(Verified {
            purpose,
            used: UsedAssertion {
                client_id: client.client_id.clone(),
                jti_hash,
                expires_at: checked.expires_at,
            },
            claims: checked,
        })
    }
}

/// Spends verified assertions, all or none; the first one used before is
/// refused.
pub async fn spend(app: &App, verified: &[&Verified]) -> Result<(), OAuthError> {
    let uses: Vec<&UsedAssertion> = verified.iter().map(|v| &v.used).collect();
    let replayed = app.store.use_assertions(&uses).await.map_err(|e| internal(&e))?;
    match replayed.and_then(|index| verified.get(index)) {
        None => Ok(()),
        Some(again) => {
            tracing::warn!(client_id = %again.used.client_id, "assertion replayed");
            Err(again.purpose.refuse(AssertionError::Replayed))
        }
    }
}

/// What a client registered to sign with.
struct ClientKeys {
    jwks: Option<Value>,
    orgno: Option<OrgNo>,
}

fn malformed(error: CryptoError) -> AssertionError {
    AssertionError::Malformed(error.to_string())
}

/// Checks the signature of `token` with the key from its `x5c` header when
/// it has one, else with the client's registered key.
fn check_signature(token: &str, keys: &ClientKeys, trust: &TrustStore, now: i64) -> Result<(), AssertionError> {
    let jws = UnverifiedJws::parse(token).map_err(malformed)?;
    let alg = jws
        .alg()
        .ok_or_else(|| AssertionError::Algorithm("(none given)".into()))?;
    if JwsAlg::parse(alg).is_none() {
        return Err(AssertionError::Algorithm(alg.to_owned()));
    }
    let key = match jws.header.get("x5c") {
        Some(x5c) => certificate_key(x5c, keys.orgno.as_ref(), trust, now)?,
        None => registered_key(keys.jwks.as_ref(), jws.kid(), alg)?,
    };
    jws.verify(&key).map(|_| ()).map_err(|e| match e {
        CryptoError::BadSignature => AssertionError::Signature,
        CryptoError::Malformed(_) => malformed(e),
        other => AssertionError::Key(other.to_string()),
    })
}

/// The registered key named by `kid`, or the only one when there is no `kid`.
fn registered_key(jwks: Option<&Value>, kid: Option<&str>, alg: &str) -> Result<PublicKey, AssertionError> {
    let keys = jwks
        .and_then(|j| j.get("keys"))
        .and_then(Value::as_array)
        .filter(|keys| !keys.is_empty())
        .ok_or_else(|| {
            AssertionError::Key("the client has no registered keys (jwks), and the header has no x5c".into())
        })?;
    let jwk = match (kid, keys.as_slice()) {
        (Some(kid), _) => keys
            .iter()
            .find(|k| k.get("kid").and_then(Value::as_str) == Some(kid))
            .ok_or_else(|| AssertionError::Key("no key with this kid is registered for the client".into()))?,
        (None, [only]) => only,
        (None, _) => {
            return Err(AssertionError::Key(
                "the header needs a kid, as the client has several keys".into(),
            ));
        }
    };
    if let Some(registered) = jwk.get("alg").and_then(Value::as_str)
        && registered != alg
    {
        return Err(AssertionError::Key(format!(
            "the key is registered for alg {registered}"
        )));
    }
    crypto::jwk_public_key(jwk).map_err(|e| AssertionError::Key(format!("the registered key is unusable: {e}")))
}

/// The key of a business certificate chain that leads to a trusted CA and
/// carries the client's organisation number.
fn certificate_key(
    x5c: &Value,
    orgno: Option<&OrgNo>,
    trust: &TrustStore,
    now: i64,
) -> Result<PublicKey, AssertionError> {
    let refused = |reason: String| AssertionError::Certificate(reason);
    let orgno = orgno.ok_or_else(|| refused("the client has no registered organisation number".into()))?;
    let chain: Vec<&str> = x5c
        .as_array()
        .and_then(|certificates| certificates.iter().map(Value::as_str).collect())
        .ok_or_else(|| refused("x5c must be an array of base64 certificates".into()))?;
    let certificate = trust.verify(&chain, now).map_err(|e| refused(e.to_string()))?;
    match certificate.orgno {
        Some(found) if found == orgno.as_str() => Ok(certificate.key),
        Some(_) => Err(refused(
            "its organisation number is not the client's (client_orgno)".into(),
        )),
        None => Err(refused("it carries no organisation number".into())),
    }
}
