//! Every cookie porten sets is built here: HttpOnly, `SameSite=Lax` (Strict
//! would break single sign-on from relying parties' links), and outside `dev`
//! Secure with the `__Host-` prefix.

use rocket::http::{Cookie, CookieJar, SameSite};

use crate::config::Config;

/// The SSO session id.
pub const SESSION: &str = "porten_session";
/// A random id binding pending requests and CSRF tokens to one browser.
pub const BROWSER: &str = "porten_browser";
/// The language picked on an earlier visit.
pub const LANG: &str = "porten_lang";

pub fn name(config: &Config, base: &str) -> String {
    if config.is_dev() {
        base.to_owned()
    } else {
        format!("__Host-{base}")
    }
}

pub fn get(jar: &CookieJar<'_>, config: &Config, base: &str) -> Option<String> {
    jar.get_pending(&name(config, base)).map(|c| c.value().to_owned())
}

pub fn set(jar: &CookieJar<'_>, config: &Config, base: &str, value: String, max_age: Option<time::Duration>) {
    let mut cookie = Cookie::build((name(config, base), value))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(!config.is_dev())
        .path("/");
    if let Some(age) = max_age {
        cookie = cookie.max_age(age);
    }
    jar.add(cookie);
}

pub fn remove(jar: &CookieJar<'_>, config: &Config, base: &str) {
    jar.remove(Cookie::build(name(config, base)).path("/"));
}
