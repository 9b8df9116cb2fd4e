//! The translators' gallery: every page in every state, in every language,
//! rendered by the real page structs and templates from fictional sample
//! data. `porten locales preview --out DIR` writes it as static files; test
//! profiles (never `prod`) serve it live at `{issuer}preview/`.

use std::path::{Path, PathBuf};

use askama::Template;
use rocket::State;
use rocket::fairing::AdHoc;
use rocket::http::Status;

use crate::domain::{Acr, Lang};
use crate::i18n::Locales;
use crate::oidc::consent::{ConsentPage, scope_lines};
use crate::oidc::demo::{DemoPage, redeem_command};
use crate::oidc::endsession::{ConfirmPage, LoggedOutPage, LogoutFrame};
use crate::oidc::login::{LoginPage, Notice};
use crate::oidc::reply::{Answer, FormPostPage};
use crate::web::App;
use crate::web::page::{ErrorPage, Frame, Page, PageLang, PageReason};

/// Sample data: realistic, and plainly nobody's.
const CLIENT: &str = "Fjordvik kommune";
const OTHER_CLIENT: &str = "Fjordvik bibliotek";
const SYNTHETIC_PID: &str = "15887010002";
const SCOPES: &[&str] = &[
    "openid",
    "profile",
    "user/kontaktinformasjon.read",
    "user/spraak.read",
    "user/spraak.write",
    "user/sikkerdigitalpost.read",
    "user/sertifikat.read",
    "user/varslingsstatus.read",
];
const REDIRECT_URI: &str = "https://fjordvik.kommune.example/innlogging";
const SAMPLE_ISSUER: &str = "https://login.example/idporten-oidc-provider/";
const SAMPLE_CODE: &str = "x7Qm2-fiktiv-kode-R9vT";
const CORRELATION: &str = "eksempel-4711";

/// One page in one state.
#[derive(Clone, Copy)]
pub enum Shot {
    Login,
    LoginFailed,
    Throttled(i64),
    LoginOtp,
    StepUp,
    StepUpFailed,
    TestIdRefused,
    Consent,
    LogoutConfirm,
    LoggedOut,
    FormPost,
    FormPostNoScript,
    Error(PageReason),
    Demo,
    DemoError,
}

/// Every state, in the gallery's order.
pub fn shots() -> Vec<Shot> {
    let mut shots = vec![
        Shot::Login,
        Shot::LoginFailed,
        Shot::Throttled(60),
        Shot::Throttled(120),
        Shot::Throttled(300),
        Shot::LoginOtp,
        Shot::StepUp,
        Shot::StepUpFailed,
        Shot::TestIdRefused,
        Shot::Consent,
        Shot::LogoutConfirm,
        Shot::LoggedOut,
        Shot::FormPost,
        Shot::FormPostNoScript,
    ];
    shots.extend(PageReason::ALL.iter().map(|reason| Shot::Error(*reason)));
    shots.extend([Shot::Demo, Shot::DemoError]);
    shots
}

impl Shot {
    /// The page's name in URLs and file names.
    pub fn slug(self) -> String {
        match self {
            Shot::Login => "login".into(),
            Shot::LoginFailed => "login-failed".into(),
            Shot::Throttled(seconds) => format!("login-throttled-{}", seconds / 60),
            Shot::LoginOtp => "login-otp".into(),
            Shot::StepUp => "stepup".into(),
            Shot::StepUpFailed => "stepup-failed".into(),
            Shot::TestIdRefused => "testid-refused".into(),
            Shot::Consent => "consent".into(),
            Shot::LogoutConfirm => "logout".into(),
            Shot::LoggedOut => "logged-out".into(),
            Shot::FormPost => "form-post".into(),
            Shot::FormPostNoScript => "form-post-nojs".into(),
            Shot::Error(reason) => reason.message_id().into(),
            Shot::Demo => "demo".into(),
            Shot::DemoError => "demo-error".into(),
        }
    }

    fn parse(slug: &str) -> Option<Shot> {
        shots().into_iter().find(|shot| shot.slug() == slug)
    }

    /// The state's name in the gallery's table, in the gallery's language.
    fn label(self, frame: &Frame) -> String {
        let t = &frame.t;
        match self {
            Shot::Login => t.get("preview-login"),
            Shot::LoginFailed => t.get("preview-login-failed"),
            Shot::Throttled(seconds) => t.count("preview-login-throttled", "minutes", seconds / 60),
            Shot::LoginOtp => t.get("preview-login-otp"),
            Shot::StepUp => t.get("preview-stepup"),
            Shot::StepUpFailed => t.get("preview-stepup-failed"),
            Shot::TestIdRefused => t.get("preview-testid-refused"),
            Shot::Consent => t.get("preview-consent"),
            Shot::LogoutConfirm => t.get("preview-logout"),
            Shot::LoggedOut => t.get("preview-logged-out"),
            Shot::FormPost => t.get("preview-form-post"),
            Shot::FormPostNoScript => t.get("preview-form-post-nojs"),
            Shot::Error(reason) => t.with("preview-error", "id", reason.message_id()),
            Shot::Demo => t.get("preview-demo"),
            Shot::DemoError => t.get("preview-demo-error"),
        }
    }

    /// The page, with `action` as every form's target.
    fn render(self, f: &Frame, action: &str) -> String {
        let login = |notice: Option<Notice>, pid: &'static str, acr: Acr, stepup: bool| {
            let page = LoginPage {
                f,
                action,
                rid: "preview",
                csrf: "preview",
                client_name: CLIENT,
                level: acr.as_str(),
                pid,
                needs_otp: acr == Acr::Level4,
                stepup,
                error: notice.map(|n| n.text(&f.t)),
                testid: true,
            };
            body(&page)
        };
        match self {
            Shot::Login => login(None, "", Acr::Level3, false),
            Shot::LoginFailed => login(Some(Notice::Failed), SYNTHETIC_PID, Acr::Level3, false),
            Shot::Throttled(seconds) => login(Some(Notice::Throttled(seconds)), SYNTHETIC_PID, Acr::Level3, false),
            Shot::LoginOtp => login(None, "", Acr::Level4, false),
            Shot::StepUp => login(None, "", Acr::Level4, true),
            Shot::StepUpFailed => login(Some(Notice::CodeFailed), "", Acr::Level4, true),
            Shot::TestIdRefused => login(Some(Notice::TestIdNotSynthetic), "", Acr::Level3, false),
            Shot::Consent => body(&ConsentPage {
                f,
                action,
                rid: "preview",
                csrf: "preview",
                client_name: CLIENT,
                scopes: scope_lines(&f.t, SCOPES.iter().copied()),
            }),
            Shot::LogoutConfirm => body(&ConfirmPage {
                f,
                action,
                rid: "preview",
                csrf: "preview",
            }),
            Shot::LoggedOut => body(&LoggedOutPage {
                f,
                // The frames load nothing here: their titles are what a
                // screen reader says.
                frames: [CLIENT, OTHER_CLIENT]
                    .iter()
                    .map(|client| LogoutFrame {
                        src: "about:blank".into(),
                        title: f.t.with("logout-frame", "client", client),
                    })
                    .collect(),
                next: None,
            }),
            // The script would send the translator to the sample service:
            // both show the page as it looks before it is sent.
            Shot::FormPost | Shot::FormPostNoScript => body(&FormPostPage {
                f,
                action: REDIRECT_URI,
                fields: &[
                    ("code", SAMPLE_CODE.to_owned()),
                    ("state", "preview".to_owned()),
                    ("iss", SAMPLE_ISSUER.to_owned()),
                ],
                script: false,
            }),
            Shot::Error(reason) => body(&ErrorPage {
                f,
                message: f.t.get(reason.message_id()),
                correlation: CORRELATION,
            }),
            Shot::Demo => body(&DemoPage {
                f,
                code: Some(SAMPLE_CODE),
                error: None,
                redeem: redeem_command(SAMPLE_ISSUER, SAMPLE_CODE),
            }),
            Shot::DemoError => body(&DemoPage {
                f,
                code: None,
                error: Some("access_denied"),
                redeem: String::new(),
            }),
        }
    }
}

fn body(template: &impl Template) -> String {
    Page::render(Status::Ok, template).body
}

struct Row {
    label: String,
    links: Vec<Link>,
}

struct Link {
    href: String,
    code: &'static str,
    name: &'static str,
}

#[derive(Template)]
#[template(path = "preview.html")]
struct IndexPage<'a> {
    f: &'a Frame,
    langs: &'static [Lang],
    rows: Vec<Row>,
}

/// Where the gallery's pages are, for links.
trait Addresses {
    fn page(&self, lang: Lang, shot: Shot) -> String;
    fn index(&self, lang: Lang) -> String;
    fn assets(&self) -> String;
}

fn index(locales: &Locales, lang: Lang, at: &impl Addresses) -> String {
    let frame = Frame::linked(locales.translator(lang), at.assets(), |other| at.index(other));
    let rows = shots()
        .into_iter()
        .map(|shot| Row {
            label: shot.label(&frame),
            links: Lang::ALL
                .iter()
                .map(|other| Link {
                    href: at.page(*other, shot),
                    code: other.as_str(),
                    name: other.endonym(),
                })
                .collect(),
        })
        .collect();
    body(&IndexPage {
        f: &frame,
        langs: Lang::ALL,
        rows,
    })
}

fn page(locales: &Locales, lang: Lang, shot: Shot, at: &impl Addresses) -> String {
    let frame = Frame::linked(locales.translator(lang), at.assets(), |other| at.page(other, shot));
    shot.render(&frame, &at.index(lang))
}

/// Static files: `index.html` (in nb), and `LANG/index.html` and
/// `LANG/STATE.html` for every language, all linked relatively.
struct Files {
    /// From the file to the gallery's folder: `""` or `"../"`.
    up: &'static str,
}

impl Addresses for Files {
    fn page(&self, lang: Lang, shot: Shot) -> String {
        format!("{}{lang}/{}.html", self.up, shot.slug())
    }

    fn index(&self, lang: Lang) -> String {
        format!("{}{lang}/index.html", self.up)
    }

    fn assets(&self) -> String {
        self.up.to_owned()
    }
}

/// Writes the gallery and its stylesheet into `out`; the number of pages.
pub fn write(locales: &Locales, css: &[u8], out: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(out)?;
    std::fs::write(out.join("porten.css"), css)?;
    std::fs::write(out.join("index.html"), index(locales, Lang::Nb, &Files { up: "" }))?;
    let mut written = 1;
    let inside = Files { up: "../" };
    for lang in Lang::ALL {
        let dir = out.join(lang.as_str());
        std::fs::create_dir_all(&dir)?;
        std::fs::write(dir.join("index.html"), index(locales, *lang, &inside))?;
        written += 1;
        for shot in shots() {
            std::fs::write(
                dir.join(format!("{}.html", shot.slug())),
                page(locales, *lang, shot, &inside),
            )?;
            written += 1;
        }
    }
    Ok(written)
}

/// The live gallery under the issuer's path.
struct Live {
    base: String,
}

impl Addresses for Live {
    fn page(&self, lang: Lang, shot: Shot) -> String {
        format!("{}preview/{}?lang={lang}", self.base, shot.slug())
    }

    fn index(&self, lang: Lang) -> String {
        format!("{}preview/?lang={lang}", self.base)
    }

    fn assets(&self) -> String {
        format!("{}static/", self.base)
    }
}

fn live(app: &App) -> Live {
    Live {
        base: app.config.issuer_path(),
    }
}

fn html(body: String) -> Page {
    Page {
        status: Status::Ok,
        body,
        csp: None,
        retry_after: None,
    }
}

/// `{issuer}preview/` is the gallery, `{issuer}preview/STATE` a page.
#[rocket::get("/preview/<path..>")]
fn gallery(app: &State<App>, path: PathBuf, lang: PageLang) -> Option<Page> {
    let at = live(app);
    let body = match path.to_str()? {
        "" => index(&app.locales, lang.0, &at),
        slug => page(&app.locales, lang.0, Shot::parse(slug)?, &at),
    };
    Some(html(body))
}

/// The preview's forms lead back to the gallery.
#[rocket::post("/preview/<_..>")]
fn submitted(app: &State<App>, lang: PageLang) -> Answer {
    Answer::SeeOther(live(app).index(lang.0))
}

/// Mounts the live gallery; only for test profiles.
pub fn stage(issuer_path: String) -> AdHoc {
    AdHoc::on_ignite("translation preview", move |rocket| async move {
        rocket.mount(issuer_path.as_str(), rocket::routes![gallery, submitted])
    })
}
