//! The findings of the security review (issue 10), each proven through HTTP
//! or the CLI.

use porten::domain::{AuthMethod, GrantType};
use rocket::http::{ContentType, Header, Status};

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
    for path in [
        "//evil.example/x",
        "/\\evil.example/x",
        "/%5Cevil.example/x",
        "///evil.example/x?a=b",
    ] {
        let response = app.get(path).await;
        let status = response.status();
        let page = response.into_string().await.unwrap_or_default();
        let links: Vec<String> = hrefs(&page).into_iter().filter(|h| h.contains("lang=")).collect();
        assert_eq!(links.len(), 4, "{path}: {status} {page}");
        for href in links {
            assert!(
                href.starts_with('?'),
                "{path}: switcher link {href:?} must be query-only"
            );
            assert!(!href.contains("evil"), "{path}: {href:?}");
        }
    }
}

const KRR: &str = "/kontaktinfo-oauth2-server/rest/v1/";

/// An access token of a server grant stored directly, as the jwt-bearer
/// grant issues them.
async fn server_token(app: &TestApp, client_id: &str) -> String {
    use porten::domain::Scopes;
    use porten::store::{Grant, IssuedToken, TokenKind};
    let now = porten::web::now();
    let scopes = Scopes::parse("global/kontaktinformasjon.read");
    let grant = Grant {
        id: porten::crypto::random_token(),
        client_id: client_id.into(),
        pid: None,
        sid: None,
        scopes: scopes.clone(),
        acr: None,
        amr: vec![],
        auth_time: None,
        locale: None,
        expires_at: now + 3600,
        revoked: false,
    };
    app.store().insert_grant(&grant, now).await.expect("grant");
    let token = porten::crypto::random_token();
    let issued = IssuedToken {
        grant_id: grant.id,
        kind: TokenKind::Access,
        client_id: client_id.into(),
        scopes,
        created_at: now,
        expires_at: now + 300,
        used: false,
    };
    let hash = porten::crypto::token_hash(&token);
    app.store().insert_token(&hash, &issued).await.expect("token");
    token
}

/// A server reading the contact register, registered as the CLI requires.
fn server_client(id: &str) -> porten::core::client::Client {
    let mut client = porten::core::client::Client::new(id);
    client.grant_types = vec![GrantType::JwtBearer];
    client.token_endpoint_auth_method = AuthMethod::PrivateKeyJwt;
    client.client_orgno = porten::domain::OrgNo::parse("974760673");
    client.scopes = vec!["global/kontaktinformasjon.read".into()];
    client
}

async fn personer_status(app: &TestApp, token: &str) -> Status {
    app.browser
        .post(format!("{KRR}personer"))
        .header(ContentType::JSON)
        .header(Header::new("Authorization", format!("Bearer {token}")))
        .body(serde_json::json!({ "personidentifikatorer": [PID] }).to_string())
        .dispatch()
        .await
        .status()
}

async fn person_status(app: &TestApp, token: &str) -> Status {
    app.browser
        .get(format!("{KRR}person"))
        .header(Header::new("Authorization", format!("Bearer {token}")))
        .dispatch()
        .await
        .status()
}

/// A resource server that may introspect every token.
async fn introspector(app: &TestApp) {
    let mut client = rp_client();
    client.client_id = "rs".into();
    client.introspection = true;
    app.register(client).await;
}

async fn introspect(app: &TestApp, token: &str) -> serde_json::Value {
    app.back_channel("tokeninfo", &[("token", token)], Some(basic("rs", SECRET)))
        .await
        .body
}

#[rocket::async_test]
async fn a_deactivated_clients_tokens_stop_working_at_every_use() {
    let app = TestApp::new().await;
    introspector(&app).await;
    let mut rp = rp_client();
    rp.grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    rp.scopes = vec!["openid".into(), "profile".into(), "user/kontaktinformasjon.read".into()];
    app.register(rp.clone()).await;
    let code = app
        .code(&[("scope", "openid profile user/kontaktinformasjon.read")])
        .await;
    let (status, tokens) = app.redeem(&code).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(userinfo_status(&app, &access).await, Status::Ok);
    assert_eq!(person_status(&app, &access).await, Status::Ok);
    assert_eq!(introspect(&app, &access).await["active"], true);

    // Deactivated behind the CLI's back: the grant itself is untouched, so
    // only the check at each use stops the tokens.
    rp.active = false;
    app.register(rp.clone()).await;
    assert_eq!(userinfo_status(&app, &access).await, Status::Unauthorized);
    assert_eq!(person_status(&app, &access).await, Status::Unauthorized);
    assert_eq!(introspect(&app, &access).await["active"], false);
    assert_eq!(introspect(&app, &refresh).await["active"], false);
    let (status, body) = app
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::Unauthorized, Some("invalid_client"))
    );
    let revoked = app
        .back_channel("revoke", &[("token", &access)], Some(basic("rp", SECRET)))
        .await;
    assert_eq!(revoked.status, Status::Unauthorized);
}

#[rocket::async_test]
async fn client_inactive_and_delete_revoke_the_clients_grants_at_once() {
    let app = TestApp::new().await;
    introspector(&app).await;
    for id in ["srv", "gone"] {
        app.register(server_client(id)).await;
    }
    let srv = server_token(&app, "srv").await;
    let gone = server_token(&app, "gone").await;
    assert_eq!(personer_status(&app, &srv).await, Status::Ok);
    assert_eq!(personer_status(&app, &gone).await, Status::Ok);

    let (ok, _, err) = porten_cli(&app.config, &["client", "update", "srv", "--inactive"], &[]);
    assert!(ok, "{err}");
    assert_eq!(personer_status(&app, &srv).await, Status::Unauthorized);
    assert_eq!(introspect(&app, &srv).await["active"], false);
    // Active again, the old grant stays revoked.
    let (ok, _, err) = porten_cli(&app.config, &["client", "update", "srv", "--inactive=false"], &[]);
    assert!(ok, "{err}");
    assert_eq!(personer_status(&app, &srv).await, Status::Unauthorized);

    let (ok, _, err) = porten_cli(&app.config, &["client", "delete", "gone"], &[]);
    assert!(ok, "{err}");
    assert_eq!(personer_status(&app, &gone).await, Status::Unauthorized);
    assert_eq!(introspect(&app, &gone).await["active"], false);
    // The same id registered anew does not inherit the old tokens.
    app.register(server_client("gone")).await;
    assert_eq!(personer_status(&app, &gone).await, Status::Unauthorized);
}

#[rocket::async_test]
async fn only_an_id_token_serves_as_id_token_hint() {
    let app = TestApp::new().await;
    let mut rp = rp_client();
    rp.access_token_format = porten::domain::AccessTokenFormat::Jwt;
    rp.post_logout_redirect_uris = vec!["https://rp.example/logged-out".into()];
    app.register(rp).await;
    let (status, tokens) = app.redeem(&app.code(&[]).await).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    let at_jwt = tokens["access_token"].as_str().unwrap();
    assert_eq!(at_jwt.split('.').count(), 3, "a JWT access token");

    // prompt=none: an access token does not vouch for the session's user.
    let params = app
        .follow(app.authorize(&[("prompt", "none"), ("id_token_hint", at_jwt)]).await)
        .await
        .redirect_params();
    assert_eq!(params["error"], "login_required", "{params:?}");

    // endsession: no redirect and no logout without the citizen's confirmation.
    let pairs = [
        ("id_token_hint", at_jwt),
        ("post_logout_redirect_uri", "https://rp.example/logged-out"),
    ];
    let uri = format!("{BASE}endsession?{}", encode(&pairs));
    let page = app.follow(app.get(uri).await).await.page();
    assert!(
        page.contains("name=\"action\" value=\"logout\""),
        "a confirmation page: {page}"
    );
    assert_eq!(userinfo_status(&app, at_jwt).await, Status::Ok, "still logged in");

    // The id_token itself still works.
    let pairs = [
        ("id_token_hint", tokens["id_token"].as_str().unwrap()),
        ("post_logout_redirect_uri", "https://rp.example/logged-out"),
    ];
    let uri = format!("{BASE}endsession?{}", encode(&pairs));
    match app.follow(app.get(uri).await).await {
        Outcome::Redirect(location) => assert_eq!(location, "https://rp.example/logged-out"),
        other => panic!("expected the redirect, got {other:?}"),
    }
}

#[rocket::async_test]
async fn metrics_are_served_on_their_own_listener_only() {
    let app = TestApp::with(|config| config.metrics_address = "127.0.0.1:0".into()).await;
    let public = app.get("/metrics").await;
    assert_eq!(public.status(), Status::NotFound, "never on the issuer's port");
    let answer = metrics_listener(&app, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await;
    assert!(answer.starts_with("HTTP/1.1 200 OK"), "{answer}");
    assert!(answer.contains("porten_logins_total"), "{answer}");
    // The unrouted request above is counted on the shared state.
    assert!(answer.contains("handler=\"unmatched\""), "{answer}");
    let other = metrics_listener(&app, "GET /health/live HTTP/1.1\r\n\r\n").await;
    assert!(other.starts_with("HTTP/1.1 404"), "{other}");
    let junk = metrics_listener(&app, "\u{1}\u{2}junk\r\n\r\n").await;
    assert!(junk.starts_with("HTTP/1.1 404"), "{junk}");

    // Off when empty: nothing listens.
    let off = TestApp::new().await;
    assert!(
        off.browser
            .rocket()
            .state::<porten::web::metrics::MetricsEndpoint>()
            .is_none()
    );
}

#[rocket::async_test]
async fn a_taken_metrics_address_stops_the_start() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&dir);
    config.metrics_address = taken.local_addr().expect("address").to_string();
    let rocket = porten::build(config).await.expect("app builds");
    let error = rocket
        .ignite()
        .await
        .expect_err("a metrics address in use must stop the start");
    // Reading the kind marks the error handled (Rocket panics otherwise).
    assert!(
        matches!(error.kind(), rocket::error::ErrorKind::FailedFairings(_)),
        "{error:?}"
    );
}

/// The environment of a valid `prod` configuration.
pub const PROD: &[(&str, &str)] = &[
    ("PORTEN_PROFILE", "prod"),
    ("PORTEN_ISSUER", "https://login.example/idporten-oidc-provider/"),
    ("PORTEN_SECRET_KEY", "prod-secret-key-0123456789abcdef-0123456789"),
    ("PORTEN_PAIRWISE_SALT", "prod-pairwise-salt-0123456789abcdef"),
    ("PORTEN_KEY_PASSPHRASE", "prod-key-passphrase-0123456789abcdef"),
    ("PORTEN_LEVELS", "{password=\"Level3\",password_otp=\"Level4\"}"),
];

#[test]
fn prod_registration_takes_only_https_or_loopback_uris() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = test_config(&dir);
    let create = |id: &str, option: &str, uri: &str, env: &[(&str, &str)]| {
        let mut args = vec!["client", "create", "--id", id];
        if option != "--redirect-uri" {
            args.extend(["--redirect-uri", "https://app.example/cb"]);
        }
        args.extend([option, uri]);
        porten_cli(&config, &args, env)
    };
    let refused = [
        ("--redirect-uri", "javascript://x/%0aalert(1)", "scheme javascript"),
        ("--redirect-uri", "http://app.example/cb", "https in prod"),
        ("--redirect-uri", "https://user:pw@app.example/cb", "user information"),
        ("--redirect-uri", "https://app.example/cb#frag", "fragment"),
        ("--post-logout-redirect-uri", "http://app.example/out", "https in prod"),
        (
            "--post-logout-redirect-uri",
            "javascript://x/%0aalert(1)",
            "scheme javascript",
        ),
        ("--frontchannel-logout-uri", "http://app.example/fc", "https in prod"),
    ];
    for (i, (option, uri, says)) in refused.iter().enumerate() {
        let id = format!("bad{i}");
        let (ok, out, err) = create(&id, option, uri, PROD);
        assert!(!ok, "{option} {uri} accepted in prod: {out}");
        assert!(err.contains(says), "{option} {uri}: {err}");
    }
    // Other schemes are refused outside prod too.
    let (ok, out, err) = create("dev-js", "--redirect-uri", "javascript://x/%0aalert(1)", &[]);
    assert!(!ok && err.contains("scheme javascript"), "{out} {err}");
    // What prod takes.
    for (i, uri) in ["https://app.example/cb", "http://127.0.0.1:7000/cb", "http://[::1]/cb"]
        .iter()
        .enumerate()
    {
        let (ok, _, err) = create(&format!("good{i}"), "--redirect-uri", uri, PROD);
        assert!(ok, "{uri}: {err}");
    }
    // update and import say the same.
    let (ok, _, err) = porten_cli(
        &config,
        &["client", "update", "good0", "--redirect-uri", "http://app.example/cb"],
        PROD,
    );
    assert!(!ok && err.contains("https in prod"), "{err}");
    let file = dir.path().join("clients.json");
    let body = serde_json::json!([{ "client_id": "imp", "redirect_uris": ["javascript://x/%0aalert(1)"] }]);
    std::fs::write(&file, body.to_string()).expect("file written");
    let (ok, _, err) = porten_cli(&config, &["client", "import", file.to_str().unwrap()], PROD);
    assert!(!ok && err.contains("scheme javascript"), "{err}");
}

/// Logs the test citizen in at Level4 with the one-time code of time step
/// `step` (each step is accepted once; ±1 step around now is allowed).
async fn level4_login(app: &TestApp, step: i64) -> HashMap<String, String> {
    let page = app
        .follow(app.authorize(&[("acr_values", "Level4"), ("scope", "openid")]).await)
        .await
        .page();
    let secret = data_encoding::BASE32_NOPAD
        .decode(porten::seed::TEST_OTP_SECRET.as_bytes())
        .expect("base32");
    let code = porten::crypto::totp_at(&secret, step);
    app.submit(&page, "login", &[("pid", PID), ("password", PASSWORD), ("otp", &code)])
        .await
        .redirect_params()
}

async fn stored_otp_secret(app: &TestApp, pid: &str) -> String {
    let citizen = app.store().citizen(pid).await.expect("query").expect("citizen");
    citizen.otp_secret.expect("an otp secret")
}

#[rocket::async_test]
async fn totp_secrets_are_encrypted_at_rest() {
    let app = TestApp::new().await;
    // Seeded citizens.
    let stored = stored_otp_secret(&app, PID).await;
    assert!(!stored.contains(porten::seed::TEST_OTP_SECRET), "{stored}");
    assert!(porten::crypto::is_sealed(&stored), "{stored}");
    let step = porten::web::now() / 30;
    assert!(
        level4_login(&app, step).await.contains_key("code"),
        "the code still works"
    );

    // Created with the CLI.
    let secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    let (ok, out, err) = porten_cli(
        &app.config,
        &[
            "user",
            "create",
            "--pid",
            "01019010046",
            "--password",
            "pw",
            "--otp-secret",
            secret,
        ],
        &[],
    );
    assert!(ok, "{err}");
    assert!(!out.contains(secret), "{out}");
    let stored = stored_otp_secret(&app, "01019010046").await;
    assert!(
        porten::crypto::is_sealed(&stored) && !stored.contains(secret),
        "{stored}"
    );

    // A row from before encryption is encrypted at the next start and still works.
    let mut citizen = app.store().citizen(PID).await.expect("query").expect("citizen");
    citizen.otp_secret = Some(porten::seed::TEST_OTP_SECRET.into());
    app.store().save_citizen(citizen).await.expect("saved");
    let restarted = app.second_node().await;
    let stored = stored_otp_secret(&restarted, PID).await;
    assert!(porten::crypto::is_sealed(&stored), "{stored}");
    assert!(level4_login(&restarted, step + 1).await.contains_key("code"));
}

#[test]
fn an_operator_chosen_client_secret_needs_32_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = test_config(&dir);
    let short = "only-31-characters-long-secret!";
    assert_eq!(short.len(), 31);
    let (ok, out, err) = porten_cli(
        &config,
        &[
            "client",
            "create",
            "--id",
            "app",
            "--redirect-uri",
            "https://app.example/cb",
            "--secret",
            short,
        ],
        &[],
    );
    assert!(!ok, "{out}");
    assert!(
        err.contains("at least 32 characters") && err.contains("SHA-256"),
        "{err}"
    );
    let file = dir.path().join("clients.json");
    let body = serde_json::json!([{ "client_id": "imp", "client_secret": short, "redirect_uris": ["https://app.example/cb"] }]);
    std::fs::write(&file, body.to_string()).expect("file written");
    let (ok, _, err) = porten_cli(&config, &["client", "import", file.to_str().unwrap()], &[]);
    assert!(!ok && err.contains("at least 32 characters"), "{err}");
    let long = format!("{short}x");
    let (ok, _, err) = porten_cli(
        &config,
        &[
            "client",
            "create",
            "--id",
            "app",
            "--redirect-uri",
            "https://app.example/cb",
            "--secret",
            &long,
        ],
        &[],
    );
    assert!(ok, "{err}");
}

#[rocket::async_test]
async fn a_logout_racing_a_redemption_leaves_no_live_token() {
    let app = TestApp::new().await;
    let mut rp = rp_client();
    rp.grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    app.register(rp).await;
    let (mut redeemed, mut refused) = (0, 0);
    for round in 0..12 {
        let code = app.code(&[]).await;
        let uri = format!("{BASE}endsession");
        let confirm = app.follow(app.get(uri).await).await.page();
        assert!(confirm.contains("value=\"logout\""), "{confirm}");
        let redeem = app.redeem(&code);
        let logout = app.submit(&confirm, "logout", &[]);
        let ((status, tokens), _) = if round % 2 == 0 {
            rocket::tokio::join!(redeem, logout)
        } else {
            let (out, tokens) = rocket::tokio::join!(logout, redeem);
            (tokens, out)
        };
        if status != Status::Ok {
            assert_eq!(tokens["error"], "invalid_grant", "{tokens}");
            refused += 1;
            continue;
        }
        redeemed += 1;
        let access = tokens["access_token"].as_str().unwrap();
        assert_eq!(
            userinfo_status(&app, access).await,
            Status::Unauthorized,
            "round {round}"
        );
        let refresh = tokens["refresh_token"].as_str().unwrap();
        let (status, body) = app
            .token(&[("grant_type", "refresh_token"), ("refresh_token", refresh)])
            .await;
        assert_eq!(
            (status, body["error"].as_str()),
            (Status::BadRequest, Some("invalid_grant")),
            "round {round}: {body}"
        );
    }
    assert_eq!(redeemed + refused, 12);
}

#[rocket::async_test]
async fn a_code_of_an_ended_session_redeems_nothing() {
    let app = TestApp::new().await;
    let code = app.code(&[]).await;
    // The session ends without the logout's revocation reaching this code
    // (a code issued while the logout ran).
    let stored = app
        .store()
        .code(&porten::crypto::token_hash(&code))
        .await
        .expect("query")
        .expect("the code");
    app.store().end_session(&stored.code.sid).await.expect("ended");
    let (status, body) = app.redeem(&code).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (Status::BadRequest, Some("invalid_grant")),
        "{body}"
    );
    let (status, body) = app.redeem(&code).await;
    assert_eq!(status, Status::BadRequest, "spent: {body}");
}
