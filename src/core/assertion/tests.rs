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
    with_all(&[(name, value)])
}

fn with_all(values: &[(&str, Value)]) -> Value {
    let mut claims = claims();
    for (name, value) in values {
        claims[*name] = value.clone();
    }
    claims
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
        (
            with_all(&[("exp", json!(i64::MAX)), ("iat", json!(-10))]),
            AssertionError::Lifetime,
        ),
        (
            with_all(&[("exp", json!(1e300)), ("iat", json!(i64::MIN))]),
            AssertionError::Lifetime,
        ),
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
