//! The translators' gallery at `{issuer}preview/`: every page in every
//! state and language, in test profiles only.

use rocket::http::Status;

use crate::{BASE, TestApp, html_lang};

/// The links of the gallery's table.
fn table_links(index: &str) -> Vec<String> {
    let table = &index[index.find("<table").expect("a table")..];
    table
        .split("href=\"")
        .skip(1)
        .map(|rest| crate::html_unescape(&rest[..rest.find('"').expect("closing quote")]))
        .collect()
}

#[tokio::test]
async fn the_gallery_links_every_state_in_every_language() {
    let app = TestApp::new().await;
    let response = app.get(format!("{BASE}preview/?lang=en")).await;
    assert_eq!(response.status(), Status::Ok);
    let index = response.into_string().await.unwrap_or_default();
    assert_eq!(html_lang(&index), "en");
    assert!(
        index.contains("<title>Preview for translators – ID-porten</title>"),
        "{index}"
    );
    let links = table_links(&index);
    assert!(links.len() > 80, "{} links", links.len());
    for lang in ["nb", "nn", "en", "se"] {
        assert!(
            links.contains(&format!("{BASE}preview/consent?lang={lang}")),
            "{links:?}"
        );
    }
    for link in links {
        let response = app.get(&link).await;
        assert_eq!(response.status(), Status::Ok, "{link}");
        let page = response.into_string().await.unwrap_or_default();
        let lang = link.rsplit('=').next().unwrap_or_default();
        assert_eq!(html_lang(&page), lang, "{link}");
        assert!(page.contains("<h1>"), "{link}");
    }
}

#[tokio::test]
async fn gallery_pages_show_their_state_with_sample_data() {
    let app = TestApp::new().await;
    let page = |path: &'static str| {
        let app = &app;
        async move {
            app.get(format!("{BASE}preview/{path}"))
                .await
                .into_string()
                .await
                .unwrap_or_default()
        }
    };
    let consent = page("consent?lang=nb").await;
    assert!(
        consent.contains("Fjordvik kommune ber om tilgang til dette:"),
        "{consent}"
    );
    assert!(consent.contains("user/varslingsstatus.read"), "{consent}");
    let throttled = page("login-throttled-2?lang=se").await;
    assert!(throttled.contains("guokte minuhta"), "{throttled}");
    let refused = page("testid-refused?lang=nn").await;
    assert!(refused.contains("40 eller 80 er lagt til månaden"), "{refused}");
    let logged_out = page("logged-out?lang=en").await;
    assert!(
        logged_out.contains("title=\"Logging out of Fjordvik bibliotek\""),
        "{logged_out}"
    );
    let form_post = page("form-post?lang=nb").await;
    assert!(
        !form_post.contains("<script"),
        "the preview would send the translator away"
    );
    let missing = app.get(format!("{BASE}preview/no-such-state")).await;
    assert_eq!(missing.status(), Status::NotFound);
    // A form sent in the gallery comes back to it.
    let sent = app
        .post_form(format!("{BASE}preview/?lang=se"), &[("action", "login")])
        .await;
    assert_eq!(sent.status(), Status::SeeOther);
    assert_eq!(
        sent.headers().get_one("Location"),
        Some(format!("{BASE}preview/?lang=se").as_str())
    );
}

#[tokio::test]
async fn the_gallery_does_not_exist_in_prod() {
    let app = TestApp::with(|config| {
        config.profile = "prod".into();
        config.issuer = "https://login.example/idporten-oidc-provider/".into();
        config.secret_key = Some("prod-secret-key-0123456789".into());
        config.pairwise_salt = Some("prod-pairwise-salt-0123456789".into());
        config.key_passphrase = Some("prod-key-passphrase-0123456789".into());
        config.levels = Some(porten::config::Levels::default());
    })
    .await;
    for path in ["preview/", "preview/login", "preview/consent?lang=se"] {
        let response = app.get(format!("{BASE}{path}")).await;
        assert_eq!(response.status(), Status::NotFound, "{path}");
    }
}
