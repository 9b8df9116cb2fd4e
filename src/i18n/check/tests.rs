use super::*;

const NB: &str = "\
app-name = ID-porten
greeting = Hei, { $name }!
wait = Vent { $minutes ->
    [one] ett minutt
   *[other] { $minutes } minutter
}.
level = Nivå: { $level ->
    [Level4] høyt
   *[other] betydelig
}
";

const NN: &str = "\
# same-as-nb
app-name = ID-porten
greeting = Hei på deg, { $name }!
wait = Vent { $minutes ->
    [one] eitt minutt
   *[other] { $minutes } minutt
}.
level = Nivå: { $level ->
    [Level4] høgt
   *[other] betydeleg
}
";

const EN: &str = "\
# same-as-nb: app-name
app-name = ID-porten
greeting = Hello, { $name }!
wait = Wait { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
level = Level: { $level ->
    [Level4] high
   *[other] substantial
}
";

const SE: &str = "\
# same-as-nb
app-name = ID-porten
greeting = Bures, { $name }!
wait = Vuordde { $minutes ->
    [one] ovtta minuhta
    [two] guokte minuhta
   *[other] { $minutes } minuhta
}.
level = Dássi: { $level ->
    [Level4] allat
   *[other] mearkkašahtti
}
";

fn files(replace: &[(Lang, &str)]) -> Vec<LocaleFile> {
    [(Lang::Nb, NB), (Lang::Nn, NN), (Lang::En, EN), (Lang::Se, SE)]
        .iter()
        .map(|(lang, source)| {
            let source = replace.iter().find(|(l, _)| l == lang).map_or(*source, |(_, s)| *s);
            LocaleFile {
                lang: *lang,
                path: format!("locales/{lang}/porten.ftl"),
                source: source.to_owned(),
            }
        })
        .collect()
}

fn problems(report: &Report, lang: Lang) -> Vec<String> {
    report.problems[&lang].iter().map(ToString::to_string).collect()
}

/// The one problem of `lang`, which must have exactly one.
fn only(replace: &[(Lang, &str)], lang: Lang) -> (Severity, String) {
    let report = check_files(&files(replace));
    for other in Lang::ALL.iter().filter(|l| **l != lang) {
        assert_eq!(problems(&report, *other), Vec::<String>::new(), "{other}");
    }
    let found = &report.problems[&lang];
    assert_eq!(found.len(), 1, "{:?}", problems(&report, lang));
    (found[0].severity, found[0].to_string())
}

#[test]
fn matching_locales_are_clean_even_when_strict() {
    let report = check_files(&files(&[]));
    for lang in Lang::ALL {
        assert_eq!(problems(&report, *lang), Vec::<String>::new(), "{lang}");
    }
    assert!(report.passes(true));
}

#[test]
fn a_message_left_as_in_nb_is_a_warning_unless_allowed() {
    let nn = NN.replace("# same-as-nb\n", "");
    let (severity, text) = only(&[(Lang::Nn, &nn)], Lang::Nn);
    assert_eq!(severity, Severity::Warning);
    assert!(
        text.starts_with("locales/nn/porten.ftl:1: warning: app-name is the same as in nb"),
        "{text}"
    );

    let nn = NN.replace("Hei på deg, { $name }!", "Hei, { $name }!");
    let (severity, text) = only(&[(Lang::Nn, &nn)], Lang::Nn);
    assert_eq!(severity, Severity::Warning);
    assert!(text.contains("greeting is the same as in nb"), "{text}");

    let report = check_files(&files(&[(Lang::Nn, &nn)]));
    assert!(report.passes(false), "warnings do not fail");
    assert!(!report.passes(true), "but they fail a strict check");
}

#[test]
fn a_dropped_variable_is_an_error() {
    let se = SE.replace("Bures, { $name }!", "Bures!");
    let (severity, text) = only(&[(Lang::Se, &se)], Lang::Se);
    assert_eq!(severity, Severity::Error);
    assert!(text.contains("greeting drops $name"), "{text}");
}

#[test]
fn a_variable_nb_does_not_have_is_an_error() {
    let en = EN.replace("{ $name }", "{ $navn }");
    let report = check_files(&files(&[(Lang::En, &en)]));
    let found = problems(&report, Lang::En).join("\n");
    assert!(found.contains("greeting uses $navn, which nb does not have"), "{found}");
    assert!(found.contains("greeting drops $name"), "{found}");
}

#[test]
fn northern_sami_needs_the_dual() {
    let se = SE.replace("    [two] guokte minuhta\n", "");
    let (severity, text) = only(&[(Lang::Se, &se)], Lang::Se);
    assert_eq!(severity, Severity::Error);
    assert!(text.contains("wait lacks the plural form [two]"), "{text}");
}

#[test]
fn bokmal_needs_one_and_other() {
    let nb = NB.replace("    [one] ett minutt\n", "");
    let report = check_files(&files(&[(Lang::Nb, &nb)]));
    let found = problems(&report, Lang::Nb).join("\n");
    assert!(found.contains("wait lacks the plural form [one]"), "{found}");
}

#[test]
fn a_message_out_of_order_is_a_warning_naming_only_it() {
    let en = "\
# same-as-nb: app-name
app-name = ID-porten
level = Level: { $level ->
    [Level4] high
   *[other] substantial
}
greeting = Hello, { $name }!
wait = Wait { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
";
    let (severity, text) = only(&[(Lang::En, en)], Lang::En);
    assert_eq!(severity, Severity::Warning);
    assert!(
        text.contains("level is out of nb's order (in nb it comes after wait)"),
        "{text}"
    );
}

#[test]
fn an_empty_text_is_an_error() {
    let nn = NN.replace("Hei på deg, { $name }!", "{ \"\" }");
    let report = check_files(&files(&[(Lang::Nn, &nn)]));
    let found = problems(&report, Lang::Nn).join("\n");
    assert!(found.contains("greeting is empty"), "{found}");

    let nn = NN.replace("Hei på deg, { $name }!", "");
    let report = check_files(&files(&[(Lang::Nn, &nn)]));
    let found = problems(&report, Lang::Nn).join("\n");
    assert!(found.contains("greeting has no text after `=`"), "{found}");

    let nn = NN.replace("[one] eitt minutt", "[one] {\" \"}");
    let report = check_files(&files(&[(Lang::Nn, &nn)]));
    let found = problems(&report, Lang::Nn).join("\n");
    assert!(found.contains("wait is empty"), "{found}");
}

#[test]
fn an_unknown_select_key_is_an_error() {
    let en = EN.replace("[Level4] high", "[Level5] high");
    let report = check_files(&files(&[(Lang::En, &en)]));
    let found = problems(&report, Lang::En).join("\n");
    assert!(
        found.contains("level selects on $level with the unknown key [Level5]"),
        "{found}"
    );
    assert!(found.contains("level lacks the key [Level4]"), "{found}");

    // A plural form of the language is no unknown key, though nb lacks it.
    let report = check_files(&files(&[]));
    assert!(problems(&report, Lang::Se).is_empty());
    let en = EN.replace("[one] one minute", "[one] one minute\n    [two] two minutes");
    let (_, text) = only(&[(Lang::En, &en)], Lang::En);
    assert!(text.contains("unknown key [two]"), "{text}");
}

#[test]
fn missing_and_extra_messages_are_errors() {
    let nn = NN.replace(
        "greeting = Hei på deg, { $name }!\n",
        "greting = Hei på deg, { $name }!\n",
    );
    let report = check_files(&files(&[(Lang::Nn, &nn)]));
    let found = problems(&report, Lang::Nn).join("\n");
    assert!(
        found.contains("locales/nn: error: missing greeting (nb has it at locales/nb/porten.ftl:2)"),
        "{found}"
    );
    assert!(
        found.contains("locales/nn/porten.ftl:3: error: greting is not in nb"),
        "{found}"
    );
}

#[test]
fn the_shipped_locales_are_clean_even_when_strict() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let report = check(&LocaleSource::Dir(root)).unwrap();
    let all: Vec<String> = report.problems.values().flatten().map(ToString::to_string).collect();
    assert!(report.passes(true), "{all:#?}");
}

#[test]
fn texts_marked_for_review_are_listed() {
    let se = SE.replace(
        "greeting = Bures",
        "# review: is this greeting too informal?\ngreeting = Bures",
    );
    let se = format!("# review: the whole file is new\n\n{se}");
    let report = check_files(&files(&[(Lang::Se, &se)]));
    assert!(report.passes(true), "a review mark is no problem");
    assert_eq!(
        report.review[&Lang::Se],
        ["locales/se/porten.ftl (the whole file)", "greeting"]
    );
    assert!(report.review[&Lang::Nn].is_empty());
}
