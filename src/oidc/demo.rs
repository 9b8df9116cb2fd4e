//! `dev` only: the demo client's landing page, so a new user sees a login
//! complete without writing a relying party first.

use askama::Template;
use rocket::State;
use rocket::http::Status;

use crate::core::authorize::Params;
use crate::domain::Lang;
use crate::seed::{DEMO_CLIENT_ID, DEMO_CLIENT_SECRET};
use crate::web::App;
use crate::web::guards::{FormBody, Query};
use crate::web::page::{Frame, Page, request_lang};

#[derive(Template)]
#[template(path = "demo.html")]
struct DemoPage<'a> {
    f: &'a Frame,
    code: Option<&'a str>,
    error: Option<&'a str>,
    redeem: String,
}

#[rocket::get("/demo/callback")]
pub fn callback(app: &State<App>, query: Query, lang: DemoLang) -> Page {
    render(app, &query.0, lang.0)
}

/// The same page for `response_mode=form_post`.
#[rocket::post("/demo/callback", data = "<body>")]
pub fn callback_form_post(app: &State<App>, body: FormBody, lang: DemoLang) -> Page {
    let params = body.0.unwrap_or_default();
    render(app, &params, lang.0)
}

fn render(app: &App, params: &Params, lang: Lang) -> Page {
    let path = format!("{}demo/callback", app.config.issuer_path());
    let frame = Frame::new(app, lang, &path, &params.pairs());
    let code = params.get("code");
    let redeem = format!(
        "curl -s -u {DEMO_CLIENT_ID}:{DEMO_CLIENT_SECRET} -d grant_type=authorization_code --data-urlencode code={} --data-urlencode redirect_uri={}demo/callback {}token",
        shell_quote(code.unwrap_or_default()),
        app.config.issuer,
        app.config.issuer
    );
    let page = DemoPage {
        f: &frame,
        code,
        error: params.get("error"),
        redeem,
    };
    Page::render(Status::Ok, &page)
}

/// The page's language, negotiated like any page without a pending request.
pub struct DemoLang(Lang);

#[rocket::async_trait]
impl<'r> rocket::request::FromRequest<'r> for DemoLang {
    type Error = std::convert::Infallible;

    async fn from_request(request: &'r rocket::Request<'_>) -> rocket::request::Outcome<Self, Self::Error> {
        match request.rocket().state::<App>() {
            Some(app) => rocket::request::Outcome::Success(DemoLang(request_lang(request, app))),
            None => rocket::request::Outcome::Success(DemoLang(Lang::Nb)),
        }
    }
}

/// One shell word, whatever the callback carried.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}
