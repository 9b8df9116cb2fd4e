//! The claims rules of the JWTs clients sign (SPEC §5, RFC 7523 3): the
//! `client_assertion` of `private_key_jwt` and the `assertion` of the
//! jwt-bearer grant.

use serde_json::Value;

use crate::core::claims::names_audience;
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
    if !names_audience(claims.get("aud"), issuer) {
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
    // Checked: both come from the assertion, and i64::MAX - -1 overflows.
    if exp
        .checked_sub(iat)
        .is_none_or(|lifetime| lifetime <= 0 || lifetime > MAX_LIFETIME)
    {
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
mod proptests;
#[cfg(test)]
mod tests;
