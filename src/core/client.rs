//! A registered client (relying party) and the rules its registration obeys.

use serde::{Deserialize, Serialize};

use crate::domain::{AccessTokenFormat, AuthMethod, GrantType, KNOWN_SCOPES, OrgNo, RefreshTokenUsage, Scopes};

pub const DEFAULT_ACCESS_TOKEN_LIFETIME: i64 = 120;
pub const DEFAULT_REFRESH_TOKEN_LIFETIME: i64 = 7200;
pub const DEFAULT_AUTHORIZATION_LIFETIME: i64 = 7200;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Client {
    pub client_id: String,
    #[serde(skip)]
    pub secret_hash: Option<String>,
    pub client_orgno: Option<OrgNo>,
    pub display_name: String,
    pub redirect_uris: Vec<String>,
    pub post_logout_redirect_uris: Vec<String>,
    pub scopes: Vec<String>,
    pub authorization_lifetime: i64,
    pub access_token_lifetime: i64,
    pub refresh_token_lifetime: i64,
    pub token_endpoint_auth_method: AuthMethod,
    pub grant_types: Vec<GrantType>,
    pub refresh_token_usage: RefreshTokenUsage,
    pub jwks: Option<serde_json::Value>,
    pub frontchannel_logout_uri: Option<String>,
    pub frontchannel_logout_session_required: bool,
    pub introspection: bool,
    pub access_token_format: AccessTokenFormat,
    pub sector: Option<String>,
    pub force_pkce: bool,
    pub active: bool,
}

/// Which redirect, post-logout and front-channel URIs a deployment accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UriRules {
    /// Test profiles: `http` or `https`.
    Http,
    /// `prod`: `https`, or `http` on a loopback address (RFC 8252 7.3).
    Https,
}

impl UriRules {
    pub fn for_prod(prod: bool) -> UriRules {
        if prod { UriRules::Https } else { UriRules::Http }
    }
}

/// The longest lifetime a registration may give: long enough for any real
/// need, short enough that `now + lifetime` never overflows.
const TEN_YEARS: i64 = 10 * 365 * 24 * 3600;

impl Client {
    pub fn new(client_id: &str) -> Client {
        Client {
            client_id: client_id.to_owned(),
            secret_hash: None,
            client_orgno: None,
            display_name: client_id.to_owned(),
            redirect_uris: Vec::new(),
            post_logout_redirect_uris: Vec::new(),
            scopes: vec!["openid".into(), "profile".into()],
            authorization_lifetime: DEFAULT_AUTHORIZATION_LIFETIME,
            access_token_lifetime: DEFAULT_ACCESS_TOKEN_LIFETIME,
            refresh_token_lifetime: DEFAULT_REFRESH_TOKEN_LIFETIME,
            token_endpoint_auth_method: AuthMethod::ClientSecretBasic,
            grant_types: vec![GrantType::AuthorizationCode],
            refresh_token_usage: RefreshTokenUsage::OneTime,
            jwks: None,
            frontchannel_logout_uri: None,
            frontchannel_logout_session_required: false,
            introspection: false,
            access_token_format: AccessTokenFormat::Opaque,
            sector: None,
            force_pkce: false,
            active: true,
        }
    }

    pub fn scopes(&self) -> Scopes {
        Scopes::from_vec(self.scopes.clone())
    }

    pub fn has_grant_type(&self, grant_type: GrantType) -> bool {
        self.grant_types.contains(&grant_type)
    }

    /// The pairwise sector: clients sharing it get the same `sub`.
    pub fn sector(&self) -> &str {
        self.sector.as_deref().unwrap_or(&self.client_id)
    }

    pub fn needs_secret(&self) -> bool {
        matches!(
            self.token_endpoint_auth_method,
            AuthMethod::ClientSecretBasic | AuthMethod::ClientSecretPost
        )
    }

    /// PKCE is required for public clients and for clients registered so.
    pub fn requires_pkce(&self) -> bool {
        self.force_pkce || self.token_endpoint_auth_method == AuthMethod::None
    }

    /// The rules of a registration, checked before it is stored.
    pub fn validate(&self, rules: UriRules) -> Result<(), String> {
        // RFC 3986 unreserved characters only: such an id reads the same
        // form-encoded or not, in Basic credentials, URLs and logs.
        let unreserved = |c: char| c.is_ascii_alphanumeric() || "-._~".contains(c);
        if self.client_id.is_empty() || self.client_id.len() > 255 || !self.client_id.chars().all(unreserved) {
            return Err("client_id must be 1 to 255 of the characters A-Z a-z 0-9 - . _ ~".into());
        }
        if self.sector.as_deref().is_some_and(|s| s.trim().is_empty()) {
            return Err("sector must not be empty (leave it out to use the client id)".into());
        }
        if self.display_name.trim().is_empty() {
            return Err("display_name must not be empty".into());
        }
        for uri in self.redirect_uris.iter().chain(&self.post_logout_redirect_uris) {
            check_uri(uri, rules)?;
        }
        if self.has_grant_type(GrantType::AuthorizationCode) && self.redirect_uris.is_empty() {
            return Err("a client with the authorization_code grant needs at least one redirect_uri".into());
        }
        if let Some(unknown) = self.scopes.iter().find(|s| !KNOWN_SCOPES.contains(&s.as_str())) {
            return Err(format!(
                "unknown scope {unknown:?}; porten knows {}",
                KNOWN_SCOPES.join(", ")
            ));
        }
        if self.grant_types.is_empty() {
            return Err("a client needs at least one grant type".into());
        }
        for (name, value) in [
            ("authorization_lifetime", self.authorization_lifetime),
            ("access_token_lifetime", self.access_token_lifetime),
            ("refresh_token_lifetime", self.refresh_token_lifetime),
        ] {
            if !(1..=TEN_YEARS).contains(&value) {
                return Err(format!("{name} must be between 1 and {TEN_YEARS} seconds"));
            }
        }
        // A JWT access token must not outlive its key's place in `jwk` (SPEC §6).
        if self.access_token_lifetime > crate::keys::RETIRE_AFTER {
            return Err(format!(
                "access_token_lifetime must be at most {} seconds: a rotated-out key stays published that long",
                crate::keys::RETIRE_AFTER
            ));
        }
        // RFC 9700 4.14.2: public clients' refresh tokens must rotate.
        if self.token_endpoint_auth_method == AuthMethod::None && self.refresh_token_usage == RefreshTokenUsage::Reuse {
            return Err("refresh_token_usage reuse is not allowed for clients with auth method none".into());
        }
        if self.token_endpoint_auth_method == AuthMethod::PrivateKeyJwt
            && self.jwks.is_none()
            && self.client_orgno.is_none()
        {
            return Err("private_key_jwt needs jwks or an organisation number for business certificates".into());
        }
        if self.has_grant_type(GrantType::JwtBearer) && self.jwks.is_none() && self.client_orgno.is_none() {
            return Err("the jwt-bearer grant needs jwks or an organisation number for business certificates".into());
        }
        if let Some(jwks) = &self.jwks {
            let keys = jwks
                .get("keys")
                .and_then(|k| k.as_array())
                .ok_or("jwks must be a JWK set: {\"keys\": [...]}")?;
            if keys.iter().any(|k| k.get("kid").and_then(|v| v.as_str()).is_none()) {
                return Err("every key in jwks needs a kid".into());
            }
        }
        if let Some(uri) = &self.frontchannel_logout_uri {
            check_uri(uri, rules)?;
            let origin = |u: &str| url::Url::parse(u).map(|u| u.origin()).ok();
            if !self.redirect_uris.iter().any(|r| origin(r) == origin(uri)) {
                return Err("frontchannel_logout_uri must share scheme, host and port with a redirect_uri".into());
            }
        }
        Ok(())
    }
}

/// RFC 6749 3.1.2 and RFC 9700 2.1: an absolute `http(s)` URI without
/// fragment or user information; in `prod` `https`, or `http` on a loopback
/// address for native apps (RFC 8252 7.3). Other schemes (`javascript:`,
/// `data:`, custom ones) are refused everywhere.
fn check_uri(uri: &str, rules: UriRules) -> Result<(), String> {
    let parsed = url::Url::parse(uri).map_err(|e| format!("{uri:?} is not an absolute URI: {e}"))?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "{uri:?} must be an https URI (scheme {} is refused)",
            parsed.scheme()
        ));
    }
    if parsed.fragment().is_some() || uri.contains('#') {
        return Err(format!("{uri:?} must not have a fragment"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(format!(
            "{uri:?} must not carry user information (user@ or user:password@)"
        ));
    }
    if parsed.cannot_be_a_base() || parsed.host().is_none() {
        return Err(format!("{uri:?} is not a usable redirect URI"));
    }
    let loopback = match parsed.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        _ => false,
    };
    if rules == UriRules::Https && parsed.scheme() != "https" && !loopback {
        return Err(format!(
            "{uri:?} must be https in prod (http only on a loopback address such as 127.0.0.1, RFC 8252)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client() -> Client {
        let mut client = Client::new("app");
        client.redirect_uris = vec!["https://app.example/cb".into()];
        client
    }

    #[test]
    fn a_plain_client_is_valid() {
        assert_eq!(client().validate(UriRules::Http), Ok(()));
    }

    #[test]
    fn fragments_and_public_reuse_are_refused() {
        let mut c = client();
        c.redirect_uris = vec!["https://app.example/cb#x".into()];
        assert!(c.validate(UriRules::Http).is_err());
        let mut c = client();
        c.token_endpoint_auth_method = AuthMethod::None;
        c.refresh_token_usage = RefreshTokenUsage::Reuse;
        assert!(c.validate(UriRules::Http).is_err());
    }

    #[test]
    fn signed_assertions_need_a_key_or_an_organisation_number() {
        let mut c = client();
        c.grant_types = vec![GrantType::JwtBearer];
        assert!(c.validate(UriRules::Http).is_err());
        c.client_orgno = OrgNo::parse("974760673");
        assert_eq!(c.validate(UriRules::Http), Ok(()));
        c.client_orgno = None;
        c.jwks = Some(serde_json::json!({"keys": [{"kty": "RSA", "kid": "k", "n": "AQAB", "e": "AQAB"}]}));
        assert_eq!(c.validate(UriRules::Http), Ok(()));
    }

    #[test]
    fn client_ids_are_unreserved_characters() {
        for id in ["app", "oidc_nav-test.1~x", "0d1f1c7e-4b4c-4a55-9f0c-2d2f8a6a0e11"] {
            assert_eq!(
                Client {
                    client_id: id.into(),
                    ..client()
                }
                .validate(UriRules::Http),
                Ok(()),
                "{id}"
            );
        }
        for id in ["", "a b", "a:b", "a+b", "a/b", "æ"] {
            assert!(
                Client {
                    client_id: id.into(),
                    ..client()
                }
                .validate(UriRules::Http)
                .is_err(),
                "{id:?}"
            );
        }
    }

    #[test]
    fn access_tokens_live_no_longer_than_retired_keys_stay_published() {
        let mut c = client();
        c.access_token_lifetime = crate::keys::RETIRE_AFTER;
        assert_eq!(c.validate(UriRules::Http), Ok(()));
        c.access_token_lifetime = crate::keys::RETIRE_AFTER + 1;
        assert!(c.validate(UriRules::Http).is_err());
    }

    #[test]
    fn prod_takes_https_or_loopback_http_and_no_other_scheme_anywhere() {
        let with = |uri: &str| {
            let mut c = client();
            c.redirect_uris = vec![uri.into()];
            c
        };
        for uri in ["https://app.example/cb", "http://127.0.0.1:8000/cb", "http://[::1]/cb"] {
            assert_eq!(with(uri).validate(UriRules::Https), Ok(()), "{uri}");
        }
        for uri in ["http://app.example/cb", "http://localhost/cb"] {
            assert!(with(uri).validate(UriRules::Https).is_err(), "{uri}");
            assert_eq!(with(uri).validate(UriRules::Http), Ok(()), "{uri}");
        }
        for uri in [
            "javascript://x/%0aalert(1)",
            "data:text/html,x",
            "com.example.app:/cb",
            "https://user:pw@app.example/cb",
            "https://user@app.example/cb",
            "https://app.example/cb#x",
        ] {
            for rules in [UriRules::Http, UriRules::Https] {
                assert!(with(uri).validate(rules).is_err(), "{uri} {rules:?}");
            }
        }
        let mut c = client();
        c.post_logout_redirect_uris = vec!["http://app.example/out".into()];
        assert!(c.validate(UriRules::Https).is_err());
        let mut c = client();
        c.frontchannel_logout_uri = Some("javascript://app.example/%0aalert(1)".into());
        assert!(c.validate(UriRules::Http).is_err());
    }

    #[test]
    fn frontchannel_logout_must_share_an_origin() {
        let mut c = client();
        c.frontchannel_logout_uri = Some("https://evil.example/logout".into());
        assert!(c.validate(UriRules::Http).is_err());
        c.frontchannel_logout_uri = Some("https://app.example/logout".into());
        assert_eq!(c.validate(UriRules::Http), Ok(()));
    }
}
