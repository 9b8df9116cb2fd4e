use rocket::http::{ContentType, Header, Status};

use super::*;

async fn access_token(app: &TestApp, extra: &[(&str, &str)]) -> String {
    let code = app.code(extra).await;
    app.redeem(&code).await.1["access_token"].as_str().unwrap().to_owned()
}

#[rocket::async_test]
async fn userinfo_answers_get_and_post_with_header_or_body_token() {
    let app = TestApp::new().await;
    let token = access_token(&app, &[]).await;
    let bearer = Header::new("Authorization", format!("Bearer {token}"));
    let get = app
        .browser
        .get(format!("{BASE}userinfo"))
        .header(bearer.clone())
        .dispatch()
        .await;
    assert_eq!(get.status(), Status::Ok);
    let claims: serde_json::Value = serde_json::from_str(&get.into_string().await.unwrap()).unwrap();
    assert_eq!(claims["pid"], PID);
    assert_eq!(claims["locale"], "nb");
    assert!(claims["sub"].is_string());
    let post = app
        .browser
        .post(format!("{BASE}userinfo"))
        .header(bearer)
        .dispatch()
        .await;
    assert_eq!(post.status(), Status::Ok);
    let body = app
        .browser
        .post(format!("{BASE}userinfo"))
        .header(ContentType::Form)
        .body(encode(&[("access_token", &token)]))
        .dispatch()
        .await;
    assert_eq!(body.status(), Status::Ok);
}

#[rocket::async_test]
async fn without_profile_userinfo_gives_only_sub() {
    let app = TestApp::new().await;
    let token = access_token(&app, &[("scope", "openid")]).await;
    let response = app
        .browser
        .get(format!("{BASE}userinfo"))
        .header(Header::new("Authorization", format!("Bearer {token}")))
        .dispatch()
        .await;
    let claims: serde_json::Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
    assert!(claims["sub"].is_string());
    assert!(claims.get("pid").is_none());
}

#[rocket::async_test]
async fn bad_tokens_get_401_with_a_bearer_challenge() {
    let app = TestApp::new().await;
    for header in [None, Some("Bearer nonsense"), Some("Basic cnA6c2VjcmV0")] {
        let mut request = app.browser.get(format!("{BASE}userinfo"));
        if let Some(value) = header {
            request = request.header(Header::new("Authorization", value));
        }
        let response = request.dispatch().await;
        assert_eq!(response.status(), Status::Unauthorized);
        let challenge = response.headers().get_one("WWW-Authenticate").unwrap();
        assert!(
            challenge.starts_with("Bearer") && challenge.contains("error=\"invalid_token\""),
            "{challenge}"
        );
    }
}
