//! What an outside request can make porten spend has a limit, and the limit
//! answers with a clear error (issue 9): password checks run on a fixed pool,
//! a burst cannot pass the address's failure limit, and junk stores nothing.

use rocket::http::Status;

use crate::*;

/// Valid pids of no account: each wrong login costs a full check.
const PIDS: [&str; 8] = [
    "12889010051",
    "05927510024",
    "23848510149",
    "17816010012",
    "31929910020",
    "15887010002",
    "01010150014",
    "02020250180",
];

/// `PIDS.len()` wrong logins from `address` at the same moment, on one login
/// page of one browser: their statuses and bodies.
async fn concurrent_logins(app: &TestApp, address: &str) -> Vec<(Status, Option<String>, String)> {
    let page = app.follow(app.authorize(&[]).await).await.page();
    let attempts = PIDS.iter().map(|pid| {
        let request = app.login_post(&page, pid, "wrong", address);
        async move {
            let response = request.dispatch().await;
            let retry_after = response.headers().get_one("Retry-After").map(str::to_owned);
            (
                response.status(),
                retry_after,
                response.into_string().await.unwrap_or_default(),
            )
        }
    });
    rocket::futures::future::join_all(attempts).await
}

#[rocket::async_test]
async fn a_login_that_finds_no_free_hashing_thread_is_turned_away_with_429() {
    let app = TestApp::with(|config| {
        config.login_threads = Some(1);
        config.login_wait_ms = 1;
    })
    .await;
    let answers = concurrent_logins(&app, "192.0.2.10").await;
    let busy: Vec<_> = answers
        .iter()
        .filter(|(status, ..)| *status == Status::TooManyRequests)
        .collect();
    assert!(!busy.is_empty(), "one thread, eight logins at once: {answers:?}");
    assert!(
        answers
            .iter()
            .all(|(status, ..)| [Status::Ok, Status::TooManyRequests].contains(status)),
        "{answers:?}"
    );
    for (_, retry_after, page) in busy {
        assert_eq!(retry_after.as_deref(), Some("5"));
        assert!(page.contains("Mange logger inn akkurat nå"), "a localized page: {page}");
    }
}

#[rocket::async_test]
async fn a_burst_from_one_address_cannot_pass_its_failure_limit() {
    let app = TestApp::new().await;
    let key = "ip:192.0.2.11";
    let counter = porten::core::throttle::Counter {
        failures: porten::core::throttle::PER_ADDRESS.free - 2,
        window_start: porten::web::now(),
        blocked_until: 0,
    };
    assert!(app.store().swap_throttle(key, None, counter).await.unwrap());
    let answers = concurrent_logins(&app, "192.0.2.11").await;
    let checked = answers.iter().filter(|(status, ..)| *status == Status::Ok).count();
    assert!(
        checked <= 2,
        "two failures were left, {checked} passwords checked: {answers:?}"
    );
    assert!(
        answers
            .iter()
            .all(|(status, ..)| [Status::Ok, Status::TooManyRequests].contains(status)),
        "{answers:?}"
    );
}

#[rocket::async_test]
async fn junk_posts_to_authorize_and_endsession_store_nothing() {
    let app = TestApp::new().await;
    let junk: [&[(&str, &str)]; 4] = [
        &[
            ("response_type", "code"),
            ("scope", "openid"),
            ("redirect_uri", REDIRECT),
        ],
        &[("client_id", "nobody"), ("redirect_uri", REDIRECT), ("scope", "openid")],
        &[
            ("client_id", "rp"),
            ("redirect_uri", "https://evil.example/"),
            ("scope", "openid"),
        ],
        &[
            ("client_id", "rp"),
            ("request_uri", "urn:ietf:params:oauth:request_uri:junk"),
        ],
    ];
    for pairs in junk {
        let response = app.post_form(format!("{BASE}authorize"), pairs).await;
        assert!(response.status().code >= 400, "{pairs:?}: {}", response.status());
    }
    let logout = app
        .post_form(
            format!("{BASE}endsession"),
            &[
                ("post_logout_redirect_uri", REDIRECT),
                ("state", "x"),
                ("ui_locales", "nn"),
            ],
        )
        .await;
    assert_eq!(logout.status(), Status::SeeOther);
    assert_eq!(
        logout.headers().get_one("Location"),
        Some(format!("{BASE}endsession?ui_locales=nn").as_str()),
        "without a hint only the language goes on"
    );
    assert_eq!(app.rows("pending_request").await, 0, "no row for junk");

    let kept = app
        .post_form(
            format!("{BASE}authorize"),
            &[
                ("client_id", "rp"),
                ("redirect_uri", REDIRECT),
                ("response_type", "code"),
                ("scope", "openid"),
                ("unknown", &"x".repeat(3000)),
            ],
        )
        .await;
    assert_eq!(
        kept.status(),
        Status::SeeOther,
        "a request of a registered client is kept"
    );
    let location = kept.headers().get_one("Location").unwrap().to_owned();
    let rid = query_params(&format!("http://x{location}"))["rid"].clone();
    let hash = porten::crypto::token_hash(&rid);
    let parked = app.store().pending(&hash, porten::web::now()).await.unwrap().unwrap();
    assert!(
        parked.params.iter().all(|(name, _)| name != "unknown"),
        "only the parameters authorize reads are kept: {:?}",
        parked.params
    );
    assert_eq!(app.rows("pending_request").await, 1);
}

#[rocket::async_test]
async fn an_address_at_its_limit_waits_for_its_window_to_end_not_longer() {
    let app = TestApp::new().await;
    let (key, now) = ("ip:192.0.2.12", porten::web::now());
    let limits = &porten::core::throttle::PER_ADDRESS;
    let started = now - 100;
    let full = porten::core::throttle::Counter {
        failures: limits.free,
        window_start: started,
        blocked_until: 0,
    };
    assert!(app.store().swap_throttle(key, None, full).await.unwrap());
    for _ in 0..3 {
        let answers = concurrent_logins(&app, "192.0.2.12").await;
        for (status, retry_after, _) in &answers {
            assert_eq!(*status, Status::TooManyRequests);
            let wait: i64 = retry_after.as_deref().unwrap().parse().unwrap();
            assert!(wait <= started + limits.window - now, "never past the window: {wait}");
        }
    }
    let counter = app.store().throttle(key).await.unwrap().unwrap();
    assert_eq!(
        counter.window_start, started,
        "refused attempts do not extend the window"
    );
    assert_eq!(counter.failures, limits.free, "nor count");

    let ended = porten::core::throttle::Counter {
        window_start: now - limits.window - 1,
        blocked_until: 0,
        ..counter
    };
    assert!(app.store().swap_throttle(key, Some(counter), ended).await.unwrap());
    let answers = concurrent_logins(&app, "192.0.2.12").await;
    assert!(
        answers.iter().all(|(status, ..)| *status == Status::Ok),
        "a new window: {answers:?}"
    );
}

#[rocket::async_test]
async fn a_post_to_authorize_with_an_error_for_the_client_redirects_at_once_and_stores_nothing() {
    let app = TestApp::new().await;
    let response = app
        .post_form(
            format!("{BASE}authorize"),
            &[
                ("client_id", "rp"),
                ("redirect_uri", REDIRECT),
                ("response_type", "code"),
                ("scope", "openid"),
                ("state", "s1"),
                ("request", &"x".repeat(60_000)),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::SeeOther);
    let location = response.headers().get_one("Location").unwrap().to_owned();
    let params = query_params(&location);
    assert!(location.starts_with(REDIRECT), "{location}");
    assert_eq!(params["state"], "s1");
    assert!(["invalid_request", "request_not_supported"].contains(&params["error"].as_str()));
    assert_eq!(app.rows("pending_request").await, 0);
}

#[rocket::async_test]
async fn a_failed_client_authentication_says_the_same_whatever_failed() {
    let app = TestApp::new().await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", "x"),
        ("redirect_uri", REDIRECT),
    ];
    let unknown = app.back_channel("token", &form, Some(basic("nobody", SECRET))).await;
    let wrong_secret = app
        .back_channel("token", &form, Some(basic("rp", "not-the-secret")))
        .await;
    let mut posted = form.to_vec();
    posted.extend([("client_id", "rp"), ("client_secret", SECRET)]);
    let wrong_method = app.back_channel("token", &posted, None).await;
    for reply in [&unknown, &wrong_secret, &wrong_method] {
        assert_eq!(reply.status, Status::Unauthorized);
        assert_eq!(reply.body["error"], "invalid_client");
    }
    assert_eq!(unknown.body, wrong_secret.body);
    assert_eq!(wrong_secret.body, wrong_method.body);
}
