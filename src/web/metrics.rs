//! `/metrics`: request counts and latencies per handler, and what citizens
//! and clients achieved, in the Prometheus text format, served on a
//! listener of its own (`metrics_address`), never on the issuer's port.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use rocket::fairing::{self, Fairing, Info, Kind};
use rocket::tokio::io::{AsyncReadExt, AsyncWriteExt};
use rocket::tokio::net::{TcpListener, TcpStream};
use rocket::{Build, Data, Orbit, Request, Response, Rocket, Shutdown};

use super::App;

/// Upper bounds, in seconds, of the latency histogram's buckets.
const BUCKETS: [f64; 10] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0];

/// How a password login attempt ended.
#[derive(Clone, Copy)]
pub enum LoginResult {
    Success,
    Failure,
    Throttled,
}

impl LoginResult {
    const ALL: [LoginResult; 3] = [LoginResult::Success, LoginResult::Failure, LoginResult::Throttled];

    fn label(self) -> &'static str {
        match self {
            LoginResult::Success => "success",
            LoginResult::Failure => "failure",
            LoginResult::Throttled => "throttled",
        }
    }
}

#[derive(Default)]
struct Latency {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

#[derive(Default)]
struct Http {
    /// By handler, method and status.
    requests: BTreeMap<(&'static str, &'static str, u16), u64>,
    latency: BTreeMap<&'static str, Latency>,
}

pub struct Metrics {
    started: Instant,
    http: Mutex<Http>,
    logins: [AtomicU64; 3],
    tokens: Mutex<BTreeMap<&'static str, u64>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            started: Instant::now(),
            http: Mutex::default(),
            logins: Default::default(),
            tokens: Mutex::default(),
        }
    }
}

impl Metrics {
    pub fn login(&self, result: LoginResult) {
        self.logins[result as usize].fetch_add(1, Ordering::Relaxed);
    }

    /// A successful `token` request, by grant type.
    pub fn token_issued(&self, grant_type: &'static str) {
        let mut tokens = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *tokens.entry(grant_type).or_default() += 1;
    }

    fn observe(&self, handler: &'static str, method: &'static str, status: u16, seconds: f64) {
        let mut http = self.http.lock().unwrap_or_else(|e| e.into_inner());
        *http.requests.entry((handler, method, status)).or_default() += 1;
        let latency = http.latency.entry(handler).or_default();
        latency.count += 1;
        latency.sum += seconds;
        for (bucket, bound) in latency.buckets.iter_mut().zip(BUCKETS) {
            if seconds <= bound {
                *bucket += 1;
            }
        }
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> String {
        let mut out = Exposition(String::new());
        out.family("porten_uptime_seconds", "gauge", "Seconds since this node started.");
        out.line(format_args!(
            "porten_uptime_seconds {}",
            self.started.elapsed().as_secs()
        ));
        out.family("porten_logins_total", "counter", "Password logins by result.");
        for result in LoginResult::ALL {
            let count = self.logins[result as usize].load(Ordering::Relaxed);
            out.line(format_args!(
                "porten_logins_total{{result=\"{}\"}} {count}",
                result.label()
            ));
        }
        out.family(
            "porten_token_responses_total",
            "counter",
            "Successful token requests by grant type.",
        );
        for (grant_type, count) in self.tokens.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            out.line(format_args!(
                "porten_token_responses_total{{grant_type=\"{grant_type}\"}} {count}"
            ));
        }
        let http = self.http.lock().unwrap_or_else(|e| e.into_inner());
        out.family(
            "porten_http_requests_total",
            "counter",
            "HTTP requests by handler, method and status.",
        );
        for ((handler, method, status), count) in &http.requests {
            out.line(format_args!(
                "porten_http_requests_total{{handler=\"{handler}\",method=\"{method}\",status=\"{status}\"}} {count}"
            ));
        }
        let histogram = "porten_http_request_duration_seconds";
        out.family(histogram, "histogram", "Time to answer, by handler.");
        for (handler, latency) in &http.latency {
            for (bound, count) in BUCKETS.iter().zip(latency.buckets) {
                out.line(format_args!(
                    "{histogram}_bucket{{handler=\"{handler}\",le=\"{bound}\"}} {count}"
                ));
            }
            let count = latency.count;
            out.line(format_args!(
                "{histogram}_bucket{{handler=\"{handler}\",le=\"+Inf\"}} {count}"
            ));
            out.line(format_args!("{histogram}_sum{{handler=\"{handler}\"}} {}", latency.sum));
            out.line(format_args!("{histogram}_count{{handler=\"{handler}\"}} {count}"));
        }
        out.0
    }
}

/// Text being written; writing to a `String` cannot fail.
struct Exposition(String);

impl Exposition {
    fn family(&mut self, name: &str, kind: &str, help: &str) {
        self.line(format_args!("# HELP {name} {help}"));
        self.line(format_args!("# TYPE {name} {kind}"));
    }

    fn line(&mut self, line: std::fmt::Arguments<'_>) {
        let _ = self.0.write_fmt(line);
        self.0.push('\n');
    }
}

/// When a request arrived.
struct Arrival(Instant);

/// Counts every response by the handler that produced it.
pub struct RequestMetrics;

#[rocket::async_trait]
impl Fairing for RequestMetrics {
    fn info(&self) -> Info {
        Info {
            name: "request metrics",
            kind: Kind::Request | Kind::Response,
        }
    }

    async fn on_request(&self, request: &mut Request<'_>, _: &mut Data<'_>) {
        request.local_cache(|| Arrival(Instant::now()));
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let Some(app) = request.rocket().state::<App>() else {
            return;
        };
        let seconds = request
            .local_cache(|| Arrival(Instant::now()))
            .0
            .elapsed()
            .as_secs_f64();
        // Handler names are few and static; paths would let anyone add labels.
        let handler = match request.route().and_then(|route| route.name.as_ref()) {
            Some(std::borrow::Cow::Borrowed(name)) => name,
            Some(std::borrow::Cow::Owned(_)) => "other",
            None => "unmatched",
        };
        app.metrics
            .observe(handler, request.method().as_str(), response.status().code, seconds);
    }
}

/// The metrics listener, bound at ignite (a bad or taken address stops the
/// start) and served from liftoff until shutdown.
pub struct MetricsListener;

/// Where the metrics listener listens; managed when it is on.
pub struct MetricsEndpoint {
    pub address: SocketAddr,
    bound: Mutex<Option<std::net::TcpListener>>,
}

#[rocket::async_trait]
impl Fairing for MetricsListener {
    fn info(&self) -> Info {
        Info {
            name: "metrics listener",
            kind: Kind::Ignite | Kind::Liftoff,
        }
    }

    async fn on_ignite(&self, rocket: Rocket<Build>) -> fairing::Result {
        let Some(address) = rocket.state::<App>().and_then(|app| app.config.metrics_address()) else {
            return Ok(rocket);
        };
        let bound = std::net::TcpListener::bind(address).and_then(|l| l.set_nonblocking(true).map(|_| l));
        match bound.and_then(|l| Ok((l.local_addr()?, l))) {
            Ok((address, listener)) => Ok(rocket.manage(MetricsEndpoint {
                address,
                bound: Mutex::new(Some(listener)),
            })),
            Err(error) => {
                tracing::error!(%address, %error, "metrics_address: cannot listen");
                Err(rocket)
            }
        }
    }

    async fn on_liftoff(&self, rocket: &Rocket<Orbit>) {
        let (Some(endpoint), Some(app)) = (rocket.state::<MetricsEndpoint>(), rocket.state::<App>()) else {
            return;
        };
        let bound = endpoint.bound.lock().unwrap_or_else(|e| e.into_inner()).take();
        let Some(listener) = bound.and_then(|l| TcpListener::from_std(l).ok()) else {
            return;
        };
        tracing::info!(address = %endpoint.address, "metrics listen");
        rocket::tokio::spawn(serve(listener, app.metrics.clone(), rocket.shutdown()));
    }
}

/// Scrapes answered at once; a connection beyond them is closed at once, so
/// the listener never holds more sockets than this.
const MAX_SCRAPES: usize = 16;

async fn serve(listener: TcpListener, metrics: Arc<Metrics>, mut shutdown: Shutdown) {
    let scrapes = Arc::new(rocket::tokio::sync::Semaphore::new(MAX_SCRAPES));
    loop {
        rocket::tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => {
                    let Ok(permit) = scrapes.clone().try_acquire_owned() else {
                        continue;
                    };
                    let metrics = metrics.clone();
                    rocket::tokio::spawn(async move {
                        answer(stream, metrics).await;
                        drop(permit);
                    });
                }
                Err(error) => {
                    tracing::warn!(%error, "metrics listener: accept failed");
                    rocket::tokio::time::sleep(Duration::from_millis(100)).await;
                }
            },
            _ = &mut shutdown => break,
        }
    }
}

/// The most of a request head the metrics listener reads.
const HEAD_LIMIT: usize = 8 * 1024;

/// Answers one HTTP/1 request: `GET /metrics`, else 404 or 405.
async fn answer(mut stream: TcpStream, metrics: Arc<Metrics>) {
    let mut head = Vec::new();
    let read = rocket::tokio::time::timeout(Duration::from_secs(5), async {
        let mut chunk = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < HEAD_LIMIT {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&chunk[..n]),
            }
        }
    })
    .await;
    if read.is_err() {
        return;
    }
    let line = head.split(|b| *b == b'\r').next().unwrap_or_default();
    let mut words = line.split(|b| *b == b' ');
    let (method, target) = (words.next().unwrap_or_default(), words.next().unwrap_or_default());
    let path = target.split(|b| *b == b'?').next().unwrap_or_default();
    let (status, content_type, body) = match (method, path) {
        (b"GET", b"/metrics") => ("200 OK", "text/plain; version=0.0.4; charset=utf-8", metrics.render()),
        (_, b"/metrics") => ("405 Method Not Allowed", "text/plain", "GET only\n".into()),
        _ => ("404 Not Found", "text/plain", "metrics are at /metrics\n".into()),
    };
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
}
