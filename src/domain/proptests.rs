//! Property tests: the identifiers and scope lists parsed at the edge never
//! panic, refuse junk, and round-trip what they accept.

use proptest::prelude::*;

use super::*;

/// The check digit the mod-11 rule gives for `digits`, as the parsers compute it.
fn check_digit(digits: &[u8], weights: &[u8]) -> Option<u8> {
    mod11(digits, weights)
}

/// A valid pid built from nine digits, or `None` when the rule gives 10.
fn valid_pid(base: &[u8]) -> Option<String> {
    let k1 = check_digit(base, &[3, 7, 6, 1, 8, 9, 4, 5, 2])?;
    let mut with_k1 = base.to_vec();
    with_k1.push(k1);
    let k2 = check_digit(&with_k1, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2])?;
    with_k1.push(k2);
    Some(with_k1.iter().map(|d| char::from(b'0' + d)).collect())
}

fn nine_digits() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(0u8..10, 9)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn pid_parse_never_panics_and_accepts_only_eleven_digits(value in any::<String>()) {
        if let Some(pid) = Pid::parse(&value) {
            prop_assert_eq!(pid.as_str(), value.trim());
            prop_assert!(pid.as_str().len() == 11 && pid.as_str().bytes().all(|b| b.is_ascii_digit()));
            // What a parsed pid offers must not panic either.
            let _ = (pid.is_synthetic(), pid.masked());
        }
    }

    #[test]
    fn pid_near_misses_never_panic(value in "[0-9 ]{0,13}|[0-9]{10}[0-9a-z٣]") {
        if let Some(pid) = Pid::parse(&value) {
            prop_assert_eq!(Pid::parse(pid.as_str()), Some(pid.clone()));
        }
    }

    #[test]
    fn generated_pids_parse_and_wrong_check_digits_do_not(base in nine_digits(), wrong in 1u8..10, which in 9usize..11) {
        if let Some(valid) = valid_pid(&base) {
            let pid = Pid::parse(&valid).expect("a pid with both check digits parses");
            prop_assert_eq!(pid.as_str(), valid.as_str());
            prop_assert_eq!(String::from(pid.clone()), valid.clone());
            prop_assert_eq!(Pid::try_from(format!(" {valid} ")), Ok(pid));
            let mut bytes = valid.into_bytes();
            bytes[which] = b'0' + (bytes[which] - b'0' + wrong) % 10;
            let mangled = String::from_utf8(bytes).expect("ASCII");
            prop_assert!(Pid::parse(&mangled).is_none(), "{} parsed", mangled);
            prop_assert!(Pid::try_from(mangled).is_err());
        }
    }

    #[test]
    fn orgno_parse_never_panics(value in any::<String>()) {
        if let Some(orgno) = OrgNo::parse(&value) {
            prop_assert_eq!(orgno.as_str(), value.as_str());
        }
    }

    #[test]
    fn generated_orgnos_parse_and_wrong_check_digits_do_not(base in proptest::collection::vec(0u8..10, 8), wrong in 1u8..10) {
        if let Some(k) = check_digit(&base, &[3, 2, 7, 6, 5, 4, 3, 2]) {
            let valid: String = base.iter().chain([&k]).map(|d| char::from(b'0' + d)).collect();
            let orgno = OrgNo::parse(&valid).expect("an orgno with its check digit parses");
            prop_assert_eq!(String::from(orgno), valid.clone());
            let mangled = format!("{}{}", &valid[..8], (k + wrong) % 10);
            prop_assert!(OrgNo::parse(&mangled).is_none(), "{} parsed", mangled);
            prop_assert!(OrgNo::try_from(mangled).is_err());
        }
    }

    #[test]
    fn scopes_parse_to_string_parse_is_stable(value in any::<String>()) {
        let scopes = Scopes::parse(&value);
        let printed = scopes.to_string();
        prop_assert_eq!(Scopes::parse(&printed), scopes.clone());
        prop_assert_eq!(Scopes::parse(&printed).to_string(), printed);
        prop_assert!(scopes.iter().all(|s| !s.is_empty() && !s.contains(' ')));
        let mut seen = std::collections::HashSet::new();
        prop_assert!(scopes.iter().all(|s| seen.insert(s)), "duplicates kept");
        prop_assert_eq!(Scopes::from_vec(scopes.to_vec()), scopes);
    }

    #[test]
    fn scopes_keep_every_word_in_first_order(words in proptest::collection::vec("[a-z/._:]{1,12}", 0..12)) {
        let scopes = Scopes::parse(&words.join("  "));
        let mut expected: Vec<String> = Vec::new();
        for word in &words {
            if !expected.contains(word) {
                expected.push(word.clone());
            }
        }
        prop_assert_eq!(scopes.to_vec(), expected);
        prop_assert!(words.iter().all(|w| scopes.contains(w)));
    }

    #[test]
    fn language_tags_never_panic(tag in any::<String>()) {
        if let Some(lang) = Lang::from_tag(&tag) {
            prop_assert!(Lang::ALL.contains(&lang));
        }
    }
}
