//! `cargo bench --bench load`: porten under load, measured against the
//! machine's own limits in the same run (issue 9). It starts the release
//! binary on a fresh database, registers its clients and citizens through the
//! CLI, drives every workload over keep-alive HTTP/1.1 connections, and
//! prints a Markdown table with the server's CPU and memory beside each.
//! `--issuer URL --access-token T` drives another provider instead, for the
//! workloads that need no login form. `--smoke` runs each workload for a
//! second and fails on any error; no timing is ever asserted.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use clap::Parser;
use serde_json::{Value, json};

#[path = "support/http.rs"]
mod http;

use http::{Browser, Conn, Login, Req, citizens, path_of, query_param, synthetic_pid};

#[derive(Parser, Clone)]
#[command(about = "porten's load benchmark")]
struct Args {
    /// Seconds each workload is measured, after the warm-up.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    #[arg(long, default_value_t = 2.0)]
    warmup: f64,
    /// Connections (and flows) at once.
    #[arg(long, default_value_t = 32)]
    concurrency: usize,
    /// Logins at once in the `burst` workload.
    #[arg(long, default_value_t = 300)]
    burst: usize,
    /// A PostgreSQL server (`postgres://user:pass@host/db` of a role that may
    /// create databases): the server runs on a fresh database created there.
    #[arg(long)]
    database_url: Option<String>,
    /// Drive a running provider found by discovery instead of porten.
    #[arg(long, requires = "access_token")]
    issuer: Option<String>,
    /// An access token of that provider, for `userinfo`.
    #[arg(long)]
    access_token: Option<String>,
    /// Only these workloads (comma separated).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Also write the results as JSON.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Every workload for a second; exit non-zero on any error.
    #[arg(long)]
    smoke: bool,
    /// Passed by `cargo bench`.
    #[arg(long, hide = true)]
    bench: bool,
}

const CLIENT_ID: &str = "bench";
const SECRET: &str = "bench-secret-0123456789-abcdefghijklmnopqrstuvwxyz";
const REDIRECT: &str = "http://127.0.0.1:9/callback";
const PASSWORD: &str = "bench-password-1";

fn main() {
    let mut args = Args::parse();
    if args.smoke {
        args.duration = 1.0;
        args.warmup = 0.3;
        args.concurrency = args.concurrency.min(8);
        args.burst = args.burst.min(40);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(true) => {}
        Ok(false) => std::process::exit(1),
        Err(error) => {
            eprintln!("load: {error}");
            std::process::exit(2);
        }
    }
}

async fn run(args: Args) -> Result<bool, String> {
    let limits = Limits::measure(if args.smoke { 0.3 } else { 2.0 });
    eprintln!(
        "machine: {} cores, RSA-2048 signatures {:.0}/s, Argon2id verifications {:.1}/s",
        limits.cores, limits.rsa_signs, limits.argon2_verifies
    );
    let (target, server) = match &args.issuer {
        Some(issuer) => (Target::discover(issuer).await?, None),
        None => {
            let server = Server::start(&args).await?;
            (server.target().await?, Some(server))
        }
    };
    let shared = Arc::new(Shared::new(target, args.access_token.clone()));
    let mut results = Vec::new();
    let idle_rss = server.as_ref().map(Server::rss_kib);
    for workload in Workload::ALL {
        if !args.only.is_empty() && !args.only.iter().any(|w| w == workload.name()) {
            continue;
        }
        if server.is_none() && !workload.foreign() {
            continue;
        }
        let result = match workload {
            Workload::Burst => burst(&args, &shared, server.as_ref()).await?,
            _ => measure(workload, &args, &shared, server.as_ref(), limits.rsa_signs).await?,
        };
        eprintln!("{}", result.summary());
        results.push(result);
    }
    let final_rss = server.as_ref().map(Server::rss_kib);
    // The hashing threads give their memory back after 5 s idle: the
    // server's footprint once the load is over.
    if server.is_some() && !args.smoke {
        tokio::time::sleep(Duration::from_secs(6)).await;
    }
    let settled_rss = server.as_ref().map(Server::rss_kib);
    let report = Report {
        limits,
        results,
        idle_rss,
        final_rss,
        settled_rss,
        database: server.as_ref().map_or("another provider", |s| s.home.database.kind()),
    };
    println!("{}", report.markdown());
    if let Some(path) = &args.json {
        let text = serde_json::to_string_pretty(&report.json()).map_err(|e| e.to_string())?;
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if let Some(server) = server {
        server.stop().await;
    }
    let errors: u64 = report.results.iter().map(|r| r.errors).sum();
    if args.smoke && errors > 0 {
        eprintln!("load --smoke: {errors} errors");
        return Ok(false);
    }
    Ok(true)
}

// ---------------------------------------------------------------------------
// The machine's limits, measured in the same run.

struct Limits {
    cores: usize,
    rsa_signs: f64,
    argon2_verifies: f64,
}

impl Limits {
    fn measure(seconds: f64) -> Limits {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Limits {
            cores,
            rsa_signs: on_all_cores(cores, seconds, rsa_signer),
            argon2_verifies: on_all_cores(cores, seconds.max(1.0), argon2_verifier),
        }
    }
}

/// Operations per second of `make()`'s closure on every core at once.
fn on_all_cores<F: FnMut() + Send + 'static>(cores: usize, seconds: f64, make: fn() -> F) -> f64 {
    let operations: Vec<F> = (0..cores).map(|_| make()).collect();
    let until = Instant::now() + Duration::from_secs_f64(seconds);
    let threads: Vec<_> = operations
        .into_iter()
        .map(|mut operation| {
            std::thread::spawn(move || {
                let mut done = 0u64;
                while Instant::now() < until {
                    operation();
                    done += 1;
                }
                done
            })
        })
        .collect();
    let done: u64 = threads.into_iter().map(|t| t.join().unwrap_or(0)).sum();
    done as f64 / seconds
}

fn rsa_signer() -> impl FnMut() + Send {
    use openssl::{hash::MessageDigest, pkey::PKey, rsa::Rsa, sign::Signer};
    let key = PKey::from_rsa(Rsa::generate(2048).expect("an RSA key")).expect("a key");
    move || {
        let mut signer = Signer::new(MessageDigest::sha256(), &key).expect("a signer");
        signer.update(b"header.claims").expect("update");
        std::hint::black_box(signer.sign_to_vec().expect("a signature"));
    }
}

/// porten's parameters: the argon2 crate's defaults, as `crypto::hash_password`.
fn argon2_verifier() -> impl FnMut() + Send {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    let hash = porten::crypto::hash_password("a password").expect("a hash");
    move || {
        let parsed = PasswordHash::new(&hash).expect("a PHC string");
        let ok = argon2::Argon2::default()
            .verify_password(b"a password", &parsed)
            .is_ok();
        std::hint::black_box(ok);
    }
}

// ---------------------------------------------------------------------------
// The server under test.

enum Database {
    Sqlite(PathBuf),
    Postgres { admin: String, name: String, url: String },
}

impl Database {
    fn kind(&self) -> &'static str {
        match self {
            Database::Sqlite(_) => "SQLite",
            Database::Postgres { .. } => "PostgreSQL",
        }
    }

    fn url(&self) -> String {
        match self {
            Database::Sqlite(path) => format!("sqlite://{}?mode=rwc", path.display()),
            Database::Postgres { url, .. } => url.clone(),
        }
    }

    /// Bytes on disk (SQLite: the file and its write-ahead log).
    fn size(&self) -> Option<u64> {
        let Database::Sqlite(path) = self else { return None };
        let wal = PathBuf::from(format!("{}-wal", path.display()));
        Some(
            [path.as_path(), wal.as_path()]
                .iter()
                .filter_map(|p| p.metadata().ok())
                .map(|m| m.len())
                .sum(),
        )
    }
}

/// Where the server lives: its folder, address and database.
struct Home {
    dir: tempfile::TempDir,
    addr: SocketAddr,
    issuer: String,
    database: Database,
}

struct Server {
    home: Home,
    child: Child,
    citizens: Vec<String>,
}

impl Home {
    async fn new(args: &Args) -> Result<Home, String> {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let database = match &args.database_url {
            None => Database::Sqlite(dir.path().join("porten.db")),
            Some(admin) => create_postgres(admin).await?,
        };
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        Ok(Home {
            dir,
            addr,
            issuer: format!("http://{addr}/idporten-oidc-provider/"),
            database,
        })
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_porten"));
        command
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORTEN_PROFILE", "ver1")
            .env("PORTEN_ISSUER", &self.issuer)
            .env("PORTEN_ADDRESS", "127.0.0.1")
            .env("PORTEN_PORT", self.addr.port().to_string())
            .env("PORTEN_DATABASE_URL", self.database.url())
            .env("PORTEN_METRICS_ADDRESS", "")
            .env("PORTEN_LOG_LEVEL", "warn");
        command
    }

    fn cli(&self, args: &[&str]) -> Result<String, String> {
        let output = self.command().args(args).output().map_err(|e| e.to_string())?;
        if !output.status.success() {
            return Err(format!(
                "porten {}: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// The benchmark's client and one citizen with a password per connection.
    fn register(&self, args: &Args) -> Result<Vec<String>, String> {
        #[rustfmt::skip]
        self.cli(&[
            "client", "create", "--id", CLIENT_ID, "--secret", SECRET, "--name", "Lastprøve",
            "--redirect-uri", REDIRECT, "--scope", "openid", "--scope", "profile",
            "--grant-type", "authorization_code", "--grant-type", "refresh_token",
            "--access-token-lifetime", "3600", "--refresh-token-lifetime", "7200",
        ])?;
        let citizens = citizens(args.concurrency.max(1));
        for pid in &citizens {
            self.cli(&["user", "create", "--pid", pid, "--password", PASSWORD])?;
        }
        Ok(citizens)
    }
}

impl Server {
    async fn start(args: &Args) -> Result<Server, String> {
        let home = Home::new(args).await?;
        home.cli(&["migrate"])?;
        let citizens = home.register(args)?;
        let log = std::fs::File::create(home.dir.path().join("server.log")).map_err(|e| e.to_string())?;
        let child = home
            .command()
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .map_err(|e| format!("porten serve: {e}"))?;
        let mut server = Server { home, child, citizens };
        server.wait_ready().await?;
        Ok(server)
    }

    async fn wait_ready(&mut self) -> Result<(), String> {
        for _ in 0..300 {
            if let Ok(mut conn) = Conn::open(self.home.addr).await {
                let ready = conn.send(Req::get("/health/ready")).await;
                if ready.is_ok_and(|r| r.status == 200) {
                    return Ok(());
                }
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                let log = std::fs::read_to_string(self.home.dir.path().join("server.log")).unwrap_or_default();
                return Err(format!("porten serve exited with {status}:\n{log}"));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Err("porten serve did not become ready in 15 s".into())
    }

    async fn target(&self) -> Result<Target, String> {
        let mut target = Target::discover(&self.home.issuer).await?;
        target.citizens = self.citizens.clone();
        Ok(target)
    }

    fn proc_status(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix(field))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    fn rss_kib(&self) -> u64 {
        self.proc_status("VmRSS:")
    }

    /// User and system CPU time of the server, in milliseconds.
    fn cpu_ms(&self) -> f64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command name, which ends with the last ')'.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .map_or("", |(_, rest)| rest)
            .split_whitespace()
            .collect();
        let ticks = |i: usize| fields.get(i).and_then(|f| f.parse::<f64>().ok()).unwrap_or(0.0);
        (ticks(11) + ticks(12)) * 1000.0 / clock_ticks()
    }

    async fn stop(mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
        if let Database::Postgres { admin, name, .. } = &self.home.database {
            let drop = format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)");
            if let Err(error) = postgres_admin(admin, &drop).await {
                eprintln!("load: {error}");
            }
        }
    }
}

fn clock_ticks() -> f64 {
    let output = Command::new("getconf").arg("CLK_TCK").output();
    output
        .ok()
        .and_then(|o| String::from_utf8_lossy(&o.stdout).trim().parse().ok())
        .unwrap_or(100.0)
}

async fn create_postgres(admin: &str) -> Result<Database, String> {
    let name = format!("porten_bench_{}", std::process::id());
    postgres_admin(admin, &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await?;
    postgres_admin(admin, &format!("CREATE DATABASE {name}")).await?;
    let (server, _) = admin
        .rsplit_once('/')
        .ok_or("--database-url: a URL ending in a database name")?;
    Ok(Database::Postgres {
        admin: admin.to_owned(),
        url: format!("{server}/{name}"),
        name,
    })
}

async fn postgres_admin(admin: &str, sql: &str) -> Result<(), String> {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(admin)
        .await
        .map_err(|e| format!("{admin}: {e}"))?;
    db.execute_unprepared(sql).await.map_err(|e| format!("{sql}: {e}"))?;
    db.close().await.map_err(|e| e.to_string())
}

// ---------------------------------------------------------------------------
// What is driven.

struct Target {
    addr: SocketAddr,
    discovery: String,
    jwks: String,
    userinfo: String,
    token: String,
    tokeninfo: String,
    authorize: String,
    endsession: String,
    login: String,
    citizens: Vec<String>,
}

impl Target {
    async fn discover(issuer: &str) -> Result<Target, String> {
        let issuer_url = url::Url::parse(issuer).map_err(|e| format!("--issuer: {e}"))?;
        let addr = issuer_url
            .socket_addrs(|| Some(80))
            .map_err(|e| e.to_string())?
            .into_iter()
            .next()
            .ok_or("the issuer's host has no address")?;
        let discovery = format!("{}/.well-known/openid-configuration", issuer.trim_end_matches('/'));
        let discovery = path_of(&discovery)?;
        let mut conn = Conn::open(addr).await?;
        let document = conn
            .send(Req::get(&discovery))
            .await?
            .expect(200, "discovery")?
            .json()?;
        let endpoint = |name: &str| {
            document[name]
                .as_str()
                .map(|url| path_of(url).unwrap_or_default())
                .unwrap_or_default()
        };
        Ok(Target {
            addr,
            jwks: endpoint("jwks_uri"),
            userinfo: endpoint("userinfo_endpoint"),
            token: endpoint("token_endpoint"),
            tokeninfo: endpoint("introspection_endpoint"),
            authorize: endpoint("authorization_endpoint"),
            endsession: endpoint("end_session_endpoint"),
            login: endpoint("authorization_endpoint").replace("authorize", "login"),
            discovery,
            citizens: Vec::new(),
        })
    }

    fn authorize_url(&self, state: u64) -> String {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .append_pair("client_id", CLIENT_ID)
            .append_pair("redirect_uri", REDIRECT)
            .append_pair("response_type", "code")
            .append_pair("scope", "openid")
            .append_pair("state", &format!("s{state}"))
            .append_pair("nonce", &format!("n{state}"))
            .finish();
        format!("{}?{query}", self.authorize)
    }
}

/// What the workers share: the target, and items minted before a workload.
struct Shared {
    target: Target,
    /// For `userinfo` and `tokeninfo`: given, or from one flow.
    access_token: OnceLock<String>,
    codes: Mutex<Vec<String>>,
    refresh_tokens: Mutex<Vec<String>>,
    counter: AtomicU64,
}

impl Shared {
    fn new(target: Target, access_token: Option<String>) -> Shared {
        Shared {
            target,
            access_token: access_token.map(OnceLock::from).unwrap_or_default(),
            codes: Mutex::new(Vec::new()),
            refresh_tokens: Mutex::new(Vec::new()),
            counter: AtomicU64::new(0),
        }
    }

    fn next(&self) -> u64 {
        self.counter.fetch_add(1, Ordering::Relaxed)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Workload {
    Discovery,
    Jwk,
    Userinfo,
    Tokeninfo,
    TokenCode,
    TokenRefresh,
    FlowTestId,
    FlowPassword,
    Flood,
    Burst,
}

impl Workload {
    const ALL: [Workload; 10] = [
        Workload::Discovery,
        Workload::Jwk,
        Workload::Userinfo,
        Workload::Tokeninfo,
        Workload::TokenCode,
        Workload::TokenRefresh,
        Workload::FlowTestId,
        Workload::FlowPassword,
        Workload::Flood,
        Workload::Burst,
    ];

    fn name(self) -> &'static str {
        match self {
            Workload::Discovery => "discovery",
            Workload::Jwk => "jwk",
            Workload::Userinfo => "userinfo",
            Workload::Tokeninfo => "tokeninfo",
            Workload::TokenCode => "token-code",
            Workload::TokenRefresh => "token-refresh",
            Workload::FlowTestId => "flow-testid",
            Workload::FlowPassword => "flow-password",
            Workload::Flood => "flood",
            Workload::Burst => "burst",
        }
    }

    /// Needs no login form: can drive another provider.
    fn foreign(self) -> bool {
        matches!(self, Workload::Discovery | Workload::Jwk | Workload::Userinfo)
    }

    /// What one iteration is counted as.
    fn unit(self) -> &'static str {
        match self {
            Workload::FlowTestId | Workload::FlowPassword => "flows",
            Workload::Burst => "logins",
            _ => "req",
        }
    }
}

/// One worker: its connection and what it carries between iterations.
struct Worker {
    id: usize,
    conn: Conn,
    refresh_token: Option<String>,
}

/// One iteration; `Ok(false)` when the minted items ran out.
async fn iteration(workload: Workload, shared: &Shared, worker: &mut Worker) -> Result<bool, String> {
    let target = &shared.target;
    let conn = &mut worker.conn;
    match workload {
        Workload::Discovery => {
            conn.send(Req::get(&target.discovery)).await?.expect(200, "discovery")?;
        }
        Workload::Jwk => {
            conn.send(Req::get(&target.jwks)).await?.expect(200, "jwk")?;
        }
        Workload::Userinfo => {
            let token = shared.access_token.get().map_or("", String::as_str);
            let req = Req::get(&target.userinfo).header("authorization", format!("Bearer {token}"));
            conn.send(req).await?.expect(200, "userinfo")?;
        }
        Workload::Tokeninfo => {
            let token = shared.access_token.get().map_or("", String::as_str);
            let req = Req::form(&target.tokeninfo, &[("token", token)]).basic(CLIENT_ID, SECRET);
            let answer = conn.send(req).await?.expect(200, "tokeninfo")?.json()?;
            if answer["active"] != json!(true) {
                return Err(format!("tokeninfo: {answer}"));
            }
        }
        Workload::TokenCode => {
            let Some(code) = shared.codes.lock().map_err(|e| e.to_string())?.pop() else {
                return Ok(false);
            };
            redeem(target, conn, &code).await?;
        }
        Workload::TokenRefresh => {
            let token = match worker.refresh_token.take() {
                Some(token) => token,
                None => match shared.refresh_tokens.lock().map_err(|e| e.to_string())?.pop() {
                    Some(token) => token,
                    None => return Ok(false),
                },
            };
            let req = Req::form(
                &target.token,
                &[("grant_type", "refresh_token"), ("refresh_token", &token)],
            )
            .basic(CLIENT_ID, SECRET);
            let answer = conn.send(req).await?.expect(200, "refresh")?.json()?;
            worker.refresh_token = answer["refresh_token"].as_str().map(str::to_owned);
        }
        Workload::FlowTestId | Workload::FlowPassword => {
            let pid = if workload == Workload::FlowTestId {
                (0..).find_map(|_| synthetic_pid(shared.next())).unwrap_or_default()
            } else {
                target.citizens[worker.id % target.citizens.len()].clone()
            };
            let mut browser = Browser::default();
            let code = log_in(
                target,
                conn,
                &mut browser,
                &pid,
                workload == Workload::FlowTestId,
                shared.next(),
            )
            .await?;
            let tokens = redeem(target, conn, &code).await?;
            let access = tokens["access_token"].as_str().unwrap_or_default();
            let req = Req::get(&target.userinfo).header("authorization", format!("Bearer {access}"));
            conn.send(req).await?.expect(200, "userinfo")?;
        }
        Workload::Flood => {
            let n = shared.next();
            let junk = &*format!("junk{n}");
            let req = match n % 6 {
                0 => Req::get(&format!(
                    "{}?response_type=code&state={junk}&scope=openid",
                    target.authorize
                )),
                1 => Req::form(
                    &target.authorize,
                    &[("state", junk), ("redirect_uri", "https://evil.example/")],
                ),
                2 => Req::form(
                    &target.authorize,
                    &[("client_id", junk), ("redirect_uri", REDIRECT), ("scope", "openid")],
                ),
                3 => Req::form(
                    &target.endsession,
                    &[("state", junk), ("post_logout_redirect_uri", REDIRECT)],
                ),
                4 => Req::form(&target.token, &[("grant_type", "authorization_code"), ("code", junk)]),
                _ => Req::form(&target.login, &[("rid", junk), ("csrf", junk), ("action", "login")]),
            };
            let resp = conn.send(req).await?;
            if resp.status >= 500 {
                return Err(format!("flood: {}", resp.status));
            }
        }
        Workload::Burst => unreachable!("the burst runs on its own"),
    }
    Ok(true)
}

/// A login in `browser` through the pages: the code.
async fn log_in(
    target: &Target,
    conn: &mut Conn,
    browser: &mut Browser,
    pid: &str,
    testid: bool,
    state: u64,
) -> Result<String, String> {
    let how = if testid {
        Login::TestId
    } else {
        Login::Password(PASSWORD)
    };
    http::log_in(conn, browser, &target.authorize_url(state), &target.login, pid, how).await
}

async fn redeem(target: &Target, conn: &mut Conn, code: &str) -> Result<Value, String> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
    ];
    let answer = conn
        .send(Req::form(&target.token, &form).basic(CLIENT_ID, SECRET))
        .await?
        .expect(200, "token")?
        .json()?;
    if answer["id_token"].is_string() {
        Ok(answer)
    } else {
        Err(format!("token: no id_token in {answer}"))
    }
}

/// Codes of one logged-in browser, minted through single sign-on.
async fn mint_codes(shared: &Shared, count: usize, concurrency: usize) -> Result<(), String> {
    let target = &shared.target;
    let mut conn = Conn::open(target.addr).await?;
    let mut browser = Browser::default();
    let pid = target.citizens[0].clone();
    let first = log_in(target, &mut conn, &mut browser, &pid, true, shared.next()).await?;
    shared.codes.lock().map_err(|e| e.to_string())?.push(first);
    let cookie = browser.cookie_header();
    let per_worker = count.div_ceil(concurrency.max(1));
    let mut tasks = Vec::new();
    for _ in 0..concurrency.max(1) {
        let cookie = cookie.clone();
        let addr = target.addr;
        let urls: Vec<String> = (0..per_worker).map(|_| target.authorize_url(shared.next())).collect();
        tasks.push(tokio::spawn(async move {
            let mut conn = Conn::open(addr).await?;
            let mut codes = Vec::new();
            for url in urls {
                let resp = conn.send(Req::get(&url).header("cookie", cookie.clone())).await?;
                let resp = resp.expect(303, "authorize with a session")?;
                codes.push(query_param(resp.location.as_deref().unwrap_or_default(), "code")?);
            }
            Ok::<_, String>(codes)
        }));
    }
    for task in tasks {
        let codes = task.await.map_err(|e| e.to_string())??;
        shared.codes.lock().map_err(|e| e.to_string())?.extend(codes);
    }
    Ok(())
}

/// Prepares what a workload consumes.
async fn prepare(workload: Workload, args: &Args, shared: &Shared, limits_rsa: f64) -> Result<(), String> {
    match workload {
        Workload::Userinfo | Workload::Tokeninfo if shared.access_token.get().is_none() => {
            let token = access_token(shared).await?;
            shared
                .access_token
                .set(token)
                .map_err(|_| "the access token was set twice".to_owned())
        }
        Workload::TokenCode => {
            // Enough for the RSA signing limit over the whole run; codes live 60 s.
            let seconds = (args.warmup + args.duration).min(45.0);
            let count = ((limits_rsa * seconds) as usize).clamp(2000, 200_000);
            mint_codes(shared, count, args.concurrency.min(8)).await
        }
        Workload::TokenRefresh => {
            mint_codes(shared, args.concurrency, 1).await?;
            let mut conn = Conn::open(shared.target.addr).await?;
            let codes: Vec<String> = std::mem::take(&mut *shared.codes.lock().map_err(|e| e.to_string())?);
            for code in codes {
                let answer = redeem(&shared.target, &mut conn, &code).await?;
                let token = answer["refresh_token"].as_str().ok_or("no refresh_token")?.to_owned();
                shared.refresh_tokens.lock().map_err(|e| e.to_string())?.push(token);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// An access token from one full flow, for `userinfo` and `tokeninfo`.
async fn access_token(shared: &Shared) -> Result<String, String> {
    mint_codes(shared, 1, 1).await?;
    let code = shared.codes.lock().map_err(|e| e.to_string())?.pop().ok_or("no code")?;
    shared.codes.lock().map_err(|e| e.to_string())?.clear();
    let mut conn = Conn::open(shared.target.addr).await?;
    let answer = redeem(&shared.target, &mut conn, &code).await?;
    Ok(answer["access_token"].as_str().unwrap_or_default().to_owned())
}

// ---------------------------------------------------------------------------
// Measuring.

struct Measured {
    workload: Workload,
    count: u64,
    seconds: f64,
    p50_ms: f64,
    p99_ms: f64,
    errors: u64,
    first_error: Option<String>,
    cpu_ms_per_op: Option<f64>,
    rss_before: Option<u64>,
    rss_after: Option<u64>,
    /// The burst: peak RSS while it ran, and how many got 429.
    rss_peak: Option<u64>,
    refused: u64,
    /// Database bytes written (SQLite), for `flood`.
    db_growth: Option<i64>,
}

impl Measured {
    fn rate(&self) -> f64 {
        if self.seconds > 0.0 {
            self.count as f64 / self.seconds
        } else {
            0.0
        }
    }

    fn summary(&self) -> String {
        let mut line = format!(
            "{:<14} {:>9.0} {}/s  p50 {:>6.2} ms  p99 {:>6.2} ms  errors {}",
            self.workload.name(),
            self.rate(),
            self.workload.unit(),
            self.p50_ms,
            self.p99_ms,
            self.errors
        );
        if let Some(error) = &self.first_error {
            line.push_str(&format!(" (first: {error})"));
        }
        line
    }
}

struct Tally {
    latencies_us: Vec<u32>,
    errors: u64,
    first_error: Option<String>,
}

async fn measure(
    workload: Workload,
    args: &Args,
    shared: &Arc<Shared>,
    server: Option<&Server>,
    rsa_signs: f64,
) -> Result<Measured, String> {
    prepare(workload, args, shared, rsa_signs).await?;
    let db_before = server.and_then(|s| s.home.database.size());
    let warmup_end = Instant::now() + Duration::from_secs_f64(args.warmup);
    let end = warmup_end + Duration::from_secs_f64(args.duration);
    let tally = Arc::new(Mutex::new(Tally {
        latencies_us: Vec::new(),
        errors: 0,
        first_error: None,
    }));
    let mut tasks = Vec::new();
    for id in 0..args.concurrency {
        let shared = shared.clone();
        let tally = tally.clone();
        tasks.push(tokio::spawn(async move {
            let Ok(conn) = Conn::open(shared.target.addr).await else {
                return Instant::now();
            };
            let mut worker = Worker {
                id,
                conn,
                refresh_token: None,
            };
            let mut latencies = Vec::new();
            let (mut errors, mut first_error) = (0, None);
            loop {
                let started = Instant::now();
                if started >= end {
                    break;
                }
                let outcome = iteration(workload, &shared, &mut worker).await;
                let measuring = started >= warmup_end;
                match outcome {
                    Ok(true) if measuring => latencies.push(started.elapsed().as_micros() as u32),
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(error) if measuring => {
                        errors += 1;
                        first_error.get_or_insert(error);
                    }
                    Err(_) => {}
                }
            }
            if let Ok(mut tally) = tally.lock() {
                tally.latencies_us.extend(latencies);
                tally.errors += errors;
                if tally.first_error.is_none() {
                    tally.first_error = first_error;
                }
            }
            Instant::now()
        }));
    }
    tokio::time::sleep_until(warmup_end.into()).await;
    let (cpu_before, rss_before) = (server.map(Server::cpu_ms), server.map(Server::rss_kib));
    let mut finished = warmup_end;
    for task in tasks {
        finished = finished.max(task.await.map_err(|e| e.to_string())?);
    }
    let (cpu_after, rss_after) = (server.map(Server::cpu_ms), server.map(Server::rss_kib));
    let mut tally = std::mem::replace(
        &mut *tally.lock().map_err(|e| e.to_string())?,
        Tally {
            latencies_us: Vec::new(),
            errors: 0,
            first_error: None,
        },
    );
    tally.latencies_us.sort_unstable();
    let count = tally.latencies_us.len() as u64;
    let seconds = finished.min(end).duration_since(warmup_end).as_secs_f64();
    let ops = (count + tally.errors).max(1) as f64;
    shared.codes.lock().map_err(|e| e.to_string())?.clear();
    shared.refresh_tokens.lock().map_err(|e| e.to_string())?.clear();
    Ok(Measured {
        workload,
        count,
        seconds,
        p50_ms: percentile(&tally.latencies_us, 0.50),
        p99_ms: percentile(&tally.latencies_us, 0.99),
        errors: tally.errors,
        first_error: tally.first_error,
        cpu_ms_per_op: cpu_before.zip(cpu_after).map(|(b, a)| (a - b) / ops),
        rss_before,
        rss_after,
        rss_peak: None,
        refused: 0,
        db_growth: db_before
            .zip(server.and_then(|s| s.home.database.size()))
            .map(|(b, a)| a as i64 - b as i64),
    })
}

fn percentile(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let index = ((sorted_us.len() as f64 * p).ceil() as usize).clamp(1, sorted_us.len()) - 1;
    f64::from(sorted_us[index]) / 1000.0
}

/// A browser at the login page, with the filled-in password form.
async fn login_form(
    target: &Target,
    pid: &str,
    state: u64,
) -> Result<(Conn, Browser, Vec<(&'static str, String)>), String> {
    let mut conn = Conn::open(target.addr).await?;
    let mut browser = Browser::default();
    let start = browser.send(&mut conn, Req::get(&target.authorize_url(state))).await?;
    let page = browser
        .send(&mut conn, Req::get(&path_of(&start.location.unwrap_or_default())?))
        .await?;
    let (rid, csrf) = (http::field(&page.body, "rid")?, http::field(&page.body, "csrf")?);
    let form = vec![
        ("rid", rid),
        ("csrf", csrf),
        ("pid", pid.to_owned()),
        ("password", PASSWORD.to_owned()),
        ("action", "login".to_owned()),
    ];
    Ok((conn, browser, form))
}

/// `burst` password logins at the same moment, each on its own connection:
/// the server's peak memory while they run, and how many it turned away.
async fn burst(args: &Args, shared: &Arc<Shared>, server: Option<&Server>) -> Result<Measured, String> {
    let Some(server) = server else {
        return Err("burst needs porten".into());
    };
    let rss_before = server.rss_kib();
    let cpu_before = server.cpu_ms();
    let started = Instant::now();
    let gate = Arc::new(tokio::sync::Barrier::new(args.burst + 1));
    let mut tasks = Vec::new();
    for i in 0..args.burst {
        let shared = shared.clone();
        let gate = gate.clone();
        tasks.push(tokio::spawn(async move {
            let target = &shared.target;
            let pid = &target.citizens[i % target.citizens.len()];
            let ready = login_form(target, pid, shared.next()).await;
            // Every task passes the gate, ready or not, so none waits forever.
            gate.wait().await;
            let (mut conn, mut browser, form) = ready?;
            let sent = Instant::now();
            let resp = browser.send(&mut conn, Req::form(&target.login, &form)).await?;
            Ok::<_, String>((resp.status, sent.elapsed()))
        }));
    }
    gate.wait().await;
    let mut peak = rss_before;
    let mut results = Vec::new();
    for task in tasks {
        let mut task = task;
        loop {
            tokio::select! {
                done = &mut task => { results.push(done.map_err(|e| e.to_string())?); break; }
                _ = tokio::time::sleep(Duration::from_millis(5)) => peak = peak.max(server.rss_kib()),
            }
        }
    }
    peak = peak.max(server.rss_kib());
    let (mut latencies, mut refused, mut errors, mut first_error) = (Vec::new(), 0, 0, None);
    for result in results {
        match result {
            Ok((303, took)) => latencies.push(took.as_micros() as u32),
            Ok((429, _)) => refused += 1,
            Ok((status, _)) => {
                errors += 1;
                first_error.get_or_insert(format!("login: {status}"));
            }
            Err(error) => {
                errors += 1;
                first_error.get_or_insert(error);
            }
        }
    }
    latencies.sort_unstable();
    let ops = args.burst.max(1) as f64;
    Ok(Measured {
        workload: Workload::Burst,
        count: latencies.len() as u64,
        seconds: started.elapsed().as_secs_f64(),
        p50_ms: percentile(&latencies, 0.5),
        p99_ms: percentile(&latencies, 0.99),
        errors,
        first_error,
        cpu_ms_per_op: Some((server.cpu_ms() - cpu_before) / ops),
        rss_before: Some(rss_before),
        rss_after: Some(server.rss_kib()),
        rss_peak: Some(peak),
        refused,
        db_growth: None,
    })
}

// ---------------------------------------------------------------------------
// The report.

struct Report {
    limits: Limits,
    results: Vec<Measured>,
    idle_rss: Option<u64>,
    final_rss: Option<u64>,
    /// Six seconds after the run.
    settled_rss: Option<u64>,
    database: &'static str,
}

fn mib(kib: Option<u64>) -> String {
    kib.map_or("–".into(), |k| format!("{:.1}", k as f64 / 1024.0))
}

impl Report {
    fn get(&self, workload: Workload) -> Option<&Measured> {
        self.results.iter().find(|r| r.workload == workload)
    }

    fn markdown(&self) -> String {
        let mut out = format!(
            "### porten under load ({}; {} cores; RSA-2048 signs {:.0}/s; Argon2id verifies {:.1}/s)\n\n",
            self.database, self.limits.cores, self.limits.rsa_signs, self.limits.argon2_verifies
        );
        out.push_str("| workload | rate | p50 ms | p99 ms | errors | server CPU ms/op | RSS before → after MiB |\n");
        out.push_str("|---|---:|---:|---:|---:|---:|---|\n");
        for r in &self.results {
            let mut errors = r.errors.to_string();
            if r.workload == Workload::Burst {
                errors = format!("{errors} ({} got 429)", r.refused);
            }
            let mut rss = format!("{} → {}", mib(r.rss_before), mib(r.rss_after));
            if let Some(peak) = r.rss_peak {
                rss.push_str(&format!(" (peak {})", mib(Some(peak))));
            }
            if let Some(growth) = r.db_growth.filter(|_| r.workload == Workload::Flood) {
                rss.push_str(&format!("; database +{growth} B"));
            }
            out.push_str(&format!(
                "| {} | {:.0} {}/s | {:.2} | {:.2} | {} | {} | {} |\n",
                r.workload.name(),
                r.rate(),
                r.workload.unit(),
                r.p50_ms,
                r.p99_ms,
                errors,
                r.cpu_ms_per_op.map_or("–".into(), |c| format!("{c:.3}")),
                rss,
            ));
        }
        out.push_str(&format!(
            "\nServer RSS idle {} MiB, right after the run {} MiB, 6 s later {} MiB.\n",
            mib(self.idle_rss),
            mib(self.final_rss),
            mib(self.settled_rss)
        ));
        let goals = self.goals();
        if !goals.is_empty() {
            out.push_str("\n| goal | measured | met |\n|---|---|---|\n");
            for (goal, measured, met) in goals {
                out.push_str(&format!(
                    "| {goal} | {measured} | {} |\n",
                    if met { "yes" } else { "**no**" }
                ));
            }
        }
        out
    }

    /// Issue 9's goals, as ratios within this run.
    fn goals(&self) -> Vec<(String, String, bool)> {
        let mut goals = Vec::new();
        let rate = |w| self.get(w).map(Measured::rate);
        let mut ratio = |goal: &str, a: Option<f64>, b: Option<f64>, at_least: f64| {
            if let (Some(a), Some(b)) = (a, b) {
                let r = a / b.max(f64::MIN_POSITIVE);
                goals.push((goal.to_owned(), format!("{:.0} %", r * 100.0), r >= at_least));
            }
        };
        let rsa = Some(self.limits.rsa_signs);
        ratio(
            "userinfo ≥ 50 % of discovery",
            rate(Workload::Userinfo),
            rate(Workload::Discovery),
            0.5,
        );
        ratio(
            "tokeninfo ≥ 40 % of discovery",
            rate(Workload::Tokeninfo),
            rate(Workload::Discovery),
            0.4,
        );
        ratio(
            "code exchange ≥ 50 % of RSA signing",
            rate(Workload::TokenCode),
            rsa,
            0.5,
        );
        ratio(
            "TestID flows ≥ 20 % of RSA signing",
            rate(Workload::FlowTestId),
            rsa,
            0.2,
        );
        let argon2 = Some(self.limits.argon2_verifies);
        ratio(
            "password flows ≥ 80 % of Argon2id",
            rate(Workload::FlowPassword),
            argon2,
            0.8,
        );
        if let Some(burst) = self.get(Workload::Burst).and_then(|b| b.rss_peak) {
            goals.push((
                "RSS < 100 MiB during the burst".into(),
                format!("{} MiB", mib(Some(burst))),
                burst < 100 * 1024,
            ));
        }
        if let Some(idle) = self.idle_rss {
            goals.push((
                "RSS ≤ 30 MiB idle".into(),
                format!("{} MiB", mib(Some(idle))),
                idle <= 30 * 1024,
            ));
        }
        if let Some(last) = self.settled_rss {
            goals.push((
                "RSS ≤ 80 MiB after (6 s after the run)".into(),
                format!("{} MiB", mib(Some(last))),
                last <= 80 * 1024,
            ));
        }
        for (workload, limit) in [
            (Workload::Discovery, 5.0),
            (Workload::Jwk, 5.0),
            (Workload::Userinfo, 5.0),
            (Workload::TokenCode, 20.0),
        ] {
            if let Some(r) = self.get(workload) {
                let goal = format!("{} p99 < {limit} ms", workload.name());
                goals.push((goal, format!("{:.2} ms", r.p99_ms), r.p99_ms < limit));
            }
        }
        if let Some(growth) = self.get(Workload::Flood).and_then(|flood| flood.db_growth) {
            goals.push((
                "flood: database does not grow".into(),
                format!("+{growth} B"),
                growth <= 0,
            ));
        }
        goals
    }

    fn json(&self) -> Value {
        json!({
            "database": self.database,
            "cores": self.limits.cores,
            "rsa_signs_per_s": self.limits.rsa_signs,
            "argon2_verifies_per_s": self.limits.argon2_verifies,
            "rss_idle_kib": self.idle_rss,
            "rss_final_kib": self.final_rss,
            "rss_settled_kib": self.settled_rss,
            "workloads": self.results.iter().map(|r| json!({
                "name": r.workload.name(),
                "unit": r.workload.unit(),
                "count": r.count,
                "rate": r.rate(),
                "p50_ms": r.p50_ms,
                "p99_ms": r.p99_ms,
                "errors": r.errors,
                "first_error": r.first_error,
                "refused": r.refused,
                "server_cpu_ms_per_op": r.cpu_ms_per_op,
                "rss_before_kib": r.rss_before,
                "rss_after_kib": r.rss_after,
                "rss_peak_kib": r.rss_peak,
                "db_growth_bytes": r.db_growth,
            })).collect::<Vec<_>>(),
            "goals": self.goals().into_iter().map(|(goal, measured, met)| json!({
                "goal": goal, "measured": measured, "met": met,
            })).collect::<Vec<_>>(),
        })
    }
}
