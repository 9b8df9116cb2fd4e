use rocket::http::Status;

use super::*;

async fn page_without_redirect(app: &TestApp, uri: String) -> String {
    let response = app.get(uri).await;
    assert_eq!(response.status(), Status::BadRequest);
    assert!(response.headers().get_one("Location").is_none(), "must not redirect");
    response.into_string().await.unwrap()
}

#[rocket::async_test]
async fn unknown_client_or_bad_redirect_uri_gets_a_localized_page() {
    let app = TestApp::new().await;
    let page = page_without_redirect(&app, authorize_uri(&[("client_id", "nobody")])).await;
    assert!(page.contains("ikke registrert"), "{page}");
    assert!(page.contains("class=\"correlation\""));
    let page = page_without_redirect(&app, authorize_uri(&[("redirect_uri", "https://evil.example/cb")])).await;
    assert!(page.contains("ikke er registrert"));
    let page = page_without_redirect(&app, authorize_uri(&[("redirect_uri", "https://rp.example/callback/")])).await;
    assert!(page.contains("<html lang=\"nb\""));
    page_without_redirect(&app, authorize_uri(&[("redirect_uri", "")])).await;
    page_without_redirect(&app, authorize_uri(&[("client_id", "")])).await;
    let page = page_without_redirect(&app, authorize_uri(&[("client_id", "nobody"), ("ui_locales", "en")])).await;
    assert!(page.contains("<html lang=\"en\"") && page.contains("not registered"));
}

#[rocket::async_test]
async fn an_inactive_client_gets_the_page() {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.active = false;
    app.register(client).await;
    page_without_redirect(&app, authorize_uri(&[])).await;
}

async fn redirect_error(app: &TestApp, extra: &[(&str, &str)]) -> std::collections::HashMap<String, String> {
    let response = app.authorize(extra).await;
    assert_eq!(response.status(), Status::SeeOther);
    let location = response.headers().get_one("Location").unwrap().to_owned();
    assert!(location.starts_with(&format!("{REDIRECT}?")), "{location}");
    let params = query_params(&location);
    assert_eq!(params.get("iss").map(String::as_str), Some(ISSUER));
    assert!(
        params["error_description"]
            .bytes()
            .all(|b| (0x20..=0x7e).contains(&b) && b != b'"' && b != b'\\')
    );
    params
}

#[rocket::async_test]
async fn rule_violations_go_back_to_the_client_with_state_and_iss() {
    let app = TestApp::new().await;
    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("response_type", "token")], "unsupported_response_type"),
        (&[("response_type", "")], "invalid_request"),
        (&[("scope", "")], "invalid_request"),
        (&[("scope", "openid email")], "invalid_scope"),
        (&[("prompt", "none login")], "invalid_request"),
        (&[("prompt", "sometimes")], "invalid_request"),
        (&[("max_age", "soon")], "invalid_request"),
        (&[("request", "eyJhbGciOiJub25lIn0.e30.")], "request_not_supported"),
        (
            &[("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")],
            "invalid_request",
        ),
        (
            &[
                ("code_challenge", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
        ),
        (
            &[("code_challenge", "short"), ("code_challenge_method", "S256")],
            "invalid_request",
        ),
        (&[("response_mode", "fragment")], "invalid_request"),
        (&[("prompt", "none")], "login_required"),
    ];
    for (extra, expected) in cases {
        let params = redirect_error(&app, extra).await;
        assert_eq!(params["error"], *expected, "{extra:?}");
        assert_eq!(params["state"], "st-1", "{extra:?}");
    }
}

#[rocket::async_test]
async fn repeated_and_oversized_parameters_are_invalid_requests() {
    let app = TestApp::new().await;
    let uri = format!("{}&scope=openid", authorize_uri(&[]));
    let response = app.get(uri).await;
    let params = query_params(response.headers().get_one("Location").unwrap());
    assert_eq!(params["error"], "invalid_request");
    let long = "x".repeat(5000);
    let params = redirect_error(&app, &[("nonce", &long)]).await;
    assert_eq!(params["error"], "invalid_request");
    let long_state = "s".repeat(600);
    let response = app.authorize(&[("state", &long_state), ("prompt", "none")]).await;
    let params = query_params(response.headers().get_one("Location").unwrap());
    assert_eq!(
        params["state"], long_state,
        "states of 512+ characters come back unchanged"
    );
}

#[rocket::async_test]
async fn errors_in_form_post_mode_come_as_a_form() {
    let app = TestApp::new().await;
    let response = app
        .authorize(&[("response_mode", "form_post"), ("prompt", "none")])
        .await;
    assert_eq!(response.status(), Status::Ok);
    let csp = response
        .headers()
        .get_one("Content-Security-Policy")
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("form-action https://rp.example") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    let page = response.into_string().await.unwrap();
    assert!(page.contains(&format!("action=\"{REDIRECT}\"")));
    let fields = form_post_fields(&page);
    assert_eq!(fields["error"], "login_required");
    assert_eq!(fields["state"], "st-1");
    assert_eq!(fields["iss"], ISSUER);
    assert!(
        page.contains("<button type=\"submit\">"),
        "a visible button for browsers without JavaScript"
    );
}

#[rocket::async_test]
async fn public_clients_and_forced_pkce_need_a_challenge() {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.force_pkce = true;
    app.register(client).await;
    let params = redirect_error(&app, &[]).await;
    assert_eq!(params["error"], "invalid_request");
    assert!(params["error_description"].contains("code_challenge"));
}

#[rocket::async_test]
async fn a_post_to_authorize_continues_at_a_get() {
    let app = TestApp::new().await;
    let query = authorize_uri(&[]).split_once('?').unwrap().1.to_owned();
    let response = app
        .browser
        .post(format!("{BASE}authorize"))
        .header(rocket::http::ContentType::Form)
        .body(query)
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let location = response.headers().get_one("Location").unwrap().to_owned();
    assert!(location.starts_with(&format!("{BASE}authorize/resume?rid=")));
    let page = app.follow(app.get(location).await).await.page();
    assert!(page.contains("name=\"password\""));
    let wrong_type = app
        .browser
        .post(format!("{BASE}authorize"))
        .header(rocket::http::ContentType::JSON)
        .body("{}")
        .dispatch()
        .await;
    assert_eq!(wrong_type.status(), Status::BadRequest);
}

#[rocket::async_test]
async fn pages_carry_the_security_headers() {
    let app = TestApp::new().await;
    let response = app.get(authorize_uri(&[("client_id", "nobody")])).await;
    let headers = response.headers();
    assert_eq!(headers.get_one("X-Frame-Options"), Some("DENY"));
    assert_eq!(headers.get_one("Referrer-Policy"), Some("no-referrer"));
    let csp = headers.get_one("Content-Security-Policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"));
    assert!(headers.get_one("Strict-Transport-Security").is_none(), "no HSTS in dev");
}
