//! Static assets: from `static_dir` (or `./static`) when present, else the
//! copies built into the binary. Cached by browsers for a day.

use std::path::PathBuf;

use rocket::State;
use rocket::http::{ContentType, Header};
use rocket::response::Responder;

use super::App;

const EMBEDDED: &[(&str, &str)] = &[
    ("porten.css", include_str!("../../static/porten.css")),
    ("form_post.js", include_str!("../../static/form_post.js")),
    ("logout.js", include_str!("../../static/logout.js")),
];

#[derive(Responder)]
pub struct Asset {
    body: Vec<u8>,
    content_type: ContentType,
    cache: Header<'static>,
}

/// The folder assets are read from, if any.
pub fn static_dir(configured: Option<&PathBuf>) -> Option<PathBuf> {
    configured
        .cloned()
        .or_else(|| Some(PathBuf::from("static")).filter(|p| p.is_dir()))
}

/// An asset's bytes, from the folder or the built-in copies; only plain file
/// names, no folders, no dot files.
pub fn read(configured: Option<&PathBuf>, name: &str) -> Option<Vec<u8>> {
    if name.starts_with('.') || name.contains(['/', '\\']) {
        return None;
    }
    match static_dir(configured) {
        Some(dir) => std::fs::read(dir.join(name)).ok(),
        None => Some(EMBEDDED.iter().find(|(n, _)| *n == name)?.1.as_bytes().to_vec()),
    }
}

#[rocket::get("/static/<name>")]
pub async fn asset(app: &State<App>, name: &str) -> Option<Asset> {
    let configured = app.config.static_dir.clone();
    let owned = name.to_owned();
    let body = tokio::task::spawn_blocking(move || read(configured.as_ref(), &owned))
        .await
        .ok()??;
    let extension = name.rsplit('.').next().unwrap_or_default();
    Some(Asset {
        body,
        content_type: ContentType::from_extension(extension).unwrap_or(ContentType::Binary),
        cache: Header::new("Cache-Control", "public, max-age=86400"),
    })
}
