//! Pushed authorization requests (RFC 9126).

use rocket::http::{Header, Status};
use serde_json::Value;

use crate::{BASE, Outcome, REDIRECT, SECRET, TestApp, basic, encode};

const URN: &str = "urn:ietf:params:oauth:request_uri:";

fn pushed_params(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut pairs = vec![
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "openid profile"),
        ("state", "st-par"),
        ("nonce", "n-par"),
    ];
    for (key, value) in extra {
        pairs.retain(|(k, _)| k != key);
        pairs.push((key, value));
    }
    pairs
}

async fn push(app: &TestApp, auth: Option<Header<'static>>, pairs: &[(&str, &str)]) -> (Status, Value) {
    let reply = app.back_channel("par", pairs, auth).await;
    (reply.status, reply.body)
}

async fn pushed_request_uri(app: &TestApp) -> String {
    let (status, body) = push(app, Some(basic("rp", SECRET)), &pushed_params(&[])).await;
    assert_eq!(status, Status::Created, "{body}");
    body["request_uri"].as_str().unwrap().to_owned()
}

fn authorize_with(request_uri: &str, extra: &[(&str, &str)]) -> String {
    let mut pairs = vec![("client_id", "rp"), ("request_uri", request_uri)];
    pairs.extend_from_slice(extra);
    format!("{BASE}authorize?{}", encode(&pairs))
}

#[rocket::async_test]
async fn a_pushed_request_completes_the_code_flow() {
    let app = TestApp::new().await;
    let (status, body) = push(&app, Some(basic("rp", SECRET)), &pushed_params(&[])).await;
    assert_eq!(status, Status::Created);
    let request_uri = body["request_uri"].as_str().unwrap();
    assert!(request_uri.starts_with(URN), "{request_uri}");
    let expires_in = body["expires_in"].as_i64().unwrap();
    assert!((60..=120).contains(&expires_in), "{expires_in}");
    let params = app
        .login_flow_at(authorize_with(request_uri, &[("state", "st-par")]))
        .await
        .redirect_params();
    assert_eq!(params["state"], "st-par", "the pushed state comes back");
    let (status, tokens) = app.redeem(&params["code"]).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    let claims = crate::login::decode_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["nonce"], "n-par");
}

#[rocket::async_test]
async fn the_form_post_switcher_keeps_a_pushed_request_off_urls() {
    let app = TestApp::new().await;
    let pairs = pushed_params(&[("response_mode", "form_post"), ("login_hint", crate::PID)]);
    let (_, body) = push(&app, Some(basic("rp", SECRET)), &pairs).await;
    let Outcome::Page(_, page) = app
        .login_flow_at(authorize_with(body["request_uri"].as_str().unwrap(), &[]))
        .await
    else {
        panic!("the form_post page")
    };
    let links: Vec<&str> = page.split("hreflang=").collect();
    assert_eq!(links.len(), 5, "a switcher with four languages");
    assert!(!page.contains(crate::PID), "the pushed login_hint is not in a link");
    assert!(!page.contains("response_mode"), "nor any pushed parameter");
}

#[rocket::async_test]
async fn a_request_uri_is_used_once_and_by_its_client_only() {
    let app = TestApp::new().await;
    let request_uri = pushed_request_uri(&app).await;
    app.login_flow_at(authorize_with(&request_uri, &[]))
        .await
        .redirect_params();
    let again = app.follow(app.get(authorize_with(&request_uri, &[])).await).await;
    let Outcome::Page(status, _) = again else {
        panic!("a used request_uri must not redirect: {again:?}")
    };
    assert_eq!(status, Status::BadRequest);

    let mut other = crate::rp_client();
    other.client_id = "other".into();
    app.register(other).await;
    let request_uri = pushed_request_uri(&app).await;
    let uri = format!(
        "{BASE}authorize?{}",
        encode(&[("client_id", "other"), ("request_uri", &request_uri)])
    );
    assert_eq!(app.get(uri).await.status(), Status::BadRequest);
    let uri = format!(
        "{BASE}authorize?{}",
        encode(&[("client_id", "rp"), ("request_uri", &format!("{URN}made-up"))])
    );
    assert_eq!(app.get(uri).await.status(), Status::BadRequest);
}

#[rocket::async_test]
async fn a_request_object_by_reference_is_not_supported() {
    let app = TestApp::new().await;
    let uri = crate::authorize_uri(&[("request_uri", "https://rp.example/request.jwt")]);
    let params = app.follow(app.get(uri).await).await.redirect_params();
    assert_eq!(params["error"], "request_uri_not_supported");
    assert_eq!(params["state"], "st-1");
}

#[rocket::async_test]
async fn parameters_beside_the_request_uri_must_match_the_pushed_ones() {
    let app = TestApp::new().await;
    let request_uri = pushed_request_uri(&app).await;
    let response = app
        .get(authorize_with(
            &request_uri,
            &[("redirect_uri", "https://rp.example/other")],
        ))
        .await;
    assert_eq!(response.status(), Status::BadRequest, "no redirect anywhere");
    assert!(response.headers().get_one("Location").is_none());
}

#[rocket::async_test]
async fn pushing_needs_client_authentication_and_a_valid_request() {
    let app = TestApp::new().await;
    let (status, body) = push(&app, None, &[&[("client_id", "rp")][..], &pushed_params(&[])].concat()).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client"))
    );
    let (status, body) = push(&app, Some(basic("rp", "wrong")), &pushed_params(&[])).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client"))
    );
    let cases: [(&[(&'static str, &'static str)], &str); 5] = [
        (&[("redirect_uri", "https://evil.example/cb")], "invalid_request"),
        (&[("scope", "openid email")], "invalid_scope"),
        (&[("response_type", "token")], "unsupported_response_type"),
        (
            &[("request_uri", "urn:ietf:params:oauth:request_uri:x")],
            "invalid_request",
        ),
        (&[("request", "eyJhbGciOiJub25lIn0.e30.")], "request_not_supported"),
    ];
    for (extra, error) in cases {
        let (status, body) = push(&app, Some(basic("rp", SECRET)), &pushed_params(extra)).await;
        assert_eq!(status, Status::BadRequest, "{extra:?}: {body}");
        assert_eq!(body["error"], error, "{extra:?}");
    }
}

#[rocket::async_test]
async fn discovery_lists_the_par_endpoint() {
    let app = TestApp::new().await;
    let doc = app.discovery().await;
    assert_eq!(
        doc["pushed_authorization_request_endpoint"],
        format!("{}par", crate::ISSUER)
    );
}
