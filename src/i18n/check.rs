//! `porten locales check`: what a translator needs to know about their files.

use std::collections::{BTreeMap, BTreeSet};

use fluent_syntax::ast;

use super::{LocaleFile, LocaleSource};
use crate::domain::Lang;

/// The 1-based line of a byte offset.
pub fn line_of(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

/// Message ids of one locale, each with the variables it uses.
type Messages = BTreeMap<String, BTreeSet<String>>;

#[derive(Debug, Default)]
pub struct Report {
    /// Per locale, each problem as one line.
    pub errors: BTreeMap<Lang, Vec<String>>,
}

impl Report {
    pub fn is_clean(&self) -> bool {
        self.errors.values().all(Vec::is_empty)
    }
}

pub fn check(source: &LocaleSource) -> Result<Report, super::LocaleError> {
    let files = source.files()?;
    let mut report = Report::default();
    let mut messages: BTreeMap<Lang, Messages> = BTreeMap::new();
    for lang in Lang::ALL {
        let errors = report.errors.entry(*lang).or_default();
        let found = messages.entry(*lang).or_default();
        let lang_files: Vec<&LocaleFile> = files.iter().filter(|f| f.lang == *lang).collect();
        if lang_files.is_empty() {
            errors.push(format!("no .ftl files for {lang}"));
        }
        for file in lang_files {
            collect(file, found, errors);
        }
    }
    let reference = messages.get(&Lang::Nb).cloned().unwrap_or_default();
    for lang in Lang::ALL.iter().filter(|l| **l != Lang::Nb) {
        let errors = report.errors.entry(*lang).or_default();
        let found = &messages[lang];
        for id in reference.keys().filter(|id| !found.contains_key(*id)) {
            errors.push(format!("missing message {id}"));
        }
        for (id, variables) in found {
            match reference.get(id) {
                None => errors.push(format!("extra message {id} (not in nb)")),
                Some(expected) => {
                    for variable in variables.difference(expected) {
                        errors.push(format!("message {id} uses ${variable}, which nb does not have"));
                    }
                }
            }
        }
    }
    Ok(report)
}

fn collect(file: &LocaleFile, found: &mut Messages, errors: &mut Vec<String>) {
    let resource = match fluent_syntax::parser::parse(file.source.as_str()) {
        Ok(resource) => resource,
        Err((resource, parse_errors)) => {
            for error in parse_errors {
                errors.push(format!(
                    "{}:{}: syntax error: {}",
                    file.path,
                    line_of(&file.source, error.pos.start),
                    error.kind
                ));
            }
            resource
        }
    };
    for entry in resource.body {
        let (id, value, attributes) = match &entry {
            ast::Entry::Message(m) => (m.id.name.to_owned(), m.value.as_ref(), &m.attributes),
            ast::Entry::Term(t) => (format!("-{}", t.id.name), Some(&t.value), &t.attributes),
            _ => continue,
        };
        let mut variables = BTreeSet::new();
        value
            .into_iter()
            .chain(attributes.iter().map(|a| &a.value))
            .for_each(|p| pattern_variables(p, &mut variables));
        if found.insert(id.clone(), variables).is_some() {
            errors.push(format!("{}: message {id} is defined twice", file.path));
        }
    }
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
