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
use crate::web::page::{Frame, Page, PageLang};

#[derive(Template)]
#[template(path = "demo.html")]
pub(crate) struct DemoPage<'a> {
    pub f: &'a Frame,
    pub code: Option<&'a str>,
    pub error: Option<&'a str>,
    pub redeem: String,
}

#[rocket::get("/demo/callback")]
pub fn callback(app: &State<App>, query: Query, lang: PageLang) -> Page {
    render(app, &query.0, lang.0)
}

/// The same page for `response_mode=form_post`.
#[rocket::post("/demo/callback", data = "<body>")]
pub fn callback_form_post(app: &State<App>, body: FormBody, lang: PageLang) -> Page {
    let params = body.0.unwrap_or_default();
    render(app, &params, lang.0)
}

fn render(app: &App, params: &Params, lang: Lang) -> Page {
    let path = format!("{}demo/callback", app.config.issuer_path());
    let frame = Frame::new(app, lang, &path, &params.pairs());
    let code = params.get("code");
    let page = DemoPage {
        f: &frame,
        code,
        error: params.get("error"),
        redeem: redeem_command(&app.config.issuer, code.unwrap_or_default()),
    };
    Page::render(Status::Ok, &page)
}

/// How to redeem `code` at `issuer`, as a shell command.
pub(crate) fn redeem_command(issuer: &str, code: &str) -> String {
    format!(
        "curl -s -u {DEMO_CLIENT_ID}:{DEMO_CLIENT_SECRET} -d grant_type=authorization_code --data-urlencode code={} --data-urlencode redirect_uri={issuer}demo/callback {issuer}token",
        shell_quote(code),
    )
}

/// One shell word, whatever the callback carried.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}
