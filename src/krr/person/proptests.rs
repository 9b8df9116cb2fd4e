//! Property tests: the JSON body of `PATCH person` never panics its parser,
//! and a language code is accepted exactly when it is two ASCII letters.

use proptest::prelude::*;

use super::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn spraak_update_never_panics(json in prop_oneof!["\\{\"spraak\":\"\\PC{0,4}\"\\}", any::<String>()]) {
        if let Ok(update) = serde_json::from_str::<SpraakUpdate>(&json) {
            match core::parse_spraak(&update.spraak) {
                Some(spraak) => {
                    prop_assert_eq!(spraak.clone(), update.spraak.to_ascii_lowercase());
                    prop_assert!(spraak.len() == 2 && spraak.bytes().all(|b| b.is_ascii_lowercase()));
                }
                None => prop_assert!(!not_a_language(&update.spraak).is_empty()),
            }
        }
    }

    #[test]
    fn two_letters_round_trip(code in "[a-zA-Z]{2}") {
        let spraak = core::parse_spraak(&code).expect("two letters");
        prop_assert_eq!(core::parse_spraak(&spraak), Some(spraak));
    }
}
