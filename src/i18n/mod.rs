//! Fluent bundles for the four UI languages, the fallback chains between
//! them, and the negotiation of which language a citizen sees.

pub mod check;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

use crate::domain::Lang;

type Bundle = FluentBundle<FluentResource>;

/// One `.ftl` file of one locale.
pub struct LocaleFile {
    pub lang: Lang,
    pub path: String,
    pub source: String,
}

/// The copies built into the binary, used when no `locales` folder is present.
macro_rules! embedded {
    ($($lang:ident $code:literal),+) => {
        &[$(
            (Lang::$lang, concat!($code, "/porten.ftl"), include_str!(concat!("../../locales/", $code, "/porten.ftl"))),
            (Lang::$lang, concat!($code, "/session.ftl"), include_str!(concat!("../../locales/", $code, "/session.ftl"))),
            (Lang::$lang, concat!($code, "/preview.ftl"), include_str!(concat!("../../locales/", $code, "/preview.ftl"))),
        )+]
    };
}

const EMBEDDED: &[(Lang, &str, &str)] = embedded!(Nb "nb", Nn "nn", En "en", Se "se");

#[derive(Debug, thiserror::Error)]
pub enum LocaleError {
    #[error("cannot read {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("{0}")]
    Syntax(String),
}

/// Where the translations come from.
#[derive(Clone, Debug)]
pub enum LocaleSource {
    Dir(PathBuf),
    Embedded,
}

impl std::fmt::Display for LocaleSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LocaleSource::Dir(dir) => {
                let shown = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
                write!(f, "{}", shown.display())
            }
            LocaleSource::Embedded => f.write_str("the copies built into porten"),
        }
    }
}

impl LocaleSource {
    pub fn files(&self) -> Result<Vec<LocaleFile>, LocaleError> {
        let LocaleSource::Dir(dir) = self else {
            return Ok(EMBEDDED
                .iter()
                .map(|(lang, path, source)| LocaleFile {
                    lang: *lang,
                    path: path.to_string(),
                    source: source.to_string(),
                })
                .collect());
        };
        let mut files = Vec::new();
        for lang in Lang::ALL {
            for path in ftl_paths(&dir.join(lang.as_str()))? {
                let source = std::fs::read_to_string(&path).map_err(|source| LocaleError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                files.push(LocaleFile {
                    lang: *lang,
                    path: path.display().to_string(),
                    source,
                });
            }
        }
        Ok(files)
    }

    /// The newest modification time of the files, to notice a translator's edit.
    fn stamp(&self) -> Option<SystemTime> {
        let LocaleSource::Dir(dir) = self else { return None };
        Lang::ALL
            .iter()
            .flat_map(|lang| ftl_paths(&dir.join(lang.as_str())).unwrap_or_default())
            .filter_map(|path| path.metadata().and_then(|m| m.modified()).ok())
            .max()
    }
}

fn ftl_paths(dir: &Path) -> Result<Vec<PathBuf>, LocaleError> {
    let entries = std::fs::read_dir(dir).map_err(|source| LocaleError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "ftl"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// All four bundles, parsed.
pub struct Catalog {
    bundles: HashMap<Lang, Bundle>,
}

impl Catalog {
    pub fn parse(files: &[LocaleFile]) -> Result<Catalog, LocaleError> {
        let mut bundles = HashMap::new();
        let mut problems = Vec::new();
        for lang in Lang::ALL {
            let langid = lang
                .as_str()
                .parse()
                .map_err(|_| LocaleError::Syntax(format!("bad language {lang}")))?;
            let mut bundle = Bundle::new_concurrent(vec![langid]);
            bundle.set_use_isolating(false);
            for file in files.iter().filter(|f| f.lang == *lang) {
                match FluentResource::try_new(file.source.clone()) {
                    Ok(resource) => {
                        if let Err(errors) = bundle.add_resource(resource) {
                            problems.push(format!("{}: {errors:?}", file.path));
                        }
                    }
                    Err((_, errors)) => {
                        for error in errors {
                            let line = check::line_of(&file.source, error.pos.start);
                            problems.push(format!("{}:{line}: {}", file.path, error.kind));
                        }
                    }
                }
            }
            bundles.insert(*lang, bundle);
        }
        if problems.is_empty() {
            Ok(Catalog { bundles })
        } else {
            Err(LocaleError::Syntax(problems.join("\n")))
        }
    }

    fn format(&self, lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
        let bundle = self.bundles.get(&lang)?;
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, args, &mut errors);
        if !errors.is_empty() {
            tracing::warn!(lang = lang.as_str(), id, ?errors, "message formatted with errors");
        }
        Some(text.into_owned())
    }
}

/// The languages a message is looked up in, in order.
pub fn fallback_chain(lang: Lang) -> &'static [Lang] {
    match lang {
        Lang::Nb => &[Lang::Nb, Lang::En],
        Lang::Nn => &[Lang::Nn, Lang::Nb, Lang::En],
        Lang::Se => &[Lang::Se, Lang::Nb, Lang::En],
        Lang::En => &[Lang::En, Lang::Nb],
    }
}

/// The loaded translations; in `dev` reloaded when a file changes.
pub struct Locales {
    source: LocaleSource,
    reload: bool,
    loaded: RwLock<(Option<SystemTime>, Arc<Catalog>)>,
}

impl Locales {
    pub fn load(source: LocaleSource, reload: bool) -> Result<Locales, LocaleError> {
        let stamp = source.stamp();
        let catalog = Catalog::parse(&source.files()?)?;
        Ok(Locales {
            source,
            reload,
            loaded: RwLock::new((stamp, Arc::new(catalog))),
        })
    }

    pub fn translator(&self, lang: Lang) -> Translator {
        if self.reload {
            self.reload_if_changed();
        }
        let catalog = self
            .loaded
            .read()
            .map(|l| l.1.clone())
            .unwrap_or_else(|e| e.into_inner().1.clone());
        Translator { lang, catalog }
    }

    fn reload_if_changed(&self) {
        let stamp = self.source.stamp();
        if self.loaded.read().is_ok_and(|l| l.0 == stamp) {
            return;
        }
        match self.source.files().and_then(|files| Catalog::parse(&files)) {
            Ok(catalog) => {
                if let Ok(mut loaded) = self.loaded.write() {
                    *loaded = (stamp, Arc::new(catalog));
                }
                tracing::info!("reloaded translations");
            }
            // A broken edit keeps the last good translations on screen.
            Err(error) => tracing::error!(%error, "translations not reloaded"),
        }
    }
}

/// Messages in one language, with its fallbacks.
#[derive(Clone)]
pub struct Translator {
    lang: Lang,
    catalog: Arc<Catalog>,
}

impl Translator {
    pub fn lang(&self) -> Lang {
        self.lang
    }

    fn lookup(&self, id: &str, args: Option<&FluentArgs>) -> String {
        fallback_chain(self.lang)
            .iter()
            .find_map(|lang| self.catalog.format(*lang, id, args))
            .unwrap_or_else(|| {
                tracing::error!(
                    id,
                    lang = self.lang.as_str(),
                    "message missing in every fallback locale"
                );
                String::new()
            })
    }

    pub fn get(&self, id: &str) -> String {
        self.lookup(id, None)
    }

    /// A message with one variable.
    pub fn with(&self, id: &str, name: &str, value: &str) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value.to_owned()));
        self.lookup(id, Some(&args))
    }

    /// A message with a number, for plural selection.
    pub fn count(&self, id: &str, name: &str, value: i64) -> String {
        let mut args = FluentArgs::new();
        args.set(name.to_owned(), FluentValue::from(value));
        self.lookup(id, Some(&args))
    }
}

/// Picks the UI language: the one picked on the page, then `ui_locales`, then
/// the cookie from earlier visits, then `Accept-Language`, then `nb`.
pub fn negotiate(
    picked: Option<&str>,
    ui_locales: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> Lang {
    picked
        .and_then(Lang::parse)
        .or_else(|| ui_locales.and_then(|v| v.split(' ').find_map(Lang::from_tag)))
        .or_else(|| cookie.and_then(Lang::parse))
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or(Lang::Nb)
}

fn from_accept_language(header: &str) -> Option<Lang> {
    let mut ranges: Vec<(f32, Lang)> = header
        .split(',')
        .filter_map(|range| {
            let mut parts = range.trim().split(';');
            let lang = Lang::from_tag(parts.next()?.trim())?;
            let q = parts
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (q > 0.0).then_some((q, lang))
        })
        .collect();
    // Stable sort: among equal weights the header's order wins.
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
    ranges.first().map(|(_, lang)| *lang)
}

#[cfg(test)]
mod proptests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negotiation_order() {
        assert_eq!(negotiate(Some("se"), Some("nn"), Some("en"), Some("nb")), Lang::Se);
        assert_eq!(negotiate(Some("xx"), Some("de nn-NO"), Some("en"), None), Lang::Nn);
        assert_eq!(negotiate(None, None, Some("en"), Some("nn")), Lang::En);
        assert_eq!(negotiate(None, None, None, Some("de, se;q=0.5, en;q=0.9")), Lang::En);
        assert_eq!(negotiate(None, Some("%%%"), Some("zz"), Some(";;;q=x")), Lang::Nb);
    }

    #[test]
    fn embedded_locales_parse_and_fall_back() {
        let locales = Locales::load(LocaleSource::Embedded, false).unwrap();
        let t = locales.translator(Lang::Se);
        assert!(!t.get("login-title").is_empty());
    }
}
