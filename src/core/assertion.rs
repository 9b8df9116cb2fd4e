//! The claims rules of the JWTs clients sign (SPEC §5, RFC 7523 3): the
//! `client_assertion` of `private_key_jwt` and the `assertion` of the
//! jwt-bearer grant.

use serde_json::Value;

use crate::core::error::{ErrorCode, OAuthError};
use crate::domain::Scopes;

/// The longest an assertion may live: `exp - iat`.
pub const MAX_LIFETIME: i64 = 120;

/// How far a client's clock may run ahead of ours (`iat`, `nbf`).
pub const CLOCK_SKEW: i64 = 10;

/// What an assertion is used for, which decides its parameter name, the
/// error code of a refusal and whether `sub` and `jti` are required.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// `client_assertion` (`private_key_jwt`).
    ClientAuthentication,
    /// `assertion` of the jwt-bearer grant.
    Grant,
}

impl Purpose {
    /// The form parameter that carries the assertion.
    pub fn parameter(self) -> &'static str {
        match self {
            Purpose::ClientAuthentication => "client_assertion",
            Purpose::Grant => "assertion",
        }
    }

    /// RFC 7521 4.2.1 and 4.1.1: a bad client assertion is `invalid_client`,
    /// a bad grant assertion `invalid_grant`.
    pub fn error_code(self) -> ErrorCode {
        match self {
            Purpose::ClientAuthentication => ErrorCode::InvalidClient,
            Purpose::Grant => ErrorCode::InvalidGrant,
        }
    }
}

/// Why an assertion is refused; the text follows the parameter's name in
/// the `error_description`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssertionError {
    #[error("is not a signed JWT ({0})")]
    Malformed(String),
    #[error("uses alg {0}; sign with RS256 or ES256")]
    Algorithm(String),
    #[error("has no {0} claim")]
    Missing(&'static str),
    #[error("has a {0} claim of the wrong type")]
    WrongType(&'static str),
    #[error("names an unknown client in iss")]
    UnknownClient,
    #[error("has an iss that is not the client id")]
    Issuer,
    #[error("has a sub that is not the client id (iss)")]
    Subject,
    #[error("has an aud that is not the issuer {0} (the token endpoint URL is not accepted)")]
    Audience(String),
    #[error("has expired (exp is past)")]
    Expired,
    #[error("is issued in the future (iat)")]
    IssuedInFuture,
    #[error("is not yet valid (nbf)")]
    NotYetValid,
    #[error("lives too long: exp must be after iat and at most {MAX_LIFETIME} seconds after it")]
    Lifetime,
    #[error("has been used before (jti)")]
    Replayed,
    #[error("cannot be checked: {0}")]
    Key(String),
    #[error("has a signature that does not verify with the client's key")]
    Signature,
    #[error("carries a business certificate (x5c) that is refused: {0}")]
    Certificate(String),
}

impl Purpose {
    /// The protocol error for an assertion refused for `error`.
    pub fn refuse(self, error: AssertionError) -> OAuthError {
        OAuthError::new(self.error_code(), format!("{} {error}", self.parameter()))
    }
}

/// The claims of an assertion that passed every rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssertionClaims {
    pub jti: Option<String>,
    pub expires_at: i64,
    /// The `scope` claim of a grant assertion.
    pub scope: Option<Scopes>,
}

fn string<'a>(claims: &'a Value, name: &'static str) -> Result<Option<&'a str>, AssertionError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(value)) => Ok(Some(value)),
        Some(_) => Err(AssertionError::WrongType(name)),
    }
}

/// RFC 7519 2: a NumericDate may carry fractions of a second.
fn time(claims: &Value, name: &'static str) -> Result<Option<i64>, AssertionError> {
    match claims.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => value
            .as_i64()
            .or_else(|| value.as_f64().filter(|f| f.is_finite()).map(|f| f as i64))
            .map(Some)
            .ok_or(AssertionError::WrongType(name)),
    }
}

fn names_issuer(aud: Option<&Value>, issuer: &str) -> bool {
    match aud {
        Some(Value::String(aud)) => aud == issuer,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(issuer)),
        _ => false,
    }
}

/// Checks the claims of an assertion from `client_id` at `now`.
///
/// `aud` must be the issuer itself: accepting the token endpoint URL opens
/// the audience-injection attack on RFC 7523 clients.
pub fn check_claims(
    claims: &Value,
    client_id: &str,
    issuer: &str,
    purpose: Purpose,
    now: i64,
) -> Result<AssertionClaims, AssertionError> {
    let iss = string(claims, "iss")?.ok_or(AssertionError::Missing("iss"))?;
    if iss != client_id {
        return Err(AssertionError::Issuer);
    }
    // RFC 7523 3: for client authentication sub is the client id; a grant
    // about the client itself may leave it out.
    match (string(claims, "sub")?, purpose) {
        (Some(sub), _) if sub != iss => return Err(AssertionError::Subject),
        (None, Purpose::ClientAuthentication) => return Err(AssertionError::Missing("sub")),
        _ => {}
    }
    if !names_issuer(claims.get("aud"), issuer) {
        return Err(AssertionError::Audience(issuer.to_owned()));
    }
    let exp = time(claims, "exp")?.ok_or(AssertionError::Missing("exp"))?;
    let iat = time(claims, "iat")?.ok_or(AssertionError::Missing("iat"))?;
    if exp <= now {
        return Err(AssertionError::Expired);
    }
    if iat > now + CLOCK_SKEW {
        return Err(AssertionError::IssuedInFuture);
    }
    if time(claims, "nbf")?.is_some_and(|nbf| nbf > now + CLOCK_SKEW) {
        return Err(AssertionError::NotYetValid);
    }
    if exp <= iat || exp - iat > MAX_LIFETIME {
        return Err(AssertionError::Lifetime);
    }
    let jti = string(claims, "jti")?.filter(|j| !j.is_empty());
    if jti.is_none() && purpose == Purpose::ClientAuthentication {
        return Err(AssertionError::Missing("jti"));
    }
    let scope = match purpose {
        Purpose::Grant => string(claims, "scope")?.map(Scopes::parse),
        Purpose::ClientAuthentication => None,
    };
    Ok(AssertionClaims {
        jti: jti.map(str::to_owned),
        expires_at: exp,
        scope,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    const NOW: i64 = 1_800_000_000;
    const ISSUER: &str = "https://login.example/";

    fn claims() -> Value {
        json!({
            "iss": "app", "sub": "app", "aud": ISSUER,
            "iat": NOW, "exp": NOW + 60, "jti": "j-1",
        })
    }

    fn check(claims: &Value, purpose: Purpose) -> Result<AssertionClaims, AssertionError> {
        check_claims(claims, "app", ISSUER, purpose, NOW)
    }

    fn with(name: &str, value: Value) -> Value {
        let mut c = claims();
        c[name] = value;
        c
    }

    fn without(name: &str) -> Value {
        let mut c = claims();
        c.as_object_mut().map(|o| o.remove(name));
        c
    }

    #[test]
    fn a_fresh_assertion_passes() {
        let checked = check(&claims(), Purpose::ClientAuthentication).unwrap();
        assert_eq!(checked.jti.as_deref(), Some("j-1"));
        assert_eq!(checked.expires_at, NOW + 60);
        assert!(check(&with("aud", json!(["other", ISSUER])), Purpose::ClientAuthentication).is_ok());
    }

    #[test]
    fn the_audience_is_the_issuer_only() {
        for aud in [json!(format!("{ISSUER}token")), json!(["other"]), json!(42)] {
            assert_eq!(
                check(&with("aud", aud), Purpose::ClientAuthentication),
                Err(AssertionError::Audience(ISSUER.into()))
            );
        }
    }

    #[test]
    fn times_are_bounded() {
        let cases = [
            (with("exp", json!(NOW)), AssertionError::Expired),
            (with("iat", json!(NOW + CLOCK_SKEW + 1)), AssertionError::IssuedInFuture),
            (with("nbf", json!(NOW + 60)), AssertionError::NotYetValid),
            (with("exp", json!(NOW + MAX_LIFETIME + 1)), AssertionError::Lifetime),
            (without("iat"), AssertionError::Missing("iat")),
            (with("exp", json!("soon")), AssertionError::WrongType("exp")),
        ];
        for (claims, error) in cases {
            assert_eq!(check(&claims, Purpose::Grant), Err(error));
        }
        assert!(check(&with("iat", json!(NOW + CLOCK_SKEW)), Purpose::Grant).is_ok());
        assert!(check(&with("exp", json!(NOW as f64 + 60.5)), Purpose::Grant).is_ok());
    }

    #[test]
    fn sub_and_jti_are_required_for_client_authentication_only() {
        assert_eq!(
            check(&without("sub"), Purpose::ClientAuthentication),
            Err(AssertionError::Missing("sub"))
        );
        assert_eq!(
            check(&without("jti"), Purpose::ClientAuthentication),
            Err(AssertionError::Missing("jti"))
        );
        let grant = check(&without("jti"), Purpose::Grant).unwrap();
        assert_eq!(grant.jti, None);
        assert!(check(&without("sub"), Purpose::Grant).is_ok());
        assert_eq!(
            check(&with("sub", json!("other")), Purpose::Grant),
            Err(AssertionError::Subject)
        );
        assert_eq!(
            check(&with("iss", json!("other")), Purpose::Grant),
            Err(AssertionError::Issuer)
        );
    }

    #[test]
    fn a_grant_reads_its_scope_claim() {
        let checked = check(&with("scope", json!("a b a")), Purpose::Grant).unwrap();
        assert_eq!(checked.scope.map(|s| s.to_string()), Some("a b".into()));
        assert_eq!(
            check(&with("scope", json!(["a"])), Purpose::Grant),
            Err(AssertionError::WrongType("scope"))
        );
    }
}
