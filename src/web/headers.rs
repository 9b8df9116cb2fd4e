//! Security headers on every response.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::Header;
use rocket::{Request, Response};

/// The policy of every page: no inline script or style, never framed.
pub const PAGE_CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
     form-action 'self' https: http:; frame-ancestors 'none'; base-uri 'none'";

pub struct SecurityHeaders {
    pub hsts: bool,
}

#[rocket::async_trait]
impl Fairing for SecurityHeaders {
    fn info(&self) -> Info {
        Info {
            name: "security headers",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, _request: &'r Request<'_>, response: &mut Response<'r>) {
        if !response.headers().contains("Content-Security-Policy") {
            response.set_header(Header::new("Content-Security-Policy", PAGE_CSP));
        }
        response.set_header(Header::new("X-Frame-Options", "DENY"));
        response.set_header(Header::new("Referrer-Policy", "no-referrer"));
        response.set_header(Header::new("X-Content-Type-Options", "nosniff"));
        if self.hsts {
            response.set_header(Header::new("Strict-Transport-Security", "max-age=31536000"));
        }
    }
}
