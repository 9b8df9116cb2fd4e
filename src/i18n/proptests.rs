//! Property tests: `Accept-Language`, `ui_locales` and the language cookie
//! never panic negotiation, and a known language is found wherever it stands.

use proptest::prelude::*;

use super::*;

fn lang() -> impl Strategy<Value = Lang> {
    proptest::sample::select(Lang::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn negotiate_never_panics(
        picked in proptest::option::of(any::<String>()),
        ui_locales in proptest::option::of(any::<String>()),
        cookie in proptest::option::of(any::<String>()),
        accept in proptest::option::of("([a-zA-Z_-]{0,8}(;q=[0-9.eE+-]{0,6})?,? ?){0,6}|\\PC{0,30}"),
    ) {
        let lang = negotiate(picked.as_deref(), ui_locales.as_deref(), cookie.as_deref(), accept.as_deref());
        prop_assert!(Lang::ALL.contains(&lang));
    }

    #[test]
    fn accept_language_picks_the_highest_weight(
        ranges in proptest::collection::vec(("[a-z]{2}(-[A-Z]{2})?", 0u16..=1000), 1..6),
    ) {
        let header = ranges
            .iter()
            .map(|(tag, q)| format!("{tag};q={}.{:03}", q / 1000, q % 1000))
            .collect::<Vec<_>>()
            .join(", ");
        let best = ranges
            .iter()
            .filter(|(_, q)| *q > 0)
            .filter_map(|(tag, q)| Lang::from_tag(tag).map(|lang| (*q, lang)))
            .fold(None, |best: Option<(u16, Lang)>, (q, lang)| match best {
                Some((top, _)) if top >= q => best,
                _ => Some((q, lang)),
            });
        prop_assert_eq!(
            negotiate(None, None, None, Some(&header)),
            best.map_or(Lang::Nb, |(_, lang)| lang)
        );
    }

    #[test]
    fn ui_locales_find_a_known_language_among_junk(junk in "[a-z]{3,8}( [a-z]{3,8}){0,3}", lang in lang(), region in "(-[A-Z]{2})?") {
        let ui_locales = format!("{junk} {}{region}", lang.as_str());
        prop_assert_eq!(negotiate(None, Some(&ui_locales), None, Some("en")), lang);
        prop_assert_eq!(negotiate(Some(lang.as_str()), Some("en"), None, None), lang);
    }
}
