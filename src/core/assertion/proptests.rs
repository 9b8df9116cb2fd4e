//! Property tests: the claims of a client's assertion never panic the check,
//! whatever types and numbers they carry.

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;

const NOW: i64 = 1_800_000_000;
const ISSUER: &str = "https://login.example/";

/// Any JSON value a claim might hold, numbers at their edges included.
fn claim() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        (NOW - 200..NOW + 200).prop_map(Value::from),
        Just(json!("app")),
        Just(json!(ISSUER)),
        Just(json!([ISSUER, "other"])),
        any::<String>().prop_map(Value::from),
        proptest::collection::vec(any::<String>(), 0..3).prop_map(Value::from),
    ]
}

fn claims() -> impl Strategy<Value = Value> {
    let names = prop_oneof![
        Just("iss"),
        Just("sub"),
        Just("aud"),
        Just("exp"),
        Just("iat"),
        Just("nbf"),
        Just("jti"),
        Just("scope"),
        Just("other"),
    ];
    proptest::collection::vec((names, claim()), 0..10).prop_map(|pairs| {
        let mut claims = json!({"iss": "app", "sub": "app", "aud": ISSUER, "iat": NOW, "exp": NOW + 60, "jti": "j"});
        for (name, value) in pairs {
            claims[name] = value;
        }
        claims
    })
}

fn purpose() -> impl Strategy<Value = Purpose> {
    prop_oneof![Just(Purpose::ClientAuthentication), Just(Purpose::Grant)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn check_claims_never_panics(claims in claims(), purpose in purpose()) {
        if let Ok(checked) = check_claims(&claims, "app", ISSUER, purpose, NOW) {
            // Accepted only when alive, issued by the client, and short-lived.
            prop_assert!(checked.expires_at > NOW);
            prop_assert_eq!(claims.get("iss").and_then(Value::as_str), Some("app"));
            let iat = time(&claims, "iat").unwrap().unwrap();
            prop_assert!(iat <= NOW + CLOCK_SKEW);
            prop_assert!(checked.expires_at - iat <= MAX_LIFETIME);
            if purpose == Purpose::ClientAuthentication {
                prop_assert!(checked.jti.is_some());
            }
        }
    }

    #[test]
    fn check_claims_of_any_json_is_a_typed_answer(json in any::<String>(), purpose in purpose()) {
        let value: Value = serde_json::from_str(&json).unwrap_or(Value::String(json));
        prop_assert!(check_claims(&value, "app", ISSUER, purpose, NOW).is_err());
    }
}
