//! Property tests: the JSON body of `POST personer` never panics its parser,
//! junk is an error message, and valid pids come back as sent.

use proptest::prelude::*;

use super::*;
use crate::domain::Pid;

/// Eleven digits with both check digits, or `None` when the rule gives 10.
fn pid_from(base: &[u8]) -> Option<String> {
    (0..100u8).find_map(|checks| {
        let candidate: String = base
            .iter()
            .chain([&(checks / 10), &(checks % 10)])
            .map(|d| char::from(b'0' + d))
            .collect();
        Pid::parse(&candidate).map(String::from)
    })
}

fn body() -> impl Strategy<Value = String> {
    let id = prop_oneof![
        Just("\"12889010051\"".to_owned()),
        "\"[0-9]{11}\"",
        "\"[ -~]{0,14}\"",
        any::<i64>().prop_map(|n| n.to_string()),
        Just("null".to_owned()),
    ];
    prop_oneof![
        proptest::collection::vec(id, 0..6)
            .prop_map(|ids| format!("{{\"personidentifikatorer\":[{}]}}", ids.join(","))),
        "\\{\"[a-z]{1,25}\":\\[\\]\\}",
        "[\\[\\]{}\":,0-9a-z ]{0,40}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn personer_request_never_panics(json in body()) {
        match serde_json::from_str::<PersonerRequest>(&json) {
            Ok(request) => match core::parse_personidentifikatorer(&request.personidentifikatorer) {
                Ok(pids) => {
                    prop_assert_eq!(&pids, &request.personidentifikatorer);
                    prop_assert!(pids.iter().all(|pid| Pid::parse(pid).is_some()));
                }
                Err(message) => prop_assert!(message.contains("personidentifikatorer")),
            },
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
    }

    #[test]
    fn valid_pids_round_trip(bases in proptest::collection::vec(proptest::collection::vec(0u8..10, 9), 1..20)) {
        let pids: Vec<String> = bases.iter().filter_map(|base| pid_from(base)).collect();
        prop_assume!(!pids.is_empty());
        let json = serde_json::json!({ "personidentifikatorer": pids }).to_string();
        let request: PersonerRequest = serde_json::from_str(&json).expect("a valid body");
        prop_assert_eq!(core::parse_personidentifikatorer(&request.personidentifikatorer), Ok(pids));
    }
}
