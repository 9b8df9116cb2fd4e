//! `porten locales check`: what a translator needs to know about their files.
//! Errors break a page (a missing message, a dropped variable, a missing
//! plural form); warnings are likely slips (a message left as in `nb`, a
//! message out of `nb`'s order) and fail only a `--strict` check.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::path::Path;

use fluent_syntax::ast;
use fluent_syntax::parser::ErrorKind;

use super::{LocaleError, LocaleFile, LocaleSource};
use crate::domain::Lang;

/// The 1-based line of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// The comment that lets a message read the same as in `nb`: on the line
/// above the message, or followed by the ids it allows anywhere in the file.
pub const SAME_AS_NB: &str = "same-as-nb";

/// The comment that asks for a native speaker's review of the message below
/// it, or, standing alone, of the whole file.
pub const REVIEW: &str = "review";

/// The CLDR plural categories of a language's cardinal numbers.
pub fn plural_categories(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Se => &["one", "two", "other"],
        Lang::Nb | Lang::Nn | Lang::En => &["one", "other"],
    }
}

/// Keys that mark a select expression as a choice of plural form.
const PLURAL_KEYS: &[&str] = &["zero", "one", "two", "few", "many"];

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One finding, with where it is.
#[derive(Debug)]
pub struct Problem {
    pub severity: Severity,
    /// `file:line`, or the locale's folder for what is missing from it.
    pub location: String,
    pub text: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {severity}: {}", self.location, self.text)
    }
}

#[derive(Debug, Default)]
pub struct Report {
    /// Per locale, errors first.
    pub problems: BTreeMap<Lang, Vec<Problem>>,
    /// Per locale, what a `# review:` comment marks: message ids, or files.
    pub review: BTreeMap<Lang, Vec<String>>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.problems
            .values()
            .flatten()
            .filter(|p| p.severity == severity)
            .count()
    }

    /// No errors, and with `strict` no warnings either.
    pub fn passes(&self, strict: bool) -> bool {
        self.count(Severity::Error) == 0 && (!strict || self.count(Severity::Warning) == 0)
    }
}

/// One message or term of one locale.
struct Entry<'s> {
    id: String,
    path: &'s str,
    /// The file name alone, to compare files across locales.
    file: String,
    line: usize,
    value: Option<ast::Pattern<&'s str>>,
    attributes: Vec<ast::Attribute<&'s str>>,
    same_as_nb: bool,
}

impl Entry<'_> {
    fn location(&self) -> String {
        format!("{}:{}", self.path, self.line)
    }

    fn patterns(&self) -> impl Iterator<Item = &ast::Pattern<&str>> {
        self.value.iter().chain(self.attributes.iter().map(|a| &a.value))
    }

    fn variables(&self) -> BTreeSet<String> {
        let mut out = BTreeSet::new();
        self.patterns().for_each(|p| pattern_variables(p, &mut out));
        out
    }

    /// Each select expression: the variable it selects on and its keys.
    fn selects(&self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        self.patterns().for_each(|p| pattern_selects(p, &mut out));
        out
    }

    fn has_text(&self) -> bool {
        self.patterns().any(pattern_has_text)
    }
}

/// What one locale holds, in file order.
struct Locale<'s> {
    entries: Vec<Entry<'s>>,
    problems: Vec<Problem>,
    review: Vec<String>,
}

impl<'s> Locale<'s> {
    fn error(&mut self, location: String, text: String) {
        self.problems.push(Problem {
            severity: Severity::Error,
            location,
            text,
        });
    }

    fn get(&self, id: &str) -> Option<&Entry<'s>> {
        self.entries.iter().find(|e| e.id == id)
    }
}

pub fn check(source: &LocaleSource) -> Result<Report, LocaleError> {
    let files = source.files()?;
    Ok(check_files(&files))
}

pub fn check_files(files: &[LocaleFile]) -> Report {
    let mut locales: BTreeMap<Lang, Locale<'_>> = BTreeMap::new();
    for lang in Lang::ALL {
        let mut locale = Locale {
            entries: Vec::new(),
            problems: Vec::new(),
            review: Vec::new(),
        };
        let lang_files: Vec<&LocaleFile> = files.iter().filter(|f| f.lang == *lang).collect();
        if lang_files.is_empty() {
            locale.error(lang.to_string(), format!("no .ftl files for {lang}"));
        }
        for file in lang_files {
            collect(file, &mut locale);
        }
        locales.insert(*lang, locale);
    }
    // A select on a number in one locale is one in all, even where a
    // locale's keys do not show it (`*[other]` alone).
    let plural: BTreeSet<(String, String)> = locales
        .values()
        .flat_map(|locale| &locale.entries)
        .flat_map(|entry| {
            entry
                .selects()
                .into_iter()
                .filter(|(_, keys)| is_plural(keys))
                .map(|(variable, _)| (entry.id.clone(), variable))
        })
        .collect();
    for (lang, locale) in &mut locales {
        let mut problems = Vec::new();
        for entry in &locale.entries {
            own_checks(*lang, entry, &plural, &mut problems);
        }
        locale.problems.extend(problems);
    }
    let Some(nb) = locales.remove(&Lang::Nb) else {
        return Report::default();
    };
    let mut report = Report::default();
    for (lang, mut locale) in locales {
        compare(lang, &nb, &mut locale);
        report.problems.insert(lang, sorted(locale.problems));
        report.review.insert(lang, locale.review);
    }
    report.problems.insert(Lang::Nb, sorted(nb.problems));
    report.review.insert(Lang::Nb, nb.review);
    report
}

fn sorted(mut problems: Vec<Problem>) -> Vec<Problem> {
    problems.sort_by_key(|p| p.severity);
    problems
}

fn collect<'s>(file: &'s LocaleFile, locale: &mut Locale<'s>) {
    let resource = match fluent_syntax::parser::parse(file.source.as_str()) {
        Ok(resource) => resource,
        Err((resource, parse_errors)) => {
            for error in parse_errors {
                let location = format!("{}:{}", file.path, line_of(&file.source, error.pos.start));
                let text = match &error.kind {
                    ErrorKind::ExpectedMessageField { entry_id } | ErrorKind::ExpectedTermField { entry_id } => {
                        format!("{entry_id} has no text after `=`")
                    }
                    kind => format!("syntax error: {kind}"),
                };
                locale.error(location, text);
            }
            resource
        }
    };
    let file_name = Path::new(&file.path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut allowed = BTreeSet::new();
    for entry in resource.body {
        let (id, value, attributes, comment) = match entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.value, m.attributes, m.comment),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(t.value), t.attributes, t.comment),
            ast::Entry::Comment(c) | ast::Entry::GroupComment(c) | ast::Entry::ResourceComment(c) => {
                allowed.extend(listed_same_as_nb(&c));
                if asks_review(&c) {
                    locale.review.push(format!("{} (the whole file)", file.path));
                }
                continue;
            }
            ast::Entry::Junk { .. } => continue,
        };
        let same_as_nb = comment.as_ref().is_some_and(|c| {
            allowed.extend(listed_same_as_nb(c));
            c.content.iter().any(|line| line.trim() == SAME_AS_NB)
        });
        if comment.as_ref().is_some_and(asks_review) {
            locale.review.push(id.clone());
        }
        let line = definition_line(&file.source, &id);
        if locale.get(&id).is_some() {
            locale.error(format!("{}:{line}", file.path), format!("{id} is defined twice"));
        }
        locale.entries.push(Entry {
            id,
            path: &file.path,
            file: file_name.clone(),
            line,
            value,
            attributes,
            same_as_nb,
        });
    }
    for entry in locale.entries.iter_mut().filter(|e| e.path == file.path) {
        entry.same_as_nb |= allowed.contains(&entry.id);
    }
}

fn asks_review(comment: &ast::Comment<&str>) -> bool {
    comment.content.iter().any(|line| {
        line.trim()
            .strip_prefix(REVIEW)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(':'))
    })
}

/// The ids after `same-as-nb:` in a comment.
fn listed_same_as_nb<'a>(comment: &'a ast::Comment<&str>) -> impl Iterator<Item = String> + 'a {
    comment.content.iter().flat_map(|line| {
        line.trim()
            .strip_prefix(SAME_AS_NB)
            .and_then(|rest| rest.strip_prefix(':'))
            .unwrap_or_default()
            .split([' ', ','])
            .filter(|id| !id.is_empty())
            .map(str::to_owned)
    })
}

/// The line a message is defined on (the AST keeps no positions).
fn definition_line(source: &str, id: &str) -> usize {
    source
        .lines()
        .position(|line| {
            line.strip_prefix(id)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map_or(1, |i| i + 1)
}

/// Checks that need no other locale: empty texts and plural forms.
fn own_checks(lang: Lang, entry: &Entry<'_>, plural: &BTreeSet<(String, String)>, problems: &mut Vec<Problem>) {
    let mut error = |text: String| {
        problems.push(Problem {
            severity: Severity::Error,
            location: entry.location(),
            text,
        })
    };
    if entry.patterns().any(pattern_is_empty) {
        error(format!(
            "{} is empty (a text, or one of its variants, is blank)",
            entry.id
        ));
    }
    for (variable, keys) in entry.selects() {
        if !is_plural(&keys) && !plural.contains(&(entry.id.clone(), variable.clone())) {
            continue;
        }
        for category in plural_categories(lang) {
            if !keys.iter().any(|k| k == category) {
                error(format!(
                    "{} lacks the plural form [{category}] for ${variable}: {lang} needs {}",
                    entry.id,
                    categories_list(lang)
                ));
            }
        }
    }
}

fn categories_list(lang: Lang) -> String {
    plural_categories(lang)
        .iter()
        .map(|c| format!("[{c}]"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_plural(keys: &[String]) -> bool {
    keys.iter()
        .any(|k| PLURAL_KEYS.contains(&k.as_str()) || k.parse::<f64>().is_ok())
}

/// A translation against `nb`.
fn compare(lang: Lang, nb: &Locale<'_>, locale: &mut Locale<'_>) {
    let folder = locale
        .entries
        .first()
        .and_then(|e| Path::new(e.path).parent())
        .map_or_else(|| lang.to_string(), |dir| dir.display().to_string());
    for expected in &nb.entries {
        if locale.get(&expected.id).is_none() {
            locale.error(
                folder.clone(),
                format!("missing {} (nb has it at {})", expected.id, expected.location()),
            );
        }
    }
    let mut problems = Vec::new();
    let mut push = |severity, location, text| {
        problems.push(Problem {
            severity,
            location,
            text,
        })
    };
    for entry in &locale.entries {
        let Some(expected) = nb.get(&entry.id) else {
            push(
                Severity::Error,
                entry.location(),
                format!("{} is not in nb (a misspelt name?)", entry.id),
            );
            continue;
        };
        let (used, wanted) = (entry.variables(), expected.variables());
        for variable in used.difference(&wanted) {
            push(
                Severity::Error,
                entry.location(),
                format!("{} uses ${variable}, which nb does not have", entry.id),
            );
        }
        for variable in wanted.difference(&used) {
            push(
                Severity::Error,
                entry.location(),
                format!("{} drops ${variable}, which nb uses", entry.id),
            );
        }
        for text in select_key_problems(lang, entry, expected) {
            push(Severity::Error, entry.location(), text);
        }
        if entry.has_text()
            && !entry.same_as_nb
            && entry.value == expected.value
            && entry.attributes == expected.attributes
        {
            push(
                Severity::Warning,
                entry.location(),
                format!(
                    "{} is the same as in nb; translate it, or if it is right as it is, put `# {SAME_AS_NB}` on the line above it",
                    entry.id
                ),
            );
        }
        if entry.file != expected.file {
            push(
                Severity::Warning,
                entry.location(),
                format!("{} is in {} here but in {} in nb", entry.id, entry.file, expected.file),
            );
        }
    }
    for (location, text) in out_of_order(nb, locale) {
        push(Severity::Warning, location, text);
    }
    locale.problems.extend(problems);
}

/// Select keys the translation has that nb's select on the same variable
/// does not (and that are not a plural form of the language), and nb's keys
/// the translation lacks.
fn select_key_problems(lang: Lang, entry: &Entry<'_>, expected: &Entry<'_>) -> Vec<String> {
    let mut nb_keys: HashMap<String, BTreeSet<String>> = HashMap::new();
    for (variable, keys) in expected.selects() {
        nb_keys.entry(variable).or_default().extend(keys);
    }
    let mut problems = Vec::new();
    for (variable, keys) in entry.selects() {
        let Some(known) = nb_keys.get(&variable) else {
            continue;
        };
        let all: Vec<String> = keys.iter().chain(known).cloned().collect();
        let plural = is_plural(&all);
        for key in &keys {
            let fits = known.contains(key)
                || key.parse::<f64>().is_ok()
                || (plural && plural_categories(lang).contains(&key.as_str()));
            if !fits {
                problems.push(format!(
                    "{} selects on ${variable} with the unknown key [{key}]; nb has {}",
                    entry.id,
                    known.iter().map(|k| format!("[{k}]")).collect::<Vec<_>>().join(", ")
                ));
            }
        }
        if !plural {
            for key in known.iter().filter(|k| !keys.contains(k)) {
                problems.push(format!(
                    "{} lacks the key [{key}] that nb has for ${variable}",
                    entry.id
                ));
            }
        }
    }
    problems
}

/// Messages that break nb's order: those outside the longest run that
/// keeps it, each with the message it follows in nb.
fn out_of_order(nb: &Locale<'_>, locale: &Locale<'_>) -> Vec<(String, String)> {
    let nb_index: HashMap<&str, usize> = nb.entries.iter().enumerate().map(|(i, e)| (e.id.as_str(), i)).collect();
    let file_rank = |file: &str| nb.entries.iter().position(|e| e.file == file).unwrap_or(usize::MAX);
    // Files in nb's order, messages in file order within each.
    let mut seq: Vec<(&Entry<'_>, usize)> = locale
        .entries
        .iter()
        .filter_map(|e| nb_index.get(e.id.as_str()).map(|i| (e, *i)))
        .collect();
    seq.sort_by_key(|(e, _)| file_rank(&e.file));
    let kept = longest_increasing(&seq.iter().map(|(_, i)| *i).collect::<Vec<_>>());
    seq.iter()
        .enumerate()
        .filter(|(pos, _)| !kept.contains(pos))
        .map(|(_, (entry, i))| {
            let after = match i.checked_sub(1) {
                Some(before) => format!("after {}", nb.entries[before].id),
                None => "first".to_owned(),
            };
            (
                entry.location(),
                format!("{} is out of nb's order (in nb it comes {after})", entry.id),
            )
        })
        .collect()
}

/// The positions of one longest strictly increasing subsequence.
fn longest_increasing(values: &[usize]) -> BTreeSet<usize> {
    let n = values.len();
    let mut length = vec![1usize; n];
    let mut previous = vec![None; n];
    for i in 0..n {
        for j in 0..i {
            if values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1;
                previous[i] = Some(j);
            }
        }
    }
    let mut kept = BTreeSet::new();
    let mut at = (0..n).max_by_key(|i| (length[*i], std::cmp::Reverse(*i)));
    while let Some(i) = at {
        kept.insert(i);
        at = previous[i];
    }
    kept
}

fn pattern_has_text(pattern: &ast::Pattern<&str>) -> bool {
    pattern.elements.iter().any(|element| match element {
        ast::PatternElement::TextElement { value } => value.chars().any(char::is_alphanumeric),
        ast::PatternElement::Placeable {
            expression: ast::Expression::Select { variants, .. },
        } => variants.iter().any(|v| pattern_has_text(&v.value)),
        ast::PatternElement::Placeable {
            expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
        } => value.chars().any(char::is_alphanumeric),
        ast::PatternElement::Placeable { .. } => false,
    })
}

/// Blank: no text and nothing put in its place (a variable, another message).
fn pattern_is_empty(pattern: &ast::Pattern<&str>) -> bool {
    let blank = pattern.elements.iter().all(|element| match element {
        ast::PatternElement::TextElement { value } => value.trim().is_empty(),
        ast::PatternElement::Placeable {
            expression: ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }),
        } => value.trim().is_empty(),
        ast::PatternElement::Placeable { .. } => false,
    });
    let blank_variant = pattern.elements.iter().any(|element| match element {
        ast::PatternElement::Placeable {
            expression: ast::Expression::Select { variants, .. },
        } => variants.iter().any(|v| pattern_is_empty(&v.value)),
        _ => false,
    });
    blank || blank_variant
}

fn pattern_variables(pattern: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_variables(expression, out);
        }
    }
}

fn expression_variables(expression: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            inline_variables(selector, out);
            for variant in variants {
                pattern_variables(&variant.value, out);
            }
        }
        ast::Expression::Inline(inline) => inline_variables(inline, out),
    }
}

fn inline_variables(inline: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match inline {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_owned());
        }
        ast::InlineExpression::Placeable { expression } => expression_variables(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, out);
            }
        }
        _ => {}
    }
}

fn pattern_selects(pattern: &ast::Pattern<&str>, out: &mut Vec<(String, Vec<String>)>) {
    for element in &pattern.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            expression_selects(expression, out);
        }
    }
}

fn expression_selects(expression: &ast::Expression<&str>, out: &mut Vec<(String, Vec<String>)>) {
    match expression {
        ast::Expression::Select { selector, variants } => {
            let variable = match selector {
                ast::InlineExpression::VariableReference { id } => id.name.to_owned(),
                ast::InlineExpression::FunctionReference { arguments, .. } => match arguments.positional.first() {
                    Some(ast::InlineExpression::VariableReference { id }) => id.name.to_owned(),
                    _ => String::new(),
                },
                _ => String::new(),
            };
            let keys = variants
                .iter()
                .map(|v| match &v.key {
                    ast::VariantKey::Identifier { name } => (*name).to_owned(),
                    ast::VariantKey::NumberLiteral { value } => (*value).to_owned(),
                })
                .collect();
            out.push((variable, keys));
            for variant in variants {
                pattern_selects(&variant.value, out);
            }
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => expression_selects(expression, out),
        ast::Expression::Inline(_) => {}
    }
}

#[cfg(test)]
mod tests;
