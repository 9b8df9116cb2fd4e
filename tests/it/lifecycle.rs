//! Refresh, revocation, introspection, JWT access tokens, throttling, logout,
//! key rotation and the purge.

use porten::domain::{AccessTokenFormat, GrantType, RefreshTokenUsage};
use rocket::http::{ContentType, Header, Status};
use serde_json::Value;

use super::login::decode_claims;
use super::*;

fn refreshing_client(usage: RefreshTokenUsage) -> porten::core::client::Client {
    let mut client = rp_client();
    client.grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    client.refresh_token_usage = usage;
    client.post_logout_redirect_uris = vec!["https://rp.example/logged-out".into()];
    client
}

async fn app_with(client: porten::core::client::Client) -> TestApp {
    let app = TestApp::new().await;
    app.register(client).await;
    app
}

async fn tokens(app: &TestApp) -> Value {
    let (status, tokens) = app.redeem(&app.code(&[]).await).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    tokens
}

async fn refresh(app: &TestApp, token: &str) -> (Status, Value) {
    app.token(&[("grant_type", "refresh_token"), ("refresh_token", token)])
        .await
}

async fn post_as(app: &TestApp, endpoint: &str, client_id: &str, pairs: &[(&str, &str)]) -> (Status, Value) {
    let reply = app.back_channel(endpoint, pairs, Some(basic(client_id, SECRET))).await;
    (reply.status, reply.body)
}

fn s(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

#[rocket::async_test]
async fn onetime_refresh_rotates_and_keeps_the_login_claims() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let first = tokens(&app).await;
    let (status, second) = refresh(&app, s(&first["refresh_token"])).await;
    assert_eq!(status, Status::Ok, "{second}");
    assert_ne!(first["refresh_token"], second["refresh_token"]);
    let (before, after) = (
        decode_claims(s(&first["id_token"])),
        decode_claims(s(&second["id_token"])),
    );
    for claim in ["sub", "auth_time", "acr", "sid", "aud", "iss"] {
        assert_eq!(before[claim], after[claim], "{claim}");
    }
    assert!(after["iat"].as_i64() >= before["iat"].as_i64());
    assert_ne!(before["jti"], after["jti"]);
    assert_eq!(userinfo_status(&app, s(&second["access_token"])).await, Status::Ok);
}

#[rocket::async_test]
async fn a_rotated_out_refresh_token_revokes_the_whole_grant() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let first = tokens(&app).await;
    let (_, second) = refresh(&app, s(&first["refresh_token"])).await;
    let (status, error) = refresh(&app, s(&first["refresh_token"])).await;
    assert_eq!((status, s(&error["error"])), (Status::BadRequest, "invalid_grant"));
    assert_eq!(
        refresh(&app, s(&second["refresh_token"])).await.1["error"],
        "invalid_grant"
    );
    assert_eq!(
        userinfo_status(&app, s(&second["access_token"])).await,
        Status::Unauthorized
    );
    assert_eq!(
        userinfo_status(&app, s(&first["access_token"])).await,
        Status::Unauthorized
    );
}

#[rocket::async_test]
async fn reuse_clients_keep_their_refresh_token() {
    let app = app_with(refreshing_client(RefreshTokenUsage::Reuse)).await;
    let first = tokens(&app).await;
    for _ in 0..3 {
        let (status, refreshed) = refresh(&app, s(&first["refresh_token"])).await;
        assert_eq!(status, Status::Ok);
        assert!(refreshed.get("refresh_token").is_none());
    }
}

#[rocket::async_test]
async fn refresh_checks_client_and_scope() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let mut other = refreshing_client(RefreshTokenUsage::OneTime);
    other.client_id = "other".into();
    app.register(other).await;
    let first = tokens(&app).await;
    let pairs = [
        ("grant_type", "refresh_token"),
        ("refresh_token", s(&first["refresh_token"])),
    ];
    assert_eq!(
        post_as(&app, "token", "other", &pairs).await.1["error"],
        "invalid_grant"
    );
    let wider = [
        ("grant_type", "refresh_token"),
        ("refresh_token", s(&first["refresh_token"])),
        ("scope", "openid email"),
    ];
    assert_eq!(app.token(&wider).await.1["error"], "invalid_scope");
    let narrower = [
        ("grant_type", "refresh_token"),
        ("refresh_token", s(&first["refresh_token"])),
        ("scope", "openid"),
    ];
    let (status, narrowed) = app.token(&narrower).await;
    assert_eq!(status, Status::Ok, "{narrowed}");
    assert_eq!(narrowed["scope"], "openid");
}

#[rocket::async_test]
async fn concurrent_use_of_one_code_or_refresh_token_succeeds_exactly_once() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    for _ in 0..100 {
        let code = app.code(&[]).await;
        let (a, b) = tokio::join!(app.redeem(&code), app.redeem(&code));
        assert_eq!(
            [a.0, b.0].iter().filter(|s| **s == Status::Ok).count(),
            1,
            "code race: {a:?} {b:?}"
        );
    }
    for _ in 0..100 {
        let first = tokens(&app).await;
        let token = s(&first["refresh_token"]);
        let (a, b) = tokio::join!(refresh(&app, token), refresh(&app, token));
        assert_eq!(
            [a.0, b.0].iter().filter(|s| **s == Status::Ok).count(),
            1,
            "refresh race: {a:?} {b:?}"
        );
    }
}

#[rocket::async_test]
async fn revoking_a_token_ends_its_grant_and_nothing_else() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let one = tokens(&app).await;
    let two = tokens(&app).await;
    let (status, _) = post_as(&app, "revoke", "rp", &[("token", s(&one["access_token"]))]).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(
        userinfo_status(&app, s(&one["access_token"])).await,
        Status::Unauthorized
    );
    assert_eq!(
        refresh(&app, s(&one["refresh_token"])).await.1["error"],
        "invalid_grant"
    );
    assert_eq!(
        userinfo_status(&app, s(&two["access_token"])).await,
        Status::Ok,
        "another grant stays"
    );
    let (status, _) = post_as(
        &app,
        "revoke",
        "rp",
        &[
            ("token", s(&two["refresh_token"])),
            ("token_type_hint", "refresh_token"),
        ],
    )
    .await;
    assert_eq!(status, Status::Ok);
    assert_eq!(
        userinfo_status(&app, s(&two["access_token"])).await,
        Status::Unauthorized
    );
    assert_eq!(
        post_as(&app, "revoke", "rp", &[("token", "unknown")]).await.0,
        Status::Ok
    );
}

#[rocket::async_test]
async fn revoke_needs_client_authentication_and_ignores_other_clients_tokens() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let mut other = rp_client();
    other.client_id = "other".into();
    app.register(other).await;
    let mine = tokens(&app).await;
    let response = app
        .browser
        .post(format!("{BASE}revoke"))
        .header(ContentType::Form)
        .body(encode(&[("token", "x")]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Unauthorized);
    assert_eq!(
        post_as(&app, "revoke", "other", &[("token", s(&mine["access_token"]))])
            .await
            .0,
        Status::Ok
    );
    assert_eq!(userinfo_status(&app, s(&mine["access_token"])).await, Status::Ok);
}

#[rocket::async_test]
async fn tokeninfo_describes_live_tokens_to_their_client_and_resource_servers() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let mut other = rp_client();
    other.client_id = "other".into();
    app.register(other.clone()).await;
    other.client_id = "resource".into();
    other.introspection = true;
    app.register(other).await;
    let issued = tokens(&app).await;
    let access = s(&issued["access_token"]);
    let (status, info) = post_as(&app, "tokeninfo", "rp", &[("token", access)]).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(info["active"], true);
    assert_eq!(info["client_id"], "rp");
    assert_eq!(info["scope"], "openid profile");
    assert_eq!(info["token_type"], "Bearer");
    assert_eq!(info["sub"], decode_claims(s(&issued["id_token"]))["sub"]);
    assert!(info["exp"].as_i64().unwrap() > info["iat"].as_i64().unwrap());
    assert_eq!(
        post_as(&app, "tokeninfo", "other", &[("token", access)]).await.1,
        serde_json::json!({"active": false})
    );
    assert_eq!(
        post_as(&app, "tokeninfo", "resource", &[("token", access)]).await.1["active"],
        true
    );
    assert_eq!(
        post_as(&app, "tokeninfo", "rp", &[("token", "nope")]).await.1,
        serde_json::json!({"active": false})
    );
    post_as(&app, "revoke", "rp", &[("token", access)]).await;
    assert_eq!(
        post_as(&app, "tokeninfo", "rp", &[("token", access)]).await.1,
        serde_json::json!({"active": false})
    );
    let response = app
        .browser
        .post(format!("{BASE}tokeninfo"))
        .header(ContentType::Form)
        .body(encode(&[("token", access)]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Unauthorized);
}

#[rocket::async_test]
async fn jwt_access_tokens_are_signed_rfc_9068_tokens_and_still_revocable() {
    let mut client = refreshing_client(RefreshTokenUsage::OneTime);
    client.access_token_format = AccessTokenFormat::Jwt;
    let app = app_with(client).await;
    let issued = tokens(&app).await;
    let access = s(&issued["access_token"]);
    let jws = porten::crypto::UnverifiedJws::parse(access).expect("a JWS");
    assert_eq!(jws.header["typ"], "at+jwt");
    let jwks: Value = serde_json::from_str(&app.get(format!("{BASE}jwk")).await.into_string().await.unwrap()).unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == jws.header["kid"])
        .expect("kid in jwk");
    jws.verify_rs256(&porten::crypto::rsa_public_key(s(&key["n"]), s(&key["e"])).unwrap())
        .expect("signature");
    for claim in [
        "iss",
        "aud",
        "sub",
        "client_id",
        "scope",
        "acr",
        "pid",
        "iat",
        "exp",
        "jti",
    ] {
        assert!(!jws.claims[claim].is_null(), "{claim}");
    }
    assert_eq!(jws.claims["client_id"], "rp");
    assert_eq!(userinfo_status(&app, access).await, Status::Ok);
    post_as(&app, "revoke", "rp", &[("token", access)]).await;
    assert_eq!(userinfo_status(&app, access).await, Status::Unauthorized);
}

#[rocket::async_test]
async fn wrong_passwords_are_throttled_per_pid_for_minutes() {
    let app = TestApp::new().await;
    let mut page = app.follow(app.authorize(&[]).await).await.page();
    for attempt in 1..=5 {
        let Outcome::Page(status, next) = app.submit(&page, "login", &[("pid", PID), ("password", "wrong")]).await
        else {
            panic!("a page")
        };
        assert_eq!(status, Status::Ok, "attempt {attempt} is checked");
        page = next;
    }
    let rid = input_value(&page, "rid").unwrap();
    let csrf = input_value(&page, "csrf").unwrap();
    let response = app
        .post_form(
            format!("{BASE}login"),
            &[
                ("rid", &rid),
                ("csrf", &csrf),
                ("action", "login"),
                ("pid", PID),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::TooManyRequests);
    let wait: i64 = response.headers().get_one("Retry-After").unwrap().parse().unwrap();
    assert!((1..=30).contains(&wait), "{wait}");
    let body = response.into_string().await.unwrap();
    assert!(body.contains("For mange mislykkede forsøk") && body.contains("role=\"alert\""));
    // Another citizen is not slowed down.
    let other = app
        .submit(&body, "login", &[("pid", "05927510024"), ("password", PASSWORD)])
        .await;
    assert!(
        matches!(other, Outcome::Page(Status::Ok, ref page) if page.contains("value=\"allow\"")),
        "{other:?}"
    );
}

/// Posts a login for `pid` from `address` on a fresh login page.
async fn login_from(app: &TestApp, address: &str, pid: &str, password: &str) -> Status {
    let page = app.follow(app.authorize(&[("prompt", "login")]).await).await.page();
    app.login_post(&page, pid, password, address).dispatch().await.status()
}

async fn set_throttle(app: &TestApp, key: &str, failures: i32, blocked_until: i64) {
    let counter = porten::core::throttle::Counter {
        failures,
        window_start: porten::web::now(),
        blocked_until,
    };
    let seen = app.store().throttle(key).await.unwrap();
    assert!(app.store().swap_throttle(key, seen, counter).await.unwrap());
}

#[rocket::async_test]
async fn citizens_sharing_an_address_are_not_refused_for_each_other() {
    let app = TestApp::new().await;
    // One page first: it gives the browser the cookie its CSRF tokens are bound to.
    app.follow(app.authorize(&[]).await).await.page();
    let pids = [
        "12889010051",
        "05927510024",
        "23848510149",
        "17816010012",
        "31929910020",
        "15887010002",
    ];
    let attempts = pids
        .iter()
        .cycle()
        .take(30)
        .map(|pid| login_from(&app, "192.0.2.1", pid, "wrong"));
    let statuses = rocket::futures::future::join_all(attempts).await;
    assert!(
        statuses.iter().all(|s| *s == Status::Ok),
        "well below the address's limit, nobody waits: {statuses:?}"
    );
    let row = app.store().throttle("ip:192.0.2.1").await.unwrap().unwrap();
    assert_eq!(row.failures, 30, "every failure counted once");

    let pid_key = format!("pid:{}", porten::crypto::token_hash(PID));
    app.store().clear_throttle(&pid_key).await.unwrap();
    set_throttle(&app, "ip:192.0.2.2", 99, 0).await;
    assert_eq!(login_from(&app, "192.0.2.2", PID, PASSWORD).await, Status::SeeOther);
    assert_eq!(
        login_from(&app, "192.0.2.2", PID, PASSWORD).await,
        Status::SeeOther,
        "a success does not push the address over its limit"
    );
}

#[rocket::async_test]
async fn a_blocked_address_leaves_the_citizens_counter_alone() {
    let app = TestApp::new().await;
    let pid_key = format!("pid:{}", porten::crypto::token_hash(PID));
    set_throttle(&app, &pid_key, 4, 0).await;
    set_throttle(&app, "ip:192.0.2.3", 100, porten::web::now() + 600).await;
    assert_eq!(
        login_from(&app, "192.0.2.3", PID, "wrong").await,
        Status::TooManyRequests
    );
    let row = app.store().throttle(&pid_key).await.unwrap().unwrap();
    assert_eq!((row.failures, row.blocked_until), (4, 0), "the pid is untouched");
    assert_eq!(
        login_from(&app, "192.0.2.4", PID, PASSWORD).await,
        Status::SeeOther,
        "the citizen logs in from elsewhere"
    );
}

/// Fails one login from 198.51.100.7 with `X-Real-IP: 203.0.113.9`, and tells
/// which address the failure was counted for.
async fn counted_address(app: &TestApp) -> Option<String> {
    let page = app.follow(app.authorize(&[]).await).await.page();
    let pairs = encode(&[
        ("rid", input_value(&page, "rid").unwrap().as_str()),
        ("csrf", input_value(&page, "csrf").unwrap().as_str()),
        ("action", "login"),
        ("pid", PID),
        ("password", "wrong"),
    ]);
    app.browser
        .post(format!("{BASE}login"))
        .header(ContentType::Form)
        .header(Header::new("X-Real-IP", "203.0.113.9"))
        .remote("198.51.100.7:4000".parse().unwrap())
        .body(pairs)
        .dispatch()
        .await;
    for address in ["203.0.113.9", "198.51.100.7"] {
        if app.store().throttle(&format!("ip:{address}")).await.unwrap().is_some() {
            return Some(address.to_owned());
        }
    }
    None
}

#[rocket::async_test]
async fn the_client_address_is_the_connections_unless_a_proxy_header_is_configured() {
    let app = TestApp::new().await;
    assert_eq!(counted_address(&app).await.as_deref(), Some("198.51.100.7"));
    let proxied = TestApp::with(|config| config.ip_header = Some("X-Real-IP".into())).await;
    assert_eq!(counted_address(&proxied).await.as_deref(), Some("203.0.113.9"));
}

#[rocket::async_test]
async fn concurrent_wrong_passwords_get_five_checks_at_most() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    let attempt = || {
        let request = app.login_post(&page, PID, "wrong", "192.0.2.20");
        async move { request.dispatch().await.status() }
    };
    let statuses = rocket::futures::future::join_all((0..30).map(|_| attempt())).await;
    let checked = statuses.iter().filter(|s| **s == Status::Ok).count();
    let throttled = statuses.iter().filter(|s| **s == Status::TooManyRequests).count();
    assert_eq!(checked + throttled, 30, "{statuses:?}");
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");
    let row = app
        .store()
        .throttle(&format!("pid:{}", porten::crypto::token_hash(PID)))
        .await
        .unwrap();
    assert_eq!(
        row.map(|r| r.failures),
        Some(checked as i32),
        "every checked attempt counted"
    );
}

#[rocket::async_test]
async fn prompt_none_with_an_id_token_hint_checks_the_user() {
    let app = TestApp::new().await;
    let issued = tokens(&app).await;
    let hint = s(&issued["id_token"]).to_owned();
    let params = app
        .follow(app.authorize(&[("prompt", "none"), ("id_token_hint", &hint)]).await)
        .await
        .redirect_params();
    assert!(params.contains_key("code"), "{params:?}");
    let (header, rest) = hint.split_once('.').unwrap();
    let unsigned = format!(
        "{}.{}.",
        porten::crypto::b64url(r#"{"alg":"none"}"#),
        rest.split_once('.').unwrap().0
    );
    let forged = format!(
        "{header}.{}.{}",
        porten::crypto::b64url(r#"{"sub":"x"}"#),
        rest.split_once('.').unwrap().1
    );
    for bad in [unsigned, forged, "garbage".to_owned()] {
        let params = app
            .follow(app.authorize(&[("prompt", "none"), ("id_token_hint", &bad)]).await)
            .await
            .redirect_params();
        assert_eq!(params["error"], "login_required", "{bad}");
    }
}

#[rocket::async_test]
async fn login_hint_prefills_the_pid() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[("login_hint", PID)]).await).await.page();
    assert!(page.contains(&format!("value=\"{PID}\"")));
    let page = app
        .follow(app.authorize(&[("login_hint", "not-a-pid")]).await)
        .await
        .page();
    assert!(!page.contains("value=\"not-a-pid\""));
}

async fn endsession(app: &TestApp, pairs: &[(&str, &str)]) -> Outcome {
    app.follow(app.get(format!("{BASE}endsession?{}", encode(pairs))).await)
        .await
}

#[rocket::async_test]
async fn logout_with_a_valid_hint_redirects_to_the_registered_uri_and_ends_everything() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let issued = tokens(&app).await;
    let pairs = [
        ("id_token_hint", s(&issued["id_token"])),
        ("post_logout_redirect_uri", "https://rp.example/logged-out"),
        ("state", "bye"),
    ];
    match endsession(&app, &pairs).await {
        Outcome::Redirect(location) => assert_eq!(location, "https://rp.example/logged-out?state=bye"),
        other => panic!("expected the redirect, got {other:?}"),
    }
    assert_eq!(
        userinfo_status(&app, s(&issued["access_token"])).await,
        Status::Unauthorized
    );
    assert_eq!(
        refresh(&app, s(&issued["refresh_token"])).await.1["error"],
        "invalid_grant"
    );
    let params = app
        .follow(app.authorize(&[("prompt", "none")]).await)
        .await
        .redirect_params();
    assert_eq!(params["error"], "login_required");
}

#[rocket::async_test]
async fn logout_never_redirects_to_an_unverified_uri() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let mut other = refreshing_client(RefreshTokenUsage::OneTime);
    other.client_id = "other".into();
    other.post_logout_redirect_uris = vec!["https://other.example/bye".into()];
    app.register(other).await;
    let issued = tokens(&app).await;
    let hint = s(&issued["id_token"]);
    let cases: Vec<Vec<(&str, &str)>> = vec![
        vec![("post_logout_redirect_uri", "https://rp.example/logged-out")],
        vec![
            ("id_token_hint", hint),
            ("post_logout_redirect_uri", "https://rp.example/logged-out?x=1"),
        ],
        vec![
            ("id_token_hint", hint),
            ("post_logout_redirect_uri", "https://evil.example/"),
        ],
        vec![
            ("id_token_hint", hint),
            ("post_logout_redirect_uri", "https://other.example/bye"),
        ],
        vec![
            ("id_token_hint", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."),
            ("post_logout_redirect_uri", "https://rp.example/logged-out"),
        ],
    ];
    for pairs in cases {
        match endsession(&app, &pairs).await {
            Outcome::Page(Status::Ok, page) => assert!(!page.contains("http-equiv"), "{pairs:?}"),
            Outcome::Redirect(location) => panic!("redirected to {location} for {pairs:?}"),
            other => panic!("{other:?}"),
        }
    }
    let (status, _) = {
        let response = app
            .get(format!(
                "{BASE}endsession?{}",
                encode(&[("id_token_hint", hint), ("client_id", "other")])
            ))
            .await;
        (response.status(), ())
    };
    assert_eq!(status, Status::BadRequest, "client_id must match the hint");
}

#[rocket::async_test]
async fn logout_without_a_hint_asks_for_confirmation() {
    let app = TestApp::new().await;
    let issued = tokens(&app).await;
    let pending = app.rows("pending_request").await;
    let page = endsession(&app, &[("ui_locales", "en")]).await.page();
    assert!(page.contains("name=\"action\" value=\"logout\"") && html_lang(&page) == "en");
    assert_eq!(
        app.rows("pending_request").await,
        pending,
        "nothing is stored without a hint"
    );
    assert_eq!(
        userinfo_status(&app, s(&issued["access_token"])).await,
        Status::Ok,
        "nothing ended yet"
    );
    let rid = input_value(&page, "rid").unwrap();
    let response = app
        .post_form(
            format!("{BASE}endsession/confirm"),
            &[("rid", &rid), ("csrf", "forged"), ("action", "logout")],
        )
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let done = app.submit(&page, "logout", &[]).await.page();
    assert!(done.contains("You are logged out"));
    assert_eq!(
        userinfo_status(&app, s(&issued["access_token"])).await,
        Status::Unauthorized
    );
}

#[rocket::async_test]
async fn logout_loads_other_clients_frontchannel_uris_with_iss_and_sid() {
    let app = app_with(refreshing_client(RefreshTokenUsage::OneTime)).await;
    let mut other = rp_client();
    other.client_id = "other".into();
    other.frontchannel_logout_uri = Some("https://rp.example/frontchannel".into());
    other.frontchannel_logout_session_required = true;
    app.register(other).await;
    let issued = tokens(&app).await;
    let sid = decode_claims(s(&issued["id_token"]))["sid"]
        .as_str()
        .unwrap()
        .to_owned();
    app.login_flow(&[("client_id", "other")]).await.redirect_params();
    let pairs = [
        ("id_token_hint", s(&issued["id_token"])),
        ("post_logout_redirect_uri", "https://rp.example/logged-out"),
        ("state", "s"),
    ];
    let response = app.get(format!("{BASE}endsession?{}", encode(&pairs))).await;
    assert_eq!(response.status(), Status::Ok);
    let csp = response
        .headers()
        .get_one("Content-Security-Policy")
        .unwrap()
        .to_owned();
    assert!(csp.contains("frame-src https://rp.example"), "{csp}");
    let page = response.into_string().await.unwrap();
    let expected = format!(
        "https://rp.example/frontchannel?{}",
        encode(&[("iss", ISSUER), ("sid", &sid)])
    );
    assert!(
        page.contains(&format!("src=\"{}\"", expected.replace('&', "&#38;")))
            || page.contains(&format!("src=\"{}\"", expected.replace('&', "&amp;"))),
        "{page}"
    );
    assert!(
        page.contains("https://rp.example/logged-out?state=s"),
        "a link on for browsers without JavaScript"
    );
    assert!(page.contains("logout.js"));
}

#[rocket::async_test]
async fn logout_tells_the_client_that_asked_for_it_too() {
    let mut client = refreshing_client(RefreshTokenUsage::OneTime);
    client.frontchannel_logout_uri = Some("https://rp.example/frontchannel".into());
    let app = app_with(client).await;
    let issued = tokens(&app).await;
    let pairs = [
        ("id_token_hint", s(&issued["id_token"])),
        ("post_logout_redirect_uri", "https://rp.example/logged-out"),
    ];
    let response = app.get(format!("{BASE}endsession?{}", encode(&pairs))).await;
    assert_eq!(response.status(), Status::Ok, "a page with the iframe, not a redirect");
    let page = response.into_string().await.unwrap();
    assert!(page.contains("src=\"https://rp.example/frontchannel\""), "{page}");
}

#[rocket::async_test]
async fn discovery_lists_the_lifecycle_endpoints() {
    let app = TestApp::new().await;
    let doc = app.discovery().await;
    assert_eq!(doc["end_session_endpoint"], format!("{ISSUER}endsession"));
    assert_eq!(doc["revocation_endpoint"], format!("{ISSUER}revoke"));
    assert_eq!(doc["introspection_endpoint"], format!("{ISSUER}tokeninfo"));
    assert_eq!(doc["frontchannel_logout_supported"], true);
    assert_eq!(doc["frontchannel_logout_session_supported"], true);
    assert!(
        doc["grant_types_supported"]
            .as_array()
            .unwrap()
            .contains(&Value::from("refresh_token"))
    );
}

#[rocket::async_test]
async fn a_rotated_key_is_published_at_once_and_signs_after_the_delay() {
    let app = TestApp::new().await;
    let state = app.browser.rocket().state::<porten::web::App>().unwrap();
    let old_kid = porten::crypto::UnverifiedJws::parse(s(&tokens(&app).await["id_token"]))
        .unwrap()
        .kid()
        .unwrap()
        .to_owned();
    let now = porten::web::now();
    let delayed = state.keys.rotate(now, 3600).await.unwrap();
    let jwks: Value = serde_json::from_str(&app.get(format!("{BASE}jwk")).await.into_string().await.unwrap()).unwrap();
    let kids: Vec<&str> = jwks["keys"].as_array().unwrap().iter().map(|k| s(&k["kid"])).collect();
    assert!(
        kids.contains(&delayed.kid.as_str()) && kids.contains(&old_kid.as_str()),
        "{kids:?}"
    );
    let kid_now = porten::crypto::UnverifiedJws::parse(s(&tokens(&app).await["id_token"]))
        .unwrap()
        .kid()
        .unwrap()
        .to_owned();
    assert_eq!(kid_now, old_kid, "the new key waits for its publish delay");
    let immediate = state.keys.rotate(now, 0).await.unwrap();
    let kid_now = porten::crypto::UnverifiedJws::parse(s(&tokens(&app).await["id_token"]))
        .unwrap()
        .kid()
        .unwrap()
        .to_owned();
    assert_eq!(kid_now, immediate.kid);
    let listed = state.keys.list(now).await.unwrap();
    assert_eq!(listed.len(), 3, "old keys stay listed until their tokens expired");
}

#[rocket::async_test]
async fn the_purge_removes_what_has_ended() {
    let app = TestApp::new().await;
    let issued = tokens(&app).await;
    let store = app.store();
    let hash = porten::crypto::token_hash(s(&issued["access_token"]));
    assert_eq!(
        store.purge(porten::web::now(), 1800).await.unwrap(),
        0,
        "nothing live is purged"
    );
    assert!(store.token(&hash).await.unwrap().is_some());
    let later = porten::web::now() + 10 * 24 * 3600;
    assert!(store.purge(later, 1800).await.unwrap() >= 3);
    assert!(store.token(&hash).await.unwrap().is_none());
    assert_eq!(
        store.purge(later, 1800).await.unwrap(),
        0,
        "a second purge finds nothing"
    );
}
