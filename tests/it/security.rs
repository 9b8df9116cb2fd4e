//! The findings of the security review (issue 10), each proven through HTTP
//! or the CLI.

use rocket::http::Status;

use super::*;

/// Every `href` of a page.
fn hrefs(html: &str) -> Vec<String> {
    html.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(href, _)| html_unescape(href)))
        .collect()
}

#[rocket::async_test]
async fn error_page_language_links_stay_on_porten() {
    let app = TestApp::new().await;
    for path in ["//evil.example/x", "/\\evil.example/x", "/%5Cevil.example/x", "///evil.example/x?a=b"] {
        let response = app.get(path).await;
        let status = response.status();
        let page = response.into_string().await.unwrap_or_default();
        let links: Vec<String> = hrefs(&page).into_iter().filter(|h| h.contains("lang=")).collect();
        assert_eq!(links.len(), 4, "{path}: {status} {page}");
        for href in links {
            assert!(href.starts_with('?'), "{path}: switcher link {href:?} must be query-only");
            assert!(!href.contains("evil"), "{path}: {href:?}");
        }
    }
}
