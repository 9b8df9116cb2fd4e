//! A small keep-alive HTTP/1.1 client, a browser's cookies and a TestID or
//! password login through porten's pages: what the load benchmark and the
//! crash test (`tests/it/crash.rs`) use to drive the real binary.
#![allow(dead_code)]

use std::collections::HashMap;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1;
use porten::domain::Pid;
use serde_json::Value;
use tokio::net::TcpStream;

pub struct Req {
    method: &'static str,
    path: String,
    headers: Vec<(&'static str, String)>,
    body: Option<String>,
}

impl Req {
    pub fn get(path: &str) -> Req {
        Req {
            method: "GET",
            path: path.to_owned(),
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn form<K: AsRef<str>, V: AsRef<str>>(path: &str, pairs: &[(K, V)]) -> Req {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs.iter())
            .finish();
        Req {
            method: "POST",
            path: path.to_owned(),
            headers: vec![("content-type", "application/x-www-form-urlencoded".into())],
            body: Some(body),
        }
    }

    pub fn header(mut self, name: &'static str, value: String) -> Req {
        self.headers.push((name, value));
        self
    }

    /// `client_secret_basic`, with id and secret that need no form encoding.
    pub fn basic(self, id: &str, secret: &str) -> Req {
        use base64::Engine;
        let credentials = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        self.header("authorization", format!("Basic {credentials}"))
    }
}

pub struct Resp {
    pub status: u16,
    pub location: Option<String>,
    pub cookies: Vec<String>,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Result<Value, String> {
        serde_json::from_slice(&self.body).map_err(|e| format!("not JSON ({e})"))
    }

    pub fn expect(self, status: u16, what: &str) -> Result<Resp, String> {
        if self.status == status {
            Ok(self)
        } else {
            let body = String::from_utf8_lossy(&self.body);
            Err(format!(
                "{what}: {} {}",
                self.status,
                body.chars().take(160).collect::<String>()
            ))
        }
    }
}

/// One keep-alive connection, opened again when the server closed it.
pub struct Conn {
    pub addr: SocketAddr,
    sender: http1::SendRequest<Full<Bytes>>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Result<Conn, String> {
        let stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        let (sender, connection) = http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| e.to_string())?;
        tokio::spawn(connection);
        Ok(Conn { addr, sender })
    }

    pub async fn send(&mut self, req: Req) -> Result<Resp, String> {
        if self.sender.ready().await.is_err() {
            *self = Conn::open(self.addr).await?;
        }
        let mut builder = hyper::Request::builder()
            .method(req.method)
            .uri(&req.path)
            .header("host", self.addr.to_string());
        for (name, value) in &req.headers {
            builder = builder.header(*name, value);
        }
        let body = Full::new(Bytes::from(req.body.unwrap_or_default()));
        let request = builder.body(body).map_err(|e| e.to_string())?;
        let response = self.sender.send_request(request).await.map_err(|e| e.to_string())?;
        let header = |name| response.headers().get_all(name).iter().filter_map(|v| v.to_str().ok());
        let location = header("location").next().map(str::to_owned);
        let cookies = header("set-cookie").map(str::to_owned).collect();
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        Ok(Resp {
            status,
            location,
            cookies,
            body,
        })
    }
}

/// A new browser: its cookies, sent back on every request.
#[derive(Default)]
pub struct Browser {
    cookies: HashMap<String, String>,
}

impl Browser {
    pub fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    pub async fn send(&mut self, conn: &mut Conn, mut req: Req) -> Result<Resp, String> {
        if !self.cookies.is_empty() {
            req = req.header("cookie", self.cookie_header());
        }
        let resp = conn.send(req).await?;
        for set in &resp.cookies {
            let pair = set.split(';').next().unwrap_or_default();
            if let Some((name, value)) = pair.split_once('=') {
                if value.is_empty() || set.contains("Max-Age=0") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        Ok(resp)
    }
}

/// The value of a hidden form field.
pub fn field(html: &[u8], name: &str) -> Result<String, String> {
    let html = String::from_utf8_lossy(html);
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .ok_or_else(|| format!("no {name} field on the page"))?
        + marker.len();
    let end = html[start..].find('"').ok_or("an unterminated attribute")?;
    Ok(html[start..start + end].to_owned())
}

pub fn query_param(location: &str, name: &str) -> Result<String, String> {
    let url = url::Url::parse("http://x/")
        .and_then(|base| base.join(location))
        .map_err(|e| e.to_string())?;
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| format!("no {name} in {location}"))
}

/// The path and query of a same-origin `Location`.
pub fn path_of(location: &str) -> Result<String, String> {
    let url = url::Url::parse("http://x/")
        .and_then(|base| base.join(location))
        .map_err(|e| e.to_string())?;
    Ok(match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    })
}

/// `n` synthetic test pids (month + 80) with valid check digits.
pub fn citizens(n: usize) -> Vec<String> {
    (0u64..).filter_map(synthetic_pid).take(n).collect()
}

/// The `i`-th birth date and individual number as a synthetic pid, when its
/// first check digit exists (a remainder of 10 has none).
pub fn synthetic_pid(i: u64) -> Option<String> {
    let stem = format!(
        "{:02}{:02}90{:03}",
        1 + i % 28,
        81 + (i / 28) % 12,
        100 + (i / 336) % 900
    );
    (0..100)
        .map(|k| format!("{stem}{k:02}"))
        .find(|pid| Pid::parse(pid).is_some())
}

/// How a citizen logs in on the login page.
#[derive(Clone, Copy)]
pub enum Login<'a> {
    TestId,
    Password(&'a str),
}

/// authorize → the login page (unless single sign-on skips it) → login →
/// consent where asked: the code. `login` is the login page's path.
pub async fn log_in(
    conn: &mut Conn,
    browser: &mut Browser,
    authorize_url: &str,
    login: &str,
    pid: &str,
    how: Login<'_>,
) -> Result<String, String> {
    let start = browser
        .send(conn, Req::get(authorize_url))
        .await?
        .expect(303, "authorize")?;
    let mut location = start.location.unwrap_or_default();
    if location.contains("/login?") {
        let page = browser
            .send(conn, Req::get(&path_of(&location)?))
            .await?
            .expect(200, "login page")?;
        let (rid, csrf) = (field(&page.body, "rid")?, field(&page.body, "csrf")?);
        let form: &[(&str, &str)] = match how {
            Login::TestId => &[("rid", &rid), ("csrf", &csrf), ("pid", pid), ("action", "testid")],
            Login::Password(password) => &[
                ("rid", &rid),
                ("csrf", &csrf),
                ("pid", pid),
                ("password", password),
                ("action", "login"),
            ],
        };
        let done = browser.send(conn, Req::form(login, form)).await?.expect(303, "login")?;
        location = done.location.unwrap_or_default();
    }
    if location.contains("/consent?") {
        let page = browser
            .send(conn, Req::get(&path_of(&location)?))
            .await?
            .expect(200, "consent page")?;
        let (rid, csrf) = (field(&page.body, "rid")?, field(&page.body, "csrf")?);
        let form = [("rid", rid.as_str()), ("csrf", csrf.as_str()), ("action", "allow")];
        let consent = path_of(&location)?.split('?').next().unwrap_or_default().to_owned();
        let allowed = browser
            .send(conn, Req::form(&consent, &form))
            .await?
            .expect(303, "consent")?;
        location = allowed.location.unwrap_or_default();
    }
    query_param(&location, "code")
}
