//! Bounded growth: under steady traffic the purge takes every table back to
//! its live rows, so the database stays the same size.

use std::collections::BTreeMap;

use porten::domain::GrantType;
use rocket::http::Status;
use serde_json::Value;

use super::*;

/// Short lifetimes everywhere, so "later" is minutes, not days.
fn short_lived_client() -> porten::core::client::Client {
    let mut client = rp_client();
    client.grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    client.access_token_lifetime = 60;
    client.refresh_token_lifetime = 120;
    client.authorization_lifetime = 120;
    client
}

async fn counts(app: &TestApp) -> BTreeMap<&'static str, u64> {
    app.store()
        .row_counts()
        .await
        .expect("rows counted")
        .into_iter()
        .collect()
}

/// One round of what a busy day brings: complete flows with refreshes,
/// replayed codes, junk at the token endpoint, a wrong password and
/// authorizations abandoned half-way. The access tokens it was given.
async fn traffic(app: &TestApp) -> Vec<String> {
    let mut access_tokens = Vec::new();
    for _ in 0..4 {
        let code = app.code(&[]).await;
        let (status, tokens) = app.redeem(&code).await;
        assert_eq!(status, Status::Ok, "{tokens}");
        let (status, refreshed) = app
            .token(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", tokens["refresh_token"].as_str().unwrap_or_default()),
            ])
            .await;
        assert_eq!(status, Status::Ok, "{refreshed}");
        access_tokens.push(refreshed["access_token"].as_str().unwrap_or_default().to_owned());
    }
    // A replayed code, junk grants and junk tokens.
    let code = app.code(&[]).await;
    assert_eq!(app.redeem(&code).await.0, Status::Ok);
    assert_eq!(app.redeem(&code).await.1["error"], "invalid_grant");
    for pairs in [
        vec![("grant_type", "authorization_code"), ("code", "not-a-code")],
        vec![("grant_type", "refresh_token"), ("refresh_token", "not-a-token")],
        vec![("grant_type", "password"), ("username", "x")],
        vec![("grant_type", "authorization_code"), ("code", "%%%")],
    ] {
        let (status, body) = app.token(&pairs).await;
        assert!(status.code >= 400, "{pairs:?} answered {status}: {body}");
    }
    assert_eq!(userinfo_status(app, "junk-token").await, Status::Unauthorized);
    // A wrong password on a forced login, then the login abandoned.
    let page = app.follow(app.authorize(&[("prompt", "login")]).await).await.page();
    let refused = app
        .submit(&page, "login", &[("pid", PID), ("password", "wrong")])
        .await
        .page();
    assert!(refused.contains("id=\"login-error\""), "the wrong password is refused");
    app.follow(app.authorize(&[("state", "abandoned")]).await).await;
    access_tokens
}

#[rocket::async_test]
async fn steady_traffic_leaves_every_table_at_its_live_rows_after_the_purge() {
    let app = TestApp::with(|config| {
        config.session_max_lifetime = 120;
        config.session_idle_timeout = 60;
    })
    .await;
    app.register(short_lived_client()).await;
    let idle_timeout = app.config.session_idle_timeout;
    let baseline = counts(&app).await;
    assert!(baseline["client"] >= 1 && baseline["signing_key"] >= 1, "{baseline:?}");

    for round in 0..3 {
        let access_tokens = traffic(&app).await;
        let busy = counts(&app).await;
        for table in [
            "sso_session",
            "pending_request",
            "consent",
            "auth_code",
            "oauth_grant",
            "token",
            "throttle",
        ] {
            assert!(
                busy[table] > baseline[table],
                "round {round}: the traffic wrote no {table} rows: {busy:?}"
            );
        }

        // A purge now keeps what is alive: the tokens just issued still work.
        let now = porten::web::now();
        app.store().purge(now, idle_timeout).await.expect("purged");
        for token in &access_tokens {
            assert_eq!(userinfo_status(&app, token).await, Status::Ok, "round {round}");
        }
        let after_live_purge = counts(&app).await;
        assert!(
            after_live_purge["token"] >= access_tokens.len() as u64,
            "{after_live_purge:?}"
        );

        // Once everything has ended and the record-keeping time has passed,
        // the purge leaves only the rows that live for good.
        let later = now + porten::store::KEEP_ENDED + porten::core::throttle::FORGOTTEN_AFTER + 2 * 3600;
        let deleted = app.store().purge(later, idle_timeout).await.expect("purged");
        assert!(deleted > 0, "round {round}: nothing purged");
        assert_eq!(
            counts(&app).await,
            baseline,
            "round {round}: the tables did not shrink back"
        );
    }
}

#[rocket::async_test]
async fn the_purge_spares_what_is_still_within_its_record_keeping_time() {
    let app = TestApp::new().await;
    app.register(short_lived_client()).await;
    let code = app.code(&[]).await;
    let (status, tokens): (Status, Value) = app.redeem(&code).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    let before = counts(&app).await;
    // Ended, but not yet a day ago: kept for reuse detection and audit.
    let within = porten::web::now() + 3600;
    app.store().purge(within, 60).await.expect("purged");
    let after = counts(&app).await;
    for table in ["auth_code", "oauth_grant", "token"] {
        assert_eq!(after[table], before[table], "{table} purged too early");
    }
    assert_eq!(
        app.redeem(&code).await.1["error"],
        "invalid_grant",
        "a replay is still detected"
    );
}
