//! SPEC §10: nodes on one database share every state that matters. CI runs
//! this on SQLite and again on PostgreSQL (`PORTEN_TEST_POSTGRES`).

use rocket::http::{ContentType, Status};

use super::*;

#[rocket::async_test]
async fn a_code_from_one_node_is_redeemed_and_revoked_at_another() {
    let first = TestApp::new().await;
    let second = first.second_node().await;
    let code = first.code(&[]).await;
    let (status, tokens) = second.redeem(&code).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    let access_token = tokens["access_token"].as_str().unwrap();
    assert_eq!(userinfo_status(&first, access_token).await, Status::Ok);
    let (status, again) = first.redeem(&code).await;
    assert_eq!(
        (status, again["error"].as_str()),
        (Status::BadRequest, Some("invalid_grant"))
    );
    assert_eq!(
        userinfo_status(&second, access_token).await,
        Status::Unauthorized,
        "a second use at one node revokes what the other issued"
    );
}

#[rocket::async_test]
async fn nodes_sign_with_the_same_keys_and_see_each_others_revocations() {
    let first = TestApp::new().await;
    let second = first.second_node().await;
    let first_keys = first.get(format!("{BASE}jwk")).await.into_string().await;
    let second_keys = second.get(format!("{BASE}jwk")).await.into_string().await;
    assert_eq!(first_keys, second_keys);
    let (_, tokens) = first.redeem(&first.code(&[]).await).await;
    let access_token = tokens["access_token"].as_str().unwrap();
    let revoke = second
        .browser
        .post(format!("{BASE}revoke"))
        .header(ContentType::Form)
        .header(basic("rp", SECRET))
        .body(encode(&[("token", access_token)]))
        .dispatch()
        .await;
    assert_eq!(revoke.status(), Status::Ok);
    assert_eq!(userinfo_status(&first, access_token).await, Status::Unauthorized);
    let session = first
        .follow(first.authorize(&[("prompt", "none")]).await)
        .await
        .redirect_params();
    assert!(
        session.contains_key("code"),
        "the session lives on the first node's browser"
    );
    let elsewhere = second
        .follow(second.authorize(&[("prompt", "none")]).await)
        .await
        .redirect_params();
    assert_eq!(elsewhere["error"], "login_required", "another browser has no session");
}
