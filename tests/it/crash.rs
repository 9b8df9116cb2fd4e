//! Crash safety: the real binary is killed with SIGKILL in the middle of
//! concurrent flows and started again on the same database. Every token
//! response a client received still works, no code is redeemed twice, and
//! SQLite's integrity check passes.

use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[path = "../../benches/support/http.rs"]
mod http;

use http::{Browser, Conn, Login, Req, Resp};

use super::*;

const CLIENT_ID: &str = "crash";
/// Long enough for `client create --secret` (at least 32 characters).
const CLIENT_SECRET: &str = "crash-test-secret-0123456789abcdef";
const WORKERS: usize = 4;
/// Token responses received before the kill.
const KILL_AFTER: usize = 12;

/// A porten process on a database; killed when dropped, so a failing test
/// leaves no server behind.
struct Server {
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Home {
    dir: tempfile::TempDir,
    addr: SocketAddr,
    database_url: String,
}

impl Home {
    fn new(dir: tempfile::TempDir, database_url: String) -> Home {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        Home {
            dir,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            database_url,
        }
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_porten"));
        command
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("PORTEN_PROFILE", "dev")
            .env("PORTEN_ISSUER", format!("http://{}{BASE}", self.addr))
            .env("PORTEN_ADDRESS", "127.0.0.1")
            .env("PORTEN_PORT", self.addr.port().to_string())
            .env("PORTEN_DATABASE_URL", &self.database_url)
            .env("PORTEN_METRICS_ADDRESS", "")
            .env("PORTEN_LOG_LEVEL", "warn")
            .stdin(Stdio::null());
        command
    }

    fn cli(&self, args: &[&str]) {
        let output = self.command().args(args).output().expect("porten runs");
        assert!(
            output.status.success(),
            "porten {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    async fn serve(&self, log_name: &str) -> Server {
        let log = std::fs::File::create(self.dir.path().join(log_name)).expect("log file");
        let child = self
            .command()
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("porten serve starts");
        let mut server = Server { child };
        // Polls a real process until it listens: there is no clock to pass.
        for _ in 0..600 {
            if let Ok(mut conn) = Conn::open(self.addr).await
                && conn.send(Req::get("/health/ready")).await.map(|r| r.status) == Ok(200)
            {
                return server;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                let log = std::fs::read_to_string(self.dir.path().join(log_name)).unwrap_or_default();
                panic!("porten serve exited with {status}:\n{log}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let log = std::fs::read_to_string(self.dir.path().join(log_name)).unwrap_or_default();
        panic!("porten serve did not become ready:\n{log}");
    }
}

/// A TestID login (and consent) of `pid` in `browser`: a code.
async fn log_in(conn: &mut Conn, browser: &mut Browser, pid: &str, state: usize) -> Result<String, String> {
    let query = encode(&[
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", "openid profile"),
        ("state", &format!("s{state}")),
        ("nonce", &format!("n{state}")),
    ]);
    let authorize = format!("{BASE}authorize?{query}");
    http::log_in(conn, browser, &authorize, &format!("{BASE}login"), pid, Login::TestId).await
}

async fn redeem(conn: &mut Conn, code: &str) -> Result<Resp, String> {
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", REDIRECT),
    ];
    conn.send(Req::form(&format!("{BASE}token"), &form).basic(CLIENT_ID, CLIENT_SECRET))
        .await
}

async fn userinfo(conn: &mut Conn, access_token: &str) -> Result<u16, String> {
    let req = Req::get(&format!("{BASE}userinfo")).header("authorization", format!("Bearer {access_token}"));
    Ok(conn.send(req).await?.status)
}

/// What the clients saw before the crash.
#[derive(Default)]
struct Seen {
    /// Every code a browser was given.
    codes: Vec<String>,
    /// Every token response received: its code and access token.
    responses: Vec<(String, String)>,
}

/// Logs in and redeems until the server goes away; an error before the
/// kill fails the test.
async fn worker(
    addr: SocketAddr,
    pid: String,
    seen: Arc<Mutex<Seen>>,
    received: Arc<tokio::sync::watch::Sender<usize>>,
    killed: Arc<AtomicBool>,
) -> Result<(), String> {
    let result: Result<(), String> = async {
        for round in 0.. {
            let (mut conn, mut browser) = (Conn::open(addr).await?, Browser::default());
            let code = log_in(&mut conn, &mut browser, &pid, round).await?;
            seen.lock().expect("lock").codes.push(code.clone());
            let tokens = redeem(&mut conn, &code).await?.expect(200, "token")?.json()?;
            let access_token = tokens["access_token"].as_str().ok_or("no access_token")?.to_owned();
            seen.lock().expect("lock").responses.push((code, access_token));
            received.send_modify(|n| *n += 1);
        }
        Ok(())
    }
    .await;
    match result {
        Err(_) if killed.load(Ordering::SeqCst) => Ok(()),
        other => other,
    }
}

async fn integrity_check(database_url: &str) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(database_url).await.expect("SQLite opens");
    let statement = sea_orm::Statement::from_string(db.get_database_backend(), "PRAGMA integrity_check");
    let rows = db.query_all_raw(statement).await.expect("integrity_check runs");
    let result = rows
        .iter()
        .map(|row| row.try_get_by_index::<String>(0).expect("a text row"))
        .collect();
    db.close().await.expect("closed");
    result
}

async fn crash_and_restart(home: Home, sqlite: bool) {
    home.cli(&["migrate"]);
    #[rustfmt::skip]
    home.cli(&[
        "client", "create", "--id", CLIENT_ID, "--secret", CLIENT_SECRET, "--name", "Krasj",
        "--redirect-uri", REDIRECT, "--scope", "openid", "--scope", "profile",
    ]);
    let server = home.serve("before.log").await;

    let seen = Arc::new(Mutex::new(Seen::default()));
    let killed = Arc::new(AtomicBool::new(false));
    let (received, mut watch) = tokio::sync::watch::channel(0usize);
    let received = Arc::new(received);
    let workers: Vec<_> = http::citizens(WORKERS)
        .into_iter()
        .map(|pid| tokio::spawn(worker(home.addr, pid, seen.clone(), received.clone(), killed.clone())))
        .collect();
    // Only the workers hold the sender now: if they all fail, waiting ends.
    drop(received);
    let enough = watch.wait_for(|n| *n >= KILL_AFTER).await.is_ok();

    // SIGKILL while the workers are mid-flow.
    killed.store(true, Ordering::SeqCst);
    drop(server);
    for handle in workers {
        handle.await.expect("worker joins").expect("no error before the kill");
    }
    assert!(enough, "the workers stopped before {KILL_AFTER} token responses");
    let seen = std::mem::take(&mut *seen.lock().expect("lock"));
    assert!(seen.responses.len() >= KILL_AFTER);
    eprintln!(
        "killed after {} codes and {} token responses",
        seen.codes.len(),
        seen.responses.len()
    );

    if sqlite {
        assert_eq!(integrity_check(&home.database_url).await, vec!["ok".to_owned()]);
    }

    let _server = home.serve("after.log").await;
    let mut conn = Conn::open(home.addr).await.expect("connects");
    // Every token response received before the crash still works.
    for (code, access_token) in &seen.responses {
        assert_eq!(
            userinfo(&mut conn, access_token).await,
            Ok(200),
            "the access token for code {code} was lost in the crash"
        );
    }
    // No code is redeemed twice: one whose tokens were received fails now;
    // one whose answer the crash cut off succeeds at most once.
    for code in &seen.codes {
        let answered = seen.responses.iter().any(|(c, _)| c == code);
        let first = redeem(&mut conn, code).await.expect("token answers");
        if answered {
            assert_eq!(first.status, 400, "code {code} redeemed a second time");
        } else if first.status == 200 {
            let second = redeem(&mut conn, code).await.expect("token answers");
            assert_eq!(second.status, 400, "code {code} redeemed a second time");
        }
    }
    if sqlite {
        drop(_server);
        assert_eq!(integrity_check(&home.database_url).await, vec!["ok".to_owned()]);
    }
}

#[rocket::async_test]
async fn a_killed_server_keeps_every_answer_it_gave_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = format!("sqlite://{}?mode=rwc", dir.path().join("porten.db").display());
    crash_and_restart(Home::new(dir, database_url), true).await;
}

#[rocket::async_test]
async fn a_killed_server_keeps_every_answer_it_gave_on_postgres() {
    let Ok(admin) = std::env::var("PORTEN_TEST_POSTGRES") else {
        eprintln!("crash safety on PostgreSQL skipped: PORTEN_TEST_POSTGRES is not set");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = postgres_database(&admin, &dir);
    crash_and_restart(Home::new(dir, database_url), false).await;
}
