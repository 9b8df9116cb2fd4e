//! Requests no handler should see as they are: wrong methods, unknown
//! paths, bytes that are not UTF-8, repeated parameters.

use rocket::http::{ContentType, Header, Method, Status};
use serde_json::Value;

use super::*;

#[rocket::async_test]
async fn back_channel_endpoints_answer_a_wrong_method_in_json() {
    let app = TestApp::new().await;
    for (method, path, allowed) in [
        (Method::Get, "token", "POST"),
        (Method::Put, "revoke", "POST"),
        (Method::Options, "tokeninfo", "POST"),
        (Method::Get, "par", "POST"),
        (Method::Delete, "userinfo", "GET, POST"),
    ] {
        let response = app.browser.req(method, format!("{BASE}{path}")).dispatch().await;
        assert_eq!(response.status(), Status::MethodNotAllowed, "{method} {path}");
        assert_eq!(response.headers().get_one("Allow"), Some(allowed));
        let body: Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
        assert_eq!(body["error"], "invalid_request", "{method} {path}");
    }
}

#[rocket::async_test]
async fn pages_nobody_routes_are_localized_with_a_correlation_id() {
    let app = TestApp::new().await;
    for (method, path) in [
        (Method::Get, "nowhere"),
        (Method::Options, "authorize"),
        (Method::Put, "login"),
    ] {
        let response = app
            .browser
            .req(method, format!("{BASE}{path}"))
            .header(Header::new("Accept-Language", "nn"))
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::NotFound, "{method} {path}");
        let page = response.into_string().await.unwrap();
        assert_eq!(html_lang(&page), "nn");
        assert!(page.contains("class=\"correlation\""), "{page}");
    }
}

#[rocket::async_test]
async fn parameters_that_are_not_utf8_are_refused_not_rewritten() {
    let app = TestApp::new().await;
    app.login_flow(&[]).await.redirect_params();
    let uri = format!("{}&state=%FF%FE", authorize_uri(&[("state", ""), ("prompt", "none")]));
    let response = app.get(uri).await;
    assert_eq!(
        response.status(),
        Status::BadRequest,
        "no redirect with a state that is not the one sent"
    );
    assert!(response.headers().get_one("Location").is_none());
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .header(basic("rp", SECRET))
        .body("grant_type=authorization_code&code=%FF%FE")
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::BadRequest);
    let body: Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
    assert_eq!(body["error"], "invalid_request");
}

#[rocket::async_test]
async fn repeated_parameters_are_refused_everywhere() {
    let app = TestApp::new().await;
    let (_, tokens) = app.redeem(&app.code(&[]).await).await;
    let access = tokens["access_token"].as_str().unwrap();
    for path in ["revoke", "tokeninfo"] {
        let response = app
            .browser
            .post(format!("{BASE}{path}"))
            .header(ContentType::Form)
            .header(basic("rp", SECRET))
            .body(encode(&[("token", access), ("token", "other")]))
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::BadRequest, "{path}");
        let body: Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
        assert_eq!(body["error"], "invalid_request", "{path}");
    }
    let response = app
        .browser
        .post(format!("{BASE}userinfo"))
        .header(ContentType::Form)
        .body(encode(&[("access_token", access), ("access_token", "other")]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::BadRequest);
    assert_eq!(
        userinfo_status(&app, access).await,
        Status::Ok,
        "nothing was revoked by the refusals"
    );

    let page = app.follow(app.authorize(&[("prompt", "login")]).await).await.page();
    let rid = input_value(&page, "rid").unwrap();
    let csrf = input_value(&page, "csrf").unwrap();
    let response = app
        .post_form(
            format!("{BASE}login"),
            &[("rid", &rid), ("csrf", &csrf), ("csrf", "x"), ("action", "cancel")],
        )
        .await;
    assert_eq!(response.status(), Status::BadRequest);
}

#[rocket::async_test]
async fn browser_relying_parties_may_call_token_userinfo_and_keys_from_another_origin() {
    let app = TestApp::new().await;
    let origin = Header::new("Origin", "https://spa.example");
    for path in ["token", "revoke", "userinfo", ".well-known/openid-configuration"] {
        let response = app
            .browser
            .req(Method::Options, format!("{BASE}{path}"))
            .header(origin.clone())
            .header(Header::new("Access-Control-Request-Method", "POST"))
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::NoContent, "{path}");
        assert_eq!(response.headers().get_one("Access-Control-Allow-Origin"), Some("*"));
        let allowed = response
            .headers()
            .get_one("Access-Control-Allow-Headers")
            .unwrap_or_default();
        assert!(allowed.contains("Authorization"), "{path}: {allowed}");
    }
    let response = app
        .browser
        .get(format!("{BASE}jwk"))
        .header(origin.clone())
        .dispatch()
        .await;
    assert_eq!(response.headers().get_one("Access-Control-Allow-Origin"), Some("*"));
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .header(origin.clone())
        .body("grant_type=authorization_code")
        .dispatch()
        .await;
    assert_eq!(response.headers().get_one("Access-Control-Allow-Origin"), Some("*"));
    let login = app
        .browser
        .get(format!("{BASE}authorize"))
        .header(origin)
        .dispatch()
        .await;
    assert!(
        login.headers().get_one("Access-Control-Allow-Origin").is_none(),
        "pages are not for other origins"
    );
}
