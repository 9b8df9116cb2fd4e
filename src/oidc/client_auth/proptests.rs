//! Property tests: the credentials a back-channel request presents (the
//! `Authorization: Basic` header and the form) never panic their parser,
//! junk is `invalid_client` or `invalid_request`, and well-formed Basic
//! credentials come back as sent.

use proptest::prelude::*;

use super::*;
use crate::core::error::ErrorCode;

fn encode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

fn basic(id: &str, secret: &str) -> String {
    let credentials = format!("{}:{}", encode(id), encode(secret));
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(credentials)
    )
}

/// Headers near a Basic header: the scheme in any case, base64 of random
/// bytes or of text with and without a colon, and plain junk.
fn authorization() -> impl Strategy<Value = String> {
    let credentials = prop_oneof![
        any::<Vec<u8>>().prop_map(|b| base64::engine::general_purpose::STANDARD.encode(b)),
        any::<String>().prop_map(|s| base64::engine::general_purpose::STANDARD.encode(s)),
        "[A-Za-z0-9+/=%:]{0,40}",
        any::<String>(),
    ];
    prop_oneof![
        ("(?i)basic", " {1,2}", credentials).prop_map(|(scheme, gap, c)| format!("{scheme}{gap}{c}")),
        any::<String>(),
    ]
}

fn form() -> impl Strategy<Value = Params> {
    let name = prop_oneof![
        Just("client_id".to_owned()),
        Just("client_secret".to_owned()),
        Just("client_assertion".to_owned()),
        Just("client_assertion_type".to_owned()),
        Just("grant_type".to_owned()),
        "[a-z_]{1,10}",
    ];
    let value = prop_oneof![
        Just(JWT_BEARER_ASSERTION.to_owned()),
        Just("rp".to_owned()),
        Just(String::new()),
        any::<String>(),
    ];
    proptest::collection::vec((name, value), 0..5).prop_map(Params)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn presented_credentials_never_panic(authorization in proptest::option::of(authorization()), form in form()) {
        let carries = presents_credentials(authorization.as_deref(), &form);
        match presented(authorization.as_deref(), &form) {
            Ok(Presented::Basic { id, secrets }) => {
                prop_assert!(carries);
                prop_assert!(!secrets.is_empty());
                prop_assert!(form.get("client_id").is_none_or(|form_id| form_id == id));
            }
            Ok(Presented::Post { id, secret }) => {
                prop_assert!(carries);
                prop_assert_eq!(form.get("client_id"), Some(id.as_str()));
                prop_assert_eq!(form.get("client_secret"), Some(secret.as_str()));
            }
            Ok(Presented::PrivateKeyJwt { assertion, .. }) => {
                prop_assert!(carries);
                prop_assert_eq!(form.get("client_assertion"), Some(assertion.as_str()));
            }
            Ok(Presented::None { id }) => {
                prop_assert!(!carries);
                prop_assert_eq!(form.get("client_id"), Some(id.as_str()));
            }
            Err(error) => prop_assert!(
                matches!(error.code, ErrorCode::InvalidClient | ErrorCode::InvalidRequest),
                "{:?}", error.code
            ),
        }
    }

    #[test]
    fn basic_credentials_round_trip(id in any::<String>(), secret in any::<String>()) {
        let header = basic(&id, &secret);
        match presented(Some(&header), &Params::default()) {
            Ok(Presented::Basic { id: got, secrets }) => {
                prop_assert_eq!(got, id);
                prop_assert!(secrets.contains(&secret));
            }
            _ => prop_assert!(false, "well-formed Basic credentials refused"),
        }
    }

    #[test]
    fn basic_credentials_sent_without_form_encoding_still_work(id in "[A-Za-z0-9_-]{1,20}", secret in "[ -~]{0,40}") {
        // Many libraries skip the encoding: the secret as sent is also tried.
        let raw = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        match presented(Some(&format!("Basic {raw}")), &Params::default()) {
            Ok(Presented::Basic { id: got, secrets }) => {
                prop_assert_eq!(got, id);
                prop_assert!(secrets.contains(&secret));
            }
            _ => prop_assert!(false, "Basic credentials refused"),
        }
    }
}
