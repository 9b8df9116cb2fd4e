//! RP-Initiated Logout 1.0: what a verified `id_token_hint` vouches for, and
//! where the citizen may go afterwards.

use serde_json::Value;

use super::claims::{names_audience, pairwise_sub};
use super::client::Client;

/// Whether a JWS porten signed is one of its id_tokens: `typ` JWT (an access
/// token is `at+jwt`), from this issuer, for one client, in an SSO session.
/// Only such a token may serve as `id_token_hint`.
pub fn is_id_token(header: &Value, claims: &Value, issuer: &str) -> bool {
    fn text<'a>(value: &'a Value, name: &str) -> Option<&'a str> {
        value.get(name).and_then(Value::as_str).filter(|v| !v.is_empty())
    }
    header.get("typ").and_then(Value::as_str) == Some("JWT")
        && text(claims, "iss") == Some(issuer)
        && hinted_client_id(claims).is_some()
        && text(claims, "sub").is_some()
        && text(claims, "sid").is_some()
        && claims.get("client_id").is_none()
        && claims.get("scope").is_none()
}

/// The client a hint was issued to: its single audience.
pub fn hinted_client_id(claims: &Value) -> Option<&str> {
    match claims.get("aud") {
        Some(Value::String(aud)) => Some(aud),
        Some(Value::Array(auds)) if auds.len() == 1 => auds[0].as_str(),
        _ => None,
    }
}

/// Whether a hint for `client` names citizen `pid`: its pairwise `sub`.
pub fn names_citizen(claims: &Value, client: &Client, salt: &[u8], pid: &str) -> bool {
    let sub = pairwise_sub(salt, client.sector(), pid);
    names_audience(claims.get("aud"), &client.client_id) && claims.get("sub").and_then(Value::as_str) == Some(&sub)
}

/// RP-Initiated Logout 1.0 §3: only a URI that the hint's client registered,
/// compared exactly, with `state` added; never an unverified one.
pub fn post_logout_target(requested: Option<&str>, client: Option<&Client>, state: Option<&str>) -> Option<String> {
    let (uri, client) = requested.zip(client)?;
    if !client
        .post_logout_redirect_uris
        .iter()
        .any(|registered| registered == uri)
    {
        return None;
    }
    let state: Vec<(&str, &str)> = state.map(|state| ("state", state)).into_iter().collect();
    Some(super::authorize::with_query(uri, &state))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn client() -> Client {
        let mut client = Client::new("app");
        client.post_logout_redirect_uris = vec!["https://app.example/out".into()];
        client
    }

    #[test]
    fn only_a_registered_uri_exactly_and_with_state() {
        let c = client();
        assert_eq!(
            post_logout_target(Some("https://app.example/out"), Some(&c), Some("s 1")),
            Some("https://app.example/out?state=s+1".into())
        );
        assert_eq!(
            post_logout_target(Some("https://app.example/out"), Some(&c), None),
            Some("https://app.example/out".into())
        );
        for uri in [
            "https://app.example/out?x=1",
            "https://app.example/out/",
            "https://evil.example/out",
        ] {
            assert_eq!(post_logout_target(Some(uri), Some(&c), None), None, "{uri}");
        }
        assert_eq!(
            post_logout_target(Some("https://app.example/out"), None, None),
            None,
            "no hint, no redirect"
        );
    }

    #[test]
    fn only_an_id_token_is_a_hint() {
        let issuer = "https://login.example/";
        let id_token = json!({ "iss": issuer, "aud": "app", "sub": "s", "sid": "x" });
        assert!(is_id_token(&json!({ "typ": "JWT" }), &id_token, issuer));
        assert!(!is_id_token(&json!({ "typ": "at+jwt" }), &id_token, issuer));
        assert!(!is_id_token(&json!({}), &id_token, issuer));
        assert!(!is_id_token(
            &json!({ "typ": "JWT" }),
            &id_token,
            "https://other.example/"
        ));
        let access_token = json!({ "iss": issuer, "aud": "app", "sub": "s", "client_id": "app", "scope": "openid" });
        assert!(!is_id_token(&json!({ "typ": "JWT" }), &access_token, issuer));
        let without_sid = json!({ "iss": issuer, "aud": "app", "sub": "s" });
        assert!(!is_id_token(&json!({ "typ": "JWT" }), &without_sid, issuer));
    }

    #[test]
    fn a_hint_names_its_client_and_citizen() {
        let c = client();
        let sub = pairwise_sub(b"salt", "app", "01019010046");
        let claims = json!({ "aud": "app", "sub": sub });
        assert_eq!(hinted_client_id(&claims), Some("app"));
        assert!(names_citizen(&claims, &c, b"salt", "01019010046"));
        assert!(!names_citizen(&claims, &c, b"salt", "15058510170"));
        assert_eq!(
            hinted_client_id(&json!({ "aud": ["a", "b"] })),
            None,
            "no single client"
        );
    }
}
