//! Machine-readable logs and the audit trail (issue 10): every event with
//! its fields, the request's correlation id on its lines, and nothing secret
//! in any line of a full flow at debug level.

use std::sync::{Arc, Mutex};

use porten::logging::JsonLayer;
use rocket::http::{ContentType, Header, Status};
use serde_json::Value;
use tracing_subscriber::layer::SubscriberExt;

use super::*;

/// The JSON lines this test's thread logs, at debug level.
struct Capture {
    buffer: Arc<Mutex<Vec<u8>>>,
    _guard: tracing::subscriber::DefaultGuard,
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn capture() -> Capture {
    let buffer = Arc::new(Mutex::new(Vec::new()));
    let sink = buffer.clone();
    let subscriber = tracing_subscriber::registry()
        .with(tracing_subscriber::filter::LevelFilter::DEBUG)
        .with(JsonLayer::new(move || Sink(sink.clone())));
    Capture {
        buffer,
        _guard: tracing::subscriber::set_default(subscriber),
    }
}

impl Capture {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.buffer.lock().unwrap()).into_owned()
    }

    fn lines(&self) -> Vec<Value> {
        self.text()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
            .collect()
    }

    /// The fields of every audit event `name`.
    fn events(&self, name: &str) -> Vec<Value> {
        self.lines()
            .into_iter()
            .filter(|l| l["target"] == "audit" && l["fields"]["event"] == name)
            .map(|l| {
                assert_eq!(l["message"], name, "{l}");
                assert!(l["timestamp"].is_string() && l["level"] == "INFO", "{l}");
                l["fields"].clone()
            })
            .collect()
    }

    fn one(&self, name: &str) -> Value {
        let events = self.events(name);
        assert_eq!(events.len(), 1, "one {name} in:\n{}", self.text());
        events[0].clone()
    }
}

fn pid_hash(app: &TestApp, pid: &str) -> String {
    let state = app.browser.rocket().state::<porten::web::App>().expect("app");
    porten::audit::pid_hash(&state.secrets, pid)
}

fn refreshing() -> porten::core::client::Client {
    let mut client = rp_client();
    client.grant_types = vec![GrantType::AuthorizationCode, GrantType::RefreshToken];
    client.scopes = vec!["openid".into(), "profile".into(), "user/kontaktinformasjon.read".into()];
    client.post_logout_redirect_uris = vec!["https://rp.example/out".into()];
    client
}

#[rocket::async_test]
async fn login_succeeded_carries_client_method_level_address_and_a_pid_hash() {
    let log = capture();
    let app = TestApp::new().await;
    app.code(&[]).await;
    let event = log.one("login.succeeded");
    assert_eq!(event["client"], "rp");
    assert_eq!(event["method"], "password");
    assert_eq!(event["acr"], "Level3");
    assert_eq!(event["amr"], "pwd");
    assert!(event["address"].is_string());
    assert_eq!(event["pid_hash"], pid_hash(&app, PID));
}

#[rocket::async_test]
async fn login_failed_and_login_throttled_hash_the_pid_typed() {
    let log = capture();
    let app = TestApp::new().await;
    let other = "05927510024";
    for _ in 0..7 {
        let page = app.follow(app.authorize(&[]).await).await.page();
        app.submit(&page, "login", &[("pid", other), ("password", "wrong")])
            .await;
    }
    let failed = log.events("login.failed");
    assert_eq!(failed.len(), 5, "{}", log.text());
    assert_eq!(failed[0]["pid_hash"], pid_hash(&app, other));
    assert_eq!(failed[0]["method"], "password");
    assert_eq!(failed[0]["client"], "rp");
    let throttled = log.events("login.throttled");
    assert_eq!(throttled.len(), 2, "{}", log.text());
    assert_eq!(throttled[0]["pid_hash"], pid_hash(&app, other));
}

#[rocket::async_test]
async fn consent_granted_and_denied_name_client_and_scopes() {
    let log = capture();
    let app = TestApp::new().await;
    app.register(refreshing()).await;
    let scope = [("scope", "openid user/kontaktinformasjon.read")];
    app.code(&scope).await;
    let granted = log.one("consent.granted");
    assert_eq!(granted["client"], "rp");
    assert_eq!(granted["scopes"], "openid user/kontaktinformasjon.read");
    assert_eq!(granted["pid_hash"], pid_hash(&app, PID));
    let page = app
        .follow(
            app.authorize(&[("scope", "openid user/kontaktinformasjon.read"), ("prompt", "consent")])
                .await,
        )
        .await
        .page();
    app.submit(&page, "deny", &[]).await;
    let denied = log.one("consent.denied");
    assert_eq!(denied["client"], "rp");
}

#[rocket::async_test]
async fn token_issued_refused_revoked_and_reuse_detected() {
    let log = capture();
    let app = TestApp::new().await;
    app.register(refreshing()).await;
    let code = app.code(&[]).await;
    let (_, tokens) = app.redeem(&code).await;
    let issued = log.one("token.issued");
    assert_eq!(issued["grant_type"], "authorization_code");
    assert_eq!(issued["client"], "rp");
    assert_eq!(issued["scopes"], "openid profile");

    app.redeem(&code).await;
    let refused = log.one("token.refused");
    assert_eq!(refused["error"], "invalid_grant");
    assert_eq!(refused["grant_type"], "authorization_code");
    let reuse = log.one("grant.reuse_detected");
    assert_eq!(
        (reuse["client"].as_str(), reuse["kind"].as_str()),
        (Some("rp"), Some("authorization_code"))
    );

    let (_, tokens2) = app.redeem(&app.code(&[]).await).await;
    let access = tokens2["access_token"].as_str().unwrap();
    app.back_channel("revoke", &[("token", access)], Some(basic("rp", SECRET)))
        .await;
    assert_eq!(log.one("token.revoked")["client"], "rp");
    assert!(tokens["refresh_token"].is_string());
}

#[rocket::async_test]
async fn session_ended_says_how() {
    let log = capture();
    let app = TestApp::new().await;
    app.register(refreshing()).await;
    let (_, tokens) = app.redeem(&app.code(&[]).await).await;
    let pairs = [("id_token_hint", tokens["id_token"].as_str().unwrap())];
    app.follow(app.get(format!("{BASE}endsession?{}", encode(&pairs))).await)
        .await;
    let ended = log.one("session.ended");
    assert_eq!(ended["how"], "id_token_hint");
    assert_eq!(ended["pid_hash"], pid_hash(&app, PID));

    app.code(&[]).await;
    let page = app.follow(app.get(format!("{BASE}endsession")).await).await.page();
    app.submit(&page, "logout", &[]).await;
    let events = log.events("session.ended");
    assert_eq!(events.len(), 2);
    assert_eq!(events[1]["how"], "confirmed");
}

#[rocket::async_test]
async fn krr_read_counts_persons_and_names_scopes() {
    let log = capture();
    let app = TestApp::new().await;
    app.register(refreshing()).await;
    let (_, tokens) = app
        .redeem(&app.code(&[("scope", "openid user/kontaktinformasjon.read")]).await)
        .await;
    let response = app
        .browser
        .get("/kontaktinfo-oauth2-server/rest/v1/person")
        .header(Header::new(
            "Authorization",
            format!("Bearer {}", tokens["access_token"].as_str().unwrap()),
        ))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    let read = log.one("krr.read");
    assert_eq!(read["client"], "rp");
    assert_eq!(read["persons"], 1);
    assert_eq!(read["scopes"], "openid user/kontaktinformasjon.read");
}

/// The audit events a CLI run printed (JSON lines on stderr).
fn cli_events(config: &porten::config::Config, args: &[&str]) -> Vec<Value> {
    let (ok, out, err) = porten_cli(config, args, &[("PORTEN_LOG_FORMAT", "json")]);
    assert!(ok, "{args:?}: {err}");
    let shown: Value = serde_json::from_str(&out).unwrap_or_default();
    if let Some(secret) = shown["client_secret"].as_str() {
        assert!(!err.contains(secret), "the secret is in the log: {err}");
    }
    err.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|l| l["target"] == "audit")
        .map(|l| l["fields"].clone())
        .collect()
}

#[test]
fn client_and_key_changes_from_the_cli_are_audited() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = test_config(&dir);
    let args = [
        "client",
        "create",
        "--id",
        "app",
        "--redirect-uri",
        "https://app.example/cb",
    ];
    let created = cli_events(&config, &args);
    assert_eq!(created[0]["event"], "client.created", "{created:?}");
    assert_eq!(created[0]["client"], "app");
    assert_eq!(created[0]["auth_method"], "client_secret_basic");
    let updated = cli_events(&config, &["client", "update", "app", "--name", "App"]);
    assert_eq!(
        (updated[0]["event"].as_str(), updated[0]["client"].as_str()),
        (Some("client.updated"), Some("app"))
    );
    let rotated = cli_events(&config, &["client", "rotate-secret", "app"]);
    assert_eq!(rotated[0]["event"], "client.secret_rotated");
    let deleted = cli_events(&config, &["client", "delete", "app"]);
    assert_eq!(
        (deleted[0]["event"].as_str(), deleted[0]["client"].as_str()),
        (Some("client.deleted"), Some("app"))
    );
    let key = cli_events(&config, &["keys", "rotate"]);
    assert_eq!(key[0]["event"], "key.rotated");
    assert!(key[0]["kid"].is_string() && key[0]["activates_at"].is_i64(), "{key:?}");
}

#[rocket::async_test]
async fn every_line_of_a_request_carries_the_correlation_id_its_error_page_shows() {
    let log = capture();
    let app = TestApp::new().await;
    let response = app
        .get(format!(
            "{BASE}authorize?client_id=nobody&redirect_uri=https://x.example/"
        ))
        .await;
    let page = response.into_string().await.unwrap();
    let lines = log.lines();
    let page_line = lines
        .iter()
        .find(|l| l["message"] == "error page")
        .expect("an error page line");
    let correlation = page_line["correlation"].as_str().expect("a correlation id");
    assert!(page.contains(correlation), "the page shows {correlation}");
    assert_eq!(page_line["fields"]["route"], "authorize_get");
    // An unrouted path: the catcher's page and line share an id too.
    let page = app.get("/no/such/page").await.into_string().await.unwrap();
    let lines = log.lines();
    let last = lines.iter().rev().find(|l| l["message"] == "error page").unwrap();
    assert!(page.contains(last["correlation"].as_str().unwrap()));
}

#[rocket::async_test]
async fn no_secret_code_token_session_or_pid_in_any_line_of_a_full_flow() {
    let log = capture();
    let app = TestApp::new().await;
    app.register(refreshing()).await;
    let code = app
        .code(&[("scope", "openid profile user/kontaktinformasjon.read")])
        .await;
    let session = app
        .browser
        .cookies()
        .get("porten_session")
        .map(|c| c.value().to_owned())
        .expect("a session cookie");
    let (_, tokens) = app.redeem(&code).await;
    let s = |name: &str| tokens[name].as_str().unwrap().to_owned();
    let (access, refresh, id_token) = (s("access_token"), s("refresh_token"), s("id_token"));
    userinfo_status(&app, &access).await;
    app.browser
        .get("/kontaktinfo-oauth2-server/rest/v1/person")
        .header(Header::new("Authorization", format!("Bearer {access}")))
        .dispatch()
        .await;
    let (_, refreshed) = app
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .await;
    app.back_channel("tokeninfo", &[("token", &access)], Some(basic("rp", SECRET)))
        .await;
    app.redeem(&code).await;
    // A wrong password and a failed client authentication are logged too.
    app.back_channel("revoke", &[("token", &access)], Some(basic("rp", "wrong-secret")))
        .await;
    let page = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .body(encode(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", "rp"),
            ("client_secret", SECRET),
        ]))
        .dispatch()
        .await;
    assert_eq!(page.status(), Status::Unauthorized);
    let pairs = [("id_token_hint", id_token.as_str())];
    app.follow(app.get(format!("{BASE}endsession?{}", encode(&pairs))).await)
        .await;
    let login = app.follow(app.authorize(&[]).await).await.page();
    app.submit(&login, "login", &[("pid", PID), ("password", "wrong-password-typed")])
        .await;

    let text = log.text();
    assert!(text.lines().count() > 20, "a debug log of the flow:\n{text}");
    let mut secrets = vec![
        ("password", PASSWORD.to_owned()),
        ("wrong password", "wrong-password-typed".to_owned()),
        ("pid", PID.to_owned()),
        ("code", code.clone()),
        ("access token", access.clone()),
        ("refresh token", refresh.clone()),
        ("id_token", id_token.clone()),
        ("session id", session),
        ("client secret", SECRET.to_owned()),
        ("wrong client secret", "wrong-secret".to_owned()),
    ];
    if let Some(new) = refreshed["refresh_token"].as_str() {
        secrets.push(("rotated refresh token", new.to_owned()));
    }
    for (what, secret) in secrets {
        assert!(!text.contains(&secret), "the {what} is in the log:\n{text}");
    }
}
