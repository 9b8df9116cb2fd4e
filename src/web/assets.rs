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

#[rocket::get("/static/<name>")]
pub async fn asset(app: &State<App>, name: &str) -> Option<Asset> {
    // Only plain file names: no folders, no dot files.
    if name.starts_with('.') || name.contains(['/', '\\']) {
        return None;
    }
    let body = match static_dir(app.config.static_dir.as_ref()) {
        Some(dir) => tokio::fs::read(dir.join(name)).await.ok()?,
        None => EMBEDDED.iter().find(|(n, _)| *n == name)?.1.as_bytes().to_vec(),
    };
    let extension = name.rsplit('.').next().unwrap_or_default();
    Some(Asset {
        body,
        content_type: ContentType::from_extension(extension).unwrap_or(ContentType::Binary),
        cache: Header::new("Cache-Control", "public, max-age=86400"),
    })
}
