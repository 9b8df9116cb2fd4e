//! One integration test binary: every test builds the app on a fresh SQLite
//! file migrated by the real migrator and drives it through HTTP.

mod assertions;
mod audit;
mod authorize;
mod bounds;
mod cli;
mod crash;
mod discovery;
mod growth;
mod krr;
mod lifecycle;
mod login;
mod nodes;
mod par;
mod preview;
mod relying_party;
mod robustness;
mod security;
mod token;
mod userinfo;

use std::collections::HashMap;

use porten::config::Config;
use porten::core::client::Client;
use porten::domain::{AuthMethod, GrantType};
use rocket::http::{ContentType, Header, Status};
use rocket::local::asynchronous::{Client as Browser, LocalRequest, LocalResponse};

pub const ISSUER: &str = "http://127.0.0.1:8080/idporten-oidc-provider/";
pub const BASE: &str = "/idporten-oidc-provider/";
pub const REDIRECT: &str = "https://rp.example/callback";
pub const SECRET: &str = "rp-secret-0123456789";
pub const PID: &str = "12889010051";
pub const PASSWORD: &str = "porten-test";

pub struct TestApp {
    pub browser: Browser,
    pub config: Config,
    _dir: Option<tempfile::TempDir>,
}

/// A configuration for a fresh database in a temporary folder: SQLite, or
/// with `PORTEN_TEST_POSTGRES` (an admin URL) a PostgreSQL database of its own.
pub fn test_config(dir: &tempfile::TempDir) -> Config {
    let root = env!("CARGO_MANIFEST_DIR");
    let database_url = match std::env::var("PORTEN_TEST_POSTGRES") {
        Ok(admin) => postgres_database(&admin, dir),
        Err(_) => format!("sqlite://{}?mode=rwc", dir.path().join("porten.db").display()),
    };
    Config {
        database_url,
        locales_dir: Some(format!("{root}/locales").into()),
        static_dir: Some(format!("{root}/static").into()),
        // Tests run side by side: no metrics listener unless a test asks
        // for one, on a port of its own (`127.0.0.1:0`).
        metrics_address: String::new(),
        ..Config::default()
    }
}

/// The database that belongs to `dir`, created on first use, so a test that
/// restarts the app on the same folder finds its data again.
fn postgres_database(admin: &str, dir: &tempfile::TempDir) -> String {
    let folder = dir.path().file_name().unwrap_or_default().to_string_lossy();
    let name = format!("porten_{}", data_encoding::HEXLOWER.encode(folder.as_bytes()));
    let exists = std::process::Command::new("psql")
        .args([
            admin,
            "-tAc",
            &format!("SELECT 1 FROM pg_database WHERE datname = '{name}'"),
        ])
        .output()
        .expect("psql runs");
    if !String::from_utf8_lossy(&exists.stdout).contains('1') {
        let created = std::process::Command::new("psql")
            .args([admin, "-qc", &format!("CREATE DATABASE {name}")])
            .status()
            .expect("psql runs");
        assert!(created.success(), "CREATE DATABASE {name}");
    }
    let (server, _) = admin.rsplit_once('/').expect("an admin URL ending in a database name");
    format!("{server}/{name}")
}

impl TestApp {
    pub async fn new() -> TestApp {
        TestApp::with(|_| {}).await
    }

    pub async fn with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut config = test_config(&dir);
        adjust(&mut config);
        let app = TestApp::node(config, Some(dir)).await;
        app.register(rp_client()).await;
        app
    }

    /// Another node on this app's database, with a browser of its own.
    pub async fn second_node(&self) -> TestApp {
        TestApp::node(self.config.clone(), None).await
    }

    async fn node(config: Config, dir: Option<tempfile::TempDir>) -> TestApp {
        let rocket = porten::build(config.clone()).await.expect("app builds");
        let browser = Browser::tracked(rocket).await.expect("rocket ignites");
        TestApp {
            browser,
            config,
            _dir: dir,
        }
    }

    pub fn store(&self) -> &porten::store::Store {
        &self
            .browser
            .rocket()
            .state::<porten::web::App>()
            .expect("app state")
            .store
    }

    /// A password login posted on the login page of `page`, from `address`.
    pub fn login_post(&self, page: &str, pid: &str, password: &str, address: &str) -> LocalRequest<'_> {
        let pairs = encode(&[
            ("rid", input_value(page, "rid").expect("rid").as_str()),
            ("csrf", input_value(page, "csrf").expect("csrf").as_str()),
            ("action", "login"),
            ("pid", pid),
            ("password", password),
        ]);
        self.browser
            .post(format!("{BASE}login"))
            .header(ContentType::Form)
            .remote(format!("{address}:4000").parse().expect("an address"))
            .body(pairs)
    }

    /// The rows of one table.
    pub async fn rows(&self, table: &str) -> u64 {
        let counts = self.store().row_counts().await.unwrap();
        counts.iter().find(|(name, _)| *name == table).map_or(0, |(_, n)| *n)
    }

    pub async fn register(&self, client: Client) {
        self.store()
            .save_client(&client, porten::web::now())
            .await
            .expect("client saved");
    }

    pub async fn get(&self, uri: impl AsRef<str>) -> LocalResponse<'_> {
        self.browser.get(uri.as_ref().to_owned()).dispatch().await
    }

    pub async fn post_form(&self, uri: impl AsRef<str>, pairs: &[(&str, &str)]) -> LocalResponse<'_> {
        self.browser
            .post(uri.as_ref().to_owned())
            .header(ContentType::Form)
            .body(encode(pairs))
            .dispatch()
            .await
    }

    /// GET authorize with the default client's parameters plus `extra`.
    pub async fn authorize(&self, extra: &[(&str, &str)]) -> LocalResponse<'_> {
        self.get(authorize_uri(extra)).await
    }

    /// Follows porten's own redirects until it answers the client (a 303 to
    /// the redirect URI, or a form_post page) or shows a page.
    pub async fn follow(&self, mut response: LocalResponse<'_>) -> Outcome {
        loop {
            let status = response.status();
            let location = response.headers().get_one("Location").map(str::to_owned);
            match location {
                Some(location) if location.starts_with(BASE) => response = self.get(location).await,
                Some(location) => return Outcome::Redirect(location),
                None => return Outcome::Page(status, response.into_string().await.unwrap_or_default()),
            }
        }
    }

    /// Submits the login form on `page` with `fields` and `action`.
    pub async fn submit(&self, page: &str, action: &str, fields: &[(&str, &str)]) -> Outcome {
        let form_action = attr_after(page, "<form method=\"post\" action=\"", "\"").expect("a form");
        let rid = input_value(page, "rid").expect("rid");
        let csrf = input_value(page, "csrf").expect("csrf");
        let mut pairs = vec![("rid", rid.as_str()), ("csrf", csrf.as_str()), ("action", action)];
        pairs.extend_from_slice(fields);
        let response = self.post_form(html_unescape(&form_action), &pairs).await;
        self.follow(response).await
    }

    /// Logs the test citizen in (unless the session still holds) and consents:
    /// the code flow up to the answer.
    pub async fn login_flow(&self, extra: &[(&str, &str)]) -> Outcome {
        self.login_flow_at(authorize_uri(extra)).await
    }

    /// The same, from any authorize URI.
    pub async fn login_flow_at(&self, uri: String) -> Outcome {
        let outcome = match self.follow(self.get(uri).await).await {
            Outcome::Page(_, page) if page.contains("name=\"password\"") => {
                self.submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
                    .await
            }
            other => other,
        };
        match outcome {
            Outcome::Page(_, page) if page.contains("value=\"allow\"") => self.submit(&page, "allow", &[]).await,
            other => other,
        }
    }

    /// A code for the default client, with PKCE verifier `verifier` when given.
    pub async fn code(&self, extra: &[(&str, &str)]) -> String {
        let params = self.login_flow(extra).await.redirect_params();
        params
            .get("code")
            .cloned()
            .unwrap_or_else(|| panic!("no code in {params:?}"))
    }

    pub async fn token(&self, pairs: &[(&str, &str)]) -> (Status, serde_json::Value) {
        let response = self
            .browser
            .post(format!("{BASE}token"))
            .header(ContentType::Form)
            .header(basic("rp", SECRET))
            .body(encode(pairs))
            .dispatch()
            .await;
        let status = response.status();
        (
            status,
            serde_json::from_str(&response.into_string().await.unwrap_or_default()).unwrap_or_default(),
        )
    }

    /// POSTs a form to a back-channel endpoint, with `auth` as the
    /// `Authorization` header.
    pub async fn back_channel(&self, endpoint: &str, pairs: &[(&str, &str)], auth: Option<Header<'static>>) -> Reply {
        let mut request = self
            .browser
            .post(format!("{BASE}{endpoint}"))
            .header(ContentType::Form)
            .body(encode(pairs));
        if let Some(auth) = auth {
            request = request.header(auth);
        }
        let response = request.dispatch().await;
        let status = response.status();
        let challenge = response.headers().get_one("WWW-Authenticate").map(str::to_owned);
        let body = serde_json::from_str(&response.into_string().await.unwrap_or_default()).unwrap_or_default();
        Reply {
            status,
            challenge,
            body,
        }
    }

    /// The discovery document.
    pub async fn discovery(&self) -> serde_json::Value {
        let body = self.get(format!("{BASE}.well-known/openid-configuration")).await;
        serde_json::from_str(&body.into_string().await.unwrap_or_default()).expect("discovery JSON")
    }

    pub async fn redeem(&self, code: &str) -> (Status, serde_json::Value) {
        self.token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", REDIRECT),
        ])
        .await
    }
}

/// Runs the `porten` binary with `args` on this app's database, in the
/// `dev` profile plus `env`: whether it succeeded, stdout and stderr.
pub fn porten_cli(config: &Config, args: &[&str], env: &[(&str, &str)]) -> (bool, String, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_porten"));
    command
        .current_dir(std::env::temp_dir())
        .args(args)
        .stdin(std::process::Stdio::null());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PORTEN_") {
            command.env_remove(&key);
        }
    }
    command
        .env_remove("RUST_LOG")
        .env("PORTEN_PROFILE", "dev")
        .env("PORTEN_DATABASE_URL", &config.database_url);
    for (key, value) in env {
        command.env(key, value);
    }
    let output = command.output().expect("porten runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// Sends `request` to the app's metrics listener; the raw HTTP answer.
pub async fn metrics_listener(app: &TestApp, request: &str) -> String {
    use rocket::tokio::io::{AsyncReadExt, AsyncWriteExt};
    let endpoint = app
        .browser
        .rocket()
        .state::<porten::web::metrics::MetricsEndpoint>()
        .expect("a metrics listener");
    let mut stream = rocket::tokio::net::TcpStream::connect(endpoint.address)
        .await
        .expect("metrics listener answers");
    stream.write_all(request.as_bytes()).await.expect("request sent");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.expect("answer read");
    answer
}

/// The status `userinfo` answers for an access token.
pub async fn userinfo_status(app: &TestApp, access_token: &str) -> Status {
    app.browser
        .get(format!("{BASE}userinfo"))
        .header(Header::new("Authorization", format!("Bearer {access_token}")))
        .dispatch()
        .await
        .status()
}

/// A back-channel answer.
pub struct Reply {
    pub status: Status,
    pub challenge: Option<String>,
    pub body: serde_json::Value,
}

/// Where a browser ends up.
#[derive(Debug)]
pub enum Outcome {
    Redirect(String),
    Page(Status, String),
}

impl Outcome {
    pub fn page(self) -> String {
        match self {
            Outcome::Page(_, body) => body,
            Outcome::Redirect(location) => panic!("expected a page, got a redirect to {location}"),
        }
    }

    pub fn redirect_params(self) -> HashMap<String, String> {
        match self {
            Outcome::Redirect(location) => {
                assert!(location.starts_with(REDIRECT), "redirected to {location}");
                query_params(&location)
            }
            Outcome::Page(status, body) => panic!("expected a redirect, got {status}: {body}"),
        }
    }
}

/// The default relying party: secret_basic, openid and profile.
pub fn rp_client() -> Client {
    let mut client = Client::new("rp");
    client.display_name = "Skatteetaten test".into();
    client.redirect_uris = vec![REDIRECT.into(), "https://rp.example/other".into()];
    client.secret_hash = Some(porten::crypto::token_hash(SECRET));
    client.grant_types = vec![GrantType::AuthorizationCode];
    client.token_endpoint_auth_method = AuthMethod::ClientSecretBasic;
    client
}

pub fn authorize_uri(extra: &[(&str, &str)]) -> String {
    let mut pairs: Vec<(&str, &str)> = vec![
        ("client_id", "rp"),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "openid profile"),
        ("state", "st-1"),
        ("nonce", "n-1"),
    ];
    for (key, value) in extra {
        pairs.retain(|(k, _)| k != key);
        if !value.is_empty() {
            pairs.push((key, value));
        }
    }
    format!("{BASE}authorize?{}", encode(&pairs))
}

pub fn encode(pairs: &[(&str, &str)]) -> String {
    let mut serializer = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        serializer.append_pair(k, v);
    }
    serializer.finish()
}

pub fn basic(id: &str, secret: &str) -> Header<'static> {
    use base64::Engine;
    let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    Header::new("Authorization", format!("Basic {encoded}"))
}

pub fn query_params(url: &str) -> HashMap<String, String> {
    let query = url.split_once('?').map(|(_, q)| q).unwrap_or_default();
    url::form_urlencoded::parse(query.as_bytes()).into_owned().collect()
}

fn attr_after(html: &str, prefix: &str, end: &str) -> Option<String> {
    let start = html.find(prefix)? + prefix.len();
    let rest = &html[start..];
    Some(rest[..rest.find(end)?].to_owned())
}

/// The value of the first `<input name="…">` on a page.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    attr_after(html, &format!("name=\"{name}\" value=\""), "\"").map(|v| html_unescape(&v))
}

pub fn html_unescape(value: &str) -> String {
    value
        .replace("&#38;", "&")
        .replace("&amp;", "&")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x2f;", "/")
        .replace("&#47;", "/")
}

/// The fields of a form_post page.
pub fn form_post_fields(html: &str) -> HashMap<String, String> {
    let mut fields = HashMap::new();
    for chunk in html.split("<input type=\"hidden\" name=\"").skip(1) {
        let (name, rest) = chunk.split_once('"').expect("name");
        let value = attr_after(rest, "value=\"", "\"").unwrap_or_default();
        fields.insert(name.to_owned(), html_unescape(&value));
    }
    fields
}

/// The `<html lang>` of a page.
pub fn html_lang(html: &str) -> String {
    attr_after(html, "<html lang=\"", "\"").unwrap_or_default()
}
