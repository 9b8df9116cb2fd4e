//! Property tests: the `Authorization: Bearer` header never panics its parser
//! and gives back the token it carries.

use proptest::prelude::*;

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn bearer_header_never_panics(header in any::<String>()) {
        if let Some(token) = bearer_token(Some(&header)) {
            prop_assert!(header.get(..7).is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer ")));
            prop_assert_eq!(token.trim(), token.as_str());
        }
    }

    #[test]
    fn bearer_header_gives_back_its_token(scheme in "(?i)bearer", token in "[A-Za-z0-9._~+/=-]{0,60}", pad in " {0,3}") {
        prop_assert_eq!(bearer_token(Some(&format!("{scheme} {pad}{token}{pad}"))), Some(token.clone()));
        prop_assert_eq!(bearer_token(Some(&format!("Basic {token}"))), None);
        prop_assert_eq!(bearer_token(None), None);
    }

    #[test]
    fn one_token_takes_exactly_one(header in proptest::option::of(any::<String>()), body in proptest::option::of(any::<String>())) {
        let (from_header, from_body) = (header.clone(), body.clone());
        match one_token(header, body) {
            Ok(token) => {
                prop_assert!(!token.is_empty());
                prop_assert!(from_header.is_none() || from_body.is_none());
                prop_assert!(from_header.as_ref() == Some(&token) || from_body.as_ref() == Some(&token));
            }
            Err(BearerError(error)) => prop_assert!(!error.description.is_empty()),
        }
    }
}
