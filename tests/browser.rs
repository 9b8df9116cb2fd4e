//! The citizen pages in a real browser. Starts the built `porten serve` on a
//! free port with a fresh SQLite file, then runs `tests/browser/run.mjs`:
//! Playwright driving Debian's headless Chromium through login and consent in
//! nb, nn, en and se, axe-core on every page, screenshots in
//! `target/browser-artifacts/`. Without Chromium, Node or the npm packages
//! (`npm ci --prefix tests/browser`) it says so and skips, except in CI.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
const START_TIMEOUT: Duration = Duration::from_secs(120);
const RUN_TIMEOUT: Duration = Duration::from_secs(900);

fn chromium() -> PathBuf {
    std::env::var_os("PORTEN_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// Why the browser test cannot run here, if it cannot.
fn missing_prerequisite() -> Option<String> {
    let chromium = chromium();
    if !chromium.is_file() {
        return Some(format!(
            "no Chromium at {} (apt-get install chromium)",
            chromium.display()
        ));
    }
    let node = Command::new("node").arg("--version").output();
    if !node.is_ok_and(|out| out.status.success()) {
        return Some("no `node` on PATH (apt-get install nodejs npm)".into());
    }
    let modules = Path::new(ROOT).join("tests/browser/node_modules");
    for package in ["playwright-core", "axe-core"] {
        if !modules.join(package).is_dir() {
            return Some(format!(
                "no {package} in tests/browser/node_modules (npm ci --prefix tests/browser)"
            ));
        }
    }
    None
}

fn issuer(port: u16) -> String {
    format!("http://127.0.0.1:{port}/idporten-oidc-provider/")
}

/// A running `porten serve`, stopped when dropped.
struct Porten {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Porten {
    fn start(dir: &Path) -> Porten {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let log = dir.join("porten.log");
        let out = std::fs::File::create(&log).expect("log file");
        let err = out.try_clone().expect("log file");
        let child = Command::new(env!("CARGO_BIN_EXE_porten"))
            .arg("serve")
            .current_dir(ROOT)
            .env("PORTEN_PROFILE", "dev")
            .env("PORTEN_ADDRESS", "127.0.0.1")
            .env("PORTEN_PORT", port.to_string())
            .env("PORTEN_ISSUER", issuer(port))
            .env(
                "PORTEN_DATABASE_URL",
                format!("sqlite://{}?mode=rwc", dir.join("porten.db").display()),
            )
            .env_remove("PORTEN_CONFIG")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            .spawn()
            .expect("porten starts");
        let mut porten = Porten { child, port, log };
        porten.wait_ready();
        porten
    }

    fn issuer(&self) -> String {
        issuer(self.port)
    }

    fn wait_ready(&mut self) {
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("porten exited with {status} before it was ready:\n{}", self.log_text());
            }
            if get_status(self.port, "/health/ready") == Some(200) {
                return;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!("porten was not ready within {START_TIMEOUT:?}:\n{}", self.log_text());
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for Porten {
    fn drop(&mut self) {
        if let Err(error) = self.child.kill() {
            eprintln!("stopping porten: {error}");
        }
        if let Err(error) = self.child.wait() {
            eprintln!("waiting for porten: {error}");
        }
    }
}

/// The status code of a plain HTTP/1.1 GET, if the server answers.
fn get_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

#[test]
fn citizen_pages_in_every_language_pass_axe_in_chromium() {
    if let Some(why) = missing_prerequisite() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run the browser test, but {why}"
        );
        // Straight to stderr, past the test harness's capture, so it is seen.
        writeln!(std::io::stderr(), "browser test skipped: {why}").ok();
        return;
    }
    let dir = tempfile::tempdir().expect("temporary folder");
    let porten = Porten::start(dir.path());
    let artifacts = Path::new(ROOT).join("target/browser-artifacts");

    let mut node = Command::new("node")
        .arg(Path::new(ROOT).join("tests/browser/run.mjs"))
        .arg(porten.issuer())
        .arg(&artifacts)
        .env("PORTEN_CHROMIUM", chromium())
        .current_dir(ROOT)
        .stdin(Stdio::null())
        .spawn()
        .expect("node starts");
    let deadline = Instant::now() + RUN_TIMEOUT;
    let status = loop {
        match node.try_wait().expect("waiting for node") {
            Some(status) => break status,
            None if Instant::now() > deadline => {
                node.kill().ok();
                panic!("the browser run took longer than {RUN_TIMEOUT:?}");
            }
            None => std::thread::sleep(Duration::from_millis(250)),
        }
    };
    assert!(
        status.success(),
        "browser checks failed ({status}); screenshots in {}; porten's log:\n{}",
        artifacts.display(),
        porten.log_text()
    );
}
