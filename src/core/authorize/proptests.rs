//! Property tests: request parameters from outside never panic the parser or
//! the validator, and form encoding round-trips.

use proptest::prelude::*;

use super::*;

const REDIRECT: &str = "https://app.example/cb";

fn client() -> Client {
    let mut client = Client::new("app");
    client.redirect_uris = vec![REDIRECT.into()];
    client
}

fn encode(pairs: &[(String, String)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in pairs {
        serializer.append_pair(name, value);
    }
    serializer.finish()
}

/// The parameters an authorization request reads, and some it does not.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("client_id".to_owned()),
        Just("redirect_uri".to_owned()),
        Just("response_type".to_owned()),
        Just("response_mode".to_owned()),
        Just("scope".to_owned()),
        Just("state".to_owned()),
        Just("nonce".to_owned()),
        Just("prompt".to_owned()),
        Just("max_age".to_owned()),
        Just("acr_values".to_owned()),
        Just("ui_locales".to_owned()),
        Just("login_hint".to_owned()),
        Just("id_token_hint".to_owned()),
        Just("code_challenge".to_owned()),
        Just("code_challenge_method".to_owned()),
        Just("request".to_owned()),
        Just("request_uri".to_owned()),
        "[a-z_]{1,12}",
    ]
}

/// Values near what the validator expects, and junk.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(REDIRECT.to_owned()),
        Just("code".to_owned()),
        Just("openid".to_owned()),
        Just("openid profile krr:global/kontaktinformasjon.read".to_owned()),
        Just("query".to_owned()),
        Just("form_post".to_owned()),
        Just("none login consent select_account".to_owned()),
        Just("idporten-loa-substantial idporten-loa-high Level3 Level4".to_owned()),
        Just("S256".to_owned()),
        Just("plain".to_owned()),
        Just("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM".to_owned()),
        Just("-1".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("12889010051".to_owned()),
        Just(String::new()),
        "[ -~]{0,40}",
        any::<String>(),
        "x{4090,4100}",
    ]
}

fn near_valid_params() -> impl Strategy<Value = Params> {
    proptest::collection::vec((name(), value()), 0..14).prop_map(|mut pairs| {
        // Most requests name the client and its redirect URI, so the
        // validator gets past them to the rest.
        pairs.insert(0, ("client_id".into(), "app".into()));
        pairs.insert(1, ("redirect_uri".into(), REDIRECT.into()));
        Params(pairs)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn parse_strict_never_panics(encoded in any::<String>()) {
        if let Some(params) = Params::parse_strict(&encoded) {
            // What it accepts encodes back to the same parameters.
            prop_assert_eq!(Params::parse_strict(&encode(&params.0)).map(|p| p.0), Some(params.0.clone()));
        }
        let _ = Params::parse(&encoded);
    }

    #[test]
    fn parse_strict_refuses_bytes_that_are_not_utf8(prefix in "[a-z=&]{0,8}", byte in 0x80u8..=0xff) {
        // A lone byte of 0x80 and above is never UTF-8 on its own.
        let encoded = format!("{prefix}%{byte:02X}");
        prop_assert!(Params::parse_strict(&encoded).is_none());
        let lone = format!("%{byte:02X}");
        prop_assert!(form_decode(&lone).is_none());
    }

    #[test]
    fn form_encoding_round_trips(pairs in proptest::collection::vec((any::<String>(), any::<String>()), 0..8)) {
        let encoded = encode(&pairs);
        prop_assert_eq!(Params::parse_strict(&encoded).map(|p| p.0), Some(pairs));
    }

    #[test]
    fn form_decode_undoes_form_encoding(value in any::<String>()) {
        let encoded: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        prop_assert_eq!(form_decode(&encoded), Some(value));
    }

    #[test]
    fn form_decode_never_panics(value in "([%+a-fA-F0-9]|%[0-9a-fA-F]{0,2}|\\PC){0,24}") {
        let decoded = form_decode(&value);
        if !value.contains('%') {
            // Without escapes only `+` changes.
            prop_assert_eq!(decoded, Some(value.replace('+', " ")));
        }
    }

    #[test]
    fn validate_never_panics_on_arbitrary_params(pairs in proptest::collection::vec((any::<String>(), any::<String>()), 0..8)) {
        let params = Params(pairs);
        let _ = client_id(&params);
        prop_assert!(validate(&params, Some(&client()), &Levels::default()).is_err() || params.get("response_type") == Some("code"));
        prop_assert!(matches!(
            validate(&params, None, &Levels::default()),
            Err(AuthorizeError::Page(NoRedirect::UnknownClient))
        ));
    }

    #[test]
    fn validate_never_panics_on_near_valid_params(params in near_valid_params()) {
        let _ = client_id(&params);
        match validate(&params, Some(&client()), &Levels::default()) {
            Ok(request) => {
                // Only a complete, unrepeated request is accepted, and it
                // answers to the registered redirect URI only.
                prop_assert_eq!(request.reply.redirect_uri.as_str(), REDIRECT);
                prop_assert_eq!(params.get("response_type"), Some("code"));
                prop_assert!(params.first_repeated().is_none());
                prop_assert!(params.get("scope").is_some());
            }
            Err(AuthorizeError::Redirect(reply, error)) => {
                prop_assert_eq!(reply.redirect_uri.as_str(), REDIRECT);
                prop_assert!(!error.description.is_empty());
            }
            Err(AuthorizeError::Page(_)) => {}
        }
    }
}
