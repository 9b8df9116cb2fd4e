//! Subjects and the claims of the tokens porten signs (SPEC §5).

use serde_json::{Value, json};

use crate::core::client::Client;
use crate::crypto;
use crate::domain::{Acr, Amr, PROFILE, Scopes};

/// Lifetime of an id_token, in seconds.
pub const ID_TOKEN_LIFETIME: i64 = 120;

/// base64url(HMAC-SHA-256(salt, sector ‖ pid)): stable within one sector,
/// unlinkable across sectors.
pub fn pairwise_sub(salt: &[u8], sector: &str, pid: &str) -> String {
    crypto::b64url(crypto::hmac_sha256(salt, format!("{sector}{pid}").as_bytes()))
}

/// Everything an id_token says about one login.
pub struct IdTokenClaims<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub sub: &'a str,
    pub pid: &'a str,
    pub acr: Acr,
    pub amr: &'a [Amr],
    pub auth_time: i64,
    pub nonce: Option<&'a str>,
    pub sid: &'a str,
    pub locale: &'a str,
    pub access_token: &'a str,
    pub now: i64,
}

impl IdTokenClaims<'_> {
    pub fn to_json(&self) -> Value {
        let mut claims = json!({
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": self.sub,
            "pid": self.pid,
            "acr": self.acr,
            "amr": self.amr,
            "auth_time": self.auth_time,
            "iat": self.now,
            "exp": self.now + ID_TOKEN_LIFETIME,
            "jti": crypto::random_token(),
            "sid": self.sid,
            "locale": self.locale,
            "at_hash": crypto::at_hash(self.access_token),
        });
        if let Some(nonce) = self.nonce {
            claims["nonce"] = json!(nonce);
        }
        claims
    }
}

/// The claims of a JWT access token (RFC 9068 2.2).
pub struct AccessTokenClaims<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub sub: &'a str,
    /// Only when the scopes allow it (`profile`).
    pub pid: Option<&'a str>,
    pub scopes: &'a Scopes,
    pub acr: Option<Acr>,
    pub now: i64,
    pub expires_at: i64,
}

impl AccessTokenClaims<'_> {
    pub fn to_json(&self) -> Value {
        let mut claims = json!({
            "iss": self.issuer,
            "aud": self.client_id,
            "sub": self.sub,
            "client_id": self.client_id,
            "scope": self.scopes.to_string(),
            "iat": self.now,
            "exp": self.expires_at,
            "jti": crypto::random_token(),
        });
        if let Some(acr) = self.acr {
            claims["acr"] = json!(acr);
        }
        if let (Some(pid), true) = (self.pid, self.scopes.contains(PROFILE)) {
            claims["pid"] = json!(pid);
        }
        claims
    }
}

/// The `sub` of a grant's tokens for `client`: the citizen's pairwise
/// subject, or for a server's own grant (jwt-bearer) the client itself.
pub fn subject(salt: &[u8], client: &Client, pid: Option<&str>) -> String {
    match pid {
        Some(pid) => pairwise_sub(salt, client.sector(), pid),
        None => client.client_id.clone(),
    }
}

/// Whether a JWT's `aud` (one string, or an array) holds `expected`.
pub fn names_audience(aud: Option<&Value>, expected: &str) -> bool {
    match aud {
        Some(Value::String(aud)) => aud == expected,
        Some(Value::Array(auds)) => auds.iter().any(|a| a.as_str() == Some(expected)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairwise_subjects_differ_by_sector_only() {
        let a = pairwise_sub(b"salt", "sector-a", "01019010046");
        assert_eq!(a, pairwise_sub(b"salt", "sector-a", "01019010046"));
        assert_ne!(a, pairwise_sub(b"salt", "sector-b", "01019010046"));
        assert_ne!(a, pairwise_sub(b"salt", "sector-a", "15058510170"));
        assert_eq!(a.len(), 43);
    }

    #[test]
    fn id_token_claims_carry_every_field() {
        let claims = IdTokenClaims {
            issuer: "https://op.example/",
            client_id: "app",
            sub: "s",
            pid: "01019010046",
            acr: Acr::Level3,
            amr: &[Amr::Pwd],
            auth_time: 10,
            nonce: Some("n"),
            sid: "sid",
            locale: "nn",
            access_token: "token",
            now: 20,
        }
        .to_json();
        assert_eq!(claims["amr"], json!(["pwd"]));
        assert_eq!(claims["acr"], json!("Level3"));
        assert_eq!(claims["exp"], json!(140));
        assert_eq!(claims["nonce"], json!("n"));
        assert_eq!(claims["at_hash"], json!(crypto::at_hash("token")));
    }
}
