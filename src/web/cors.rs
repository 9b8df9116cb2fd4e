//! Cross-origin access for relying parties that run in the browser (public
//! clients with PKCE), to the JSON endpoints marked `cross_origin`: discovery,
//! keys, token, revocation and userinfo. None of them reads a cookie, so any
//! origin may call them.

use rocket::fairing::{Fairing, Info, Kind};
use rocket::http::uri::fmt::Path;
use rocket::http::uri::{Origin, Segments};
use rocket::http::{Header, Status};
use rocket::{Request, Response, State};

use super::{App, json_endpoint};

/// Whether browsers of other origins may call `path`.
fn is_open(app: &App, path: &str) -> bool {
    json_endpoint(app, path).is_some_and(|endpoint| endpoint.cross_origin)
}

/// `Access-Control-Allow-Origin` on the answers of the open endpoints.
pub struct Cors;

#[rocket::async_trait]
impl Fairing for Cors {
    fn info(&self) -> Info {
        Info {
            name: "cross-origin access",
            kind: Kind::Response,
        }
    }

    async fn on_response<'r>(&self, request: &'r Request<'_>, response: &mut Response<'r>) {
        let path = request.uri().path();
        let open = request
            .rocket()
            .state::<App>()
            .is_some_and(|app| is_open(app, path.as_str()));
        if open && request.headers().contains("Origin") {
            response.set_header(Header::new("Access-Control-Allow-Origin", "*"));
            response.set_header(Header::new("Access-Control-Expose-Headers", "WWW-Authenticate"));
        }
    }
}

/// The preflight of a cross-origin POST or `Authorization` header.
pub struct Preflight;

impl<'r> rocket::response::Responder<'r, 'static> for Preflight {
    fn respond_to(self, _request: &'r Request<'_>) -> rocket::response::Result<'static> {
        Response::build()
            .status(Status::NoContent)
            .header(Header::new("Access-Control-Allow-Methods", "GET, POST"))
            .header(Header::new(
                "Access-Control-Allow-Headers",
                "Authorization, Content-Type",
            ))
            .header(Header::new("Access-Control-Max-Age", "600"))
            .ok()
    }
}

// `Segments`, unlike `PathBuf`, takes the `.well-known` segment as it is.
#[rocket::options("/<_endpoint..>")]
pub fn preflight(app: &State<App>, uri: &Origin<'_>, _endpoint: Segments<'_, Path>) -> Option<Preflight> {
    is_open(app, uri.path().as_str()).then_some(Preflight)
}
