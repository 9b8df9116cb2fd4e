//! The contact register API (SPEC §7) through HTTP, with citizen tokens from
//! the code flow and server tokens stored directly, and `porten krr import`
//! run as the real binary.

use std::path::Path;
use std::process::{Command, Stdio};

use porten::domain::Scopes;
use porten::store::{Grant, IssuedToken, TokenKind};
use rocket::http::{ContentType, Header, Method, Status};
use serde_json::{Value, json};

use super::*;

const KRR: &str = "/kontaktinfo-oauth2-server/rest/v1/";

const KARI: &str = "12889010051";
const OLA: &str = "05927510024";
const AILE: &str = "23848510149";
const NILS: &str = "17816010012";
const PER: &str = "31929910020";
const SIRI: &str = "15887010002";
/// Valid check digits, not in the register.
const UNKNOWN: &str = "01019010046";

const USER_READ: &str = "user/kontaktinformasjon.read user/spraak.read user/sikkerdigitalpost.read user/sertifikat.read user/varslingsstatus.read";
const GLOBAL_READ: &str = "global/kontaktinformasjon.read global/spraak.read global/sikkerdigitalpost.read global/sertifikat.read global/varslingsstatus.read";

/// The app with the default client allowed every citizen scope.
async fn krr_app() -> TestApp {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.scopes = Scopes::parse(&format!("openid profile {USER_READ} user/spraak.write")).to_vec();
    app.register(client).await;
    app
}

/// Kari's access token for `scopes`, through login, consent and redemption.
async fn citizen_token(app: &TestApp, scopes: &str) -> String {
    let code = app.code(&[("scope", &format!("openid {scopes}"))]).await;
    let (status, tokens) = app.redeem(&code).await;
    assert_eq!(status, Status::Ok, "{tokens}");
    tokens["access_token"].as_str().expect("access_token").to_owned()
}

/// An access token of a grant stored directly: `pid` None is a server
/// token, as the jwt-bearer grant issues them.
async fn stored_token(app: &TestApp, pid: Option<&str>, scopes: &str, lifetime: i64) -> String {
    let now = porten::web::now();
    let grant_id = porten::crypto::random_token();
    let grant = Grant {
        id: grant_id.clone(),
        client_id: "rp".into(),
        pid: pid.map(Into::into),
        sid: None,
        scopes: Scopes::parse(scopes),
        acr: None,
        amr: vec![],
        auth_time: None,
        locale: None,
        expires_at: now + 3600,
        revoked: false,
    };
    app.store().insert_grant(&grant, now).await.expect("grant");
    let token = porten::crypto::random_token();
    let issued = IssuedToken {
        grant_id,
        kind: TokenKind::Access,
        client_id: "rp".into(),
        scopes: Scopes::parse(scopes),
        created_at: now - 10,
        expires_at: now + lifetime,
        used: false,
    };
    app.store()
        .insert_token(&porten::crypto::token_hash(&token), &issued)
        .await
        .expect("token");
    token
}

async fn server_token(app: &TestApp, scopes: &str) -> String {
    stored_token(app, None, scopes, 120).await
}

struct Answer {
    status: Status,
    challenge: Option<String>,
    content_type: Option<String>,
    body: String,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// Asserts an RFC error JSON with `code` and a description.
    fn error(&self, status: Status, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        let body = self.json();
        assert_eq!(body["error"], code, "{body}");
        let description = body["error_description"]
            .as_str()
            .expect("error_description")
            .to_owned();
        assert!(!description.is_empty());
        description
    }
}

#[derive(Default)]
struct Call<'a> {
    token: Option<&'a str>,
    body: Option<(ContentType, String)>,
    accept: Option<&'a str>,
}

async fn send(app: &TestApp, method: Method, path: &str, call: Call<'_>) -> Answer {
    let mut request = app.browser.req(method, format!("{KRR}{path}"));
    if let Some(token) = call.token {
        request = request.header(Header::new("Authorization", format!("Bearer {token}")));
    }
    if let Some(accept) = call.accept {
        request = request.header(Header::new("Accept", accept.to_owned()));
    }
    if let Some((content_type, body)) = call.body {
        request = request.header(content_type).body(body);
    }
    let response = request.dispatch().await;
    let header = |name| response.headers().get_one(name).map(str::to_owned);
    Answer {
        status: response.status(),
        challenge: header("WWW-Authenticate"),
        content_type: header("Content-Type"),
        body: response.into_string().await.unwrap_or_default(),
    }
}

async fn get_person(app: &TestApp, token: &str) -> Answer {
    send(
        app,
        Method::Get,
        "person",
        Call {
            token: Some(token),
            ..Call::default()
        },
    )
    .await
}

async fn patch_person(app: &TestApp, token: &str, content_type: ContentType, body: &str) -> Answer {
    send(
        app,
        Method::Patch,
        "person",
        Call {
            token: Some(token),
            body: Some((content_type, body.to_owned())),
            ..Call::default()
        },
    )
    .await
}

async fn post_personer(app: &TestApp, token: &str, ids: Value) -> Answer {
    send(
        app,
        Method::Post,
        "personer",
        Call {
            token: Some(token),
            body: Some((ContentType::JSON, json!({ "personidentifikatorer": ids }).to_string())),
            ..Call::default()
        },
    )
    .await
}

fn blocks(person: &Value) -> Vec<&str> {
    [
        "kontaktinformasjon",
        "digital_post",
        "sertifikat",
        "spraak",
        "varslingsstatus",
    ]
    .into_iter()
    .filter(|block| person.get(*block).is_some())
    .collect()
}

/// RFC 3339 with a numeric offset, as the register writes times.
fn assert_time(value: &Value) {
    let text = value.as_str().unwrap_or_else(|| panic!("not a time: {value}"));
    assert!(
        text.len() == 25 && (text.ends_with("+01:00") || text.ends_with("+02:00")),
        "{text}"
    );
    assert!(time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok());
}

#[rocket::async_test]
async fn get_person_shows_each_block_only_with_its_scope() {
    let app = krr_app().await;
    let cases: [(&str, &[&str]); 6] = [
        ("user/kontaktinformasjon.read", &["kontaktinformasjon"]),
        ("user/spraak.read", &["spraak"]),
        ("user/sikkerdigitalpost.read", &["digital_post"]),
        ("user/sertifikat.read", &["sertifikat"]),
        ("user/varslingsstatus.read", &["varslingsstatus"]),
        (
            USER_READ,
            &[
                "kontaktinformasjon",
                "digital_post",
                "sertifikat",
                "spraak",
                "varslingsstatus",
            ],
        ),
    ];
    for (scopes, expected) in cases {
        let token = citizen_token(&app, scopes).await;
        let answer = get_person(&app, &token).await;
        assert_eq!(answer.status, Status::Ok, "{}", answer.body);
        assert_eq!(answer.content_type.as_deref(), Some("application/json"));
        let person = answer.json();
        assert_eq!(blocks(&person), expected, "{scopes}: {person}");
        assert_eq!(person["personidentifikator"], KARI);
        assert_eq!(person["reservasjon"], "NEI");
        assert_eq!(person["status"], "AKTIV");
    }
    let token = citizen_token(&app, USER_READ).await;
    let kari = get_person(&app, &token).await.json();
    assert_eq!(kari["varslingsstatus"], "KAN_VARSLES");
    let contact = &kari["kontaktinformasjon"];
    assert_eq!(contact["epostadresse"], "kari.nordmann@example.com");
    assert_eq!(contact["mobiltelefonnummer"], "+4799999901");
    for field in [
        "epostadresse_oppdatert",
        "epostadresse_sist_verifisert",
        "mobiltelefonnummer_oppdatert",
        "mobiltelefonnummer_sist_verifisert",
    ] {
        assert_time(&contact[field]);
    }
    assert_eq!(kari["digital_post"]["postkasseleverandoeradresse"], "984661185");
    assert!(kari["digital_post"]["postkasseadresse"].is_string());
    assert!(kari["sertifikat"].as_str().is_some_and(|c| c.starts_with("MII")));
    assert_eq!(kari["spraak"], "nb");
    assert_time(&kari["spraak_oppdatert"]);
}

#[rocket::async_test]
async fn get_person_refuses_tokens_without_a_citizen_read_scope() {
    let app = krr_app().await;
    let write_only = citizen_token(&app, "user/spraak.write").await;
    let answer = get_person(&app, &write_only).await;
    answer.error(Status::Forbidden, "insufficient_scope");
    let challenge = answer.challenge.expect("WWW-Authenticate");
    assert!(challenge.starts_with("Bearer ") && challenge.contains("error=\"insufficient_scope\""));

    let server = server_token(&app, GLOBAL_READ).await;
    get_person(&app, &server)
        .await
        .error(Status::Forbidden, "insufficient_scope");
    // A citizen's scope on a token that speaks for no citizen.
    let odd = server_token(&app, "user/kontaktinformasjon.read").await;
    get_person(&app, &odd)
        .await
        .error(Status::Forbidden, "insufficient_scope");
}

#[rocket::async_test]
async fn patch_person_changes_the_language_and_get_shows_it() {
    let app = krr_app().await;
    let token = citizen_token(&app, "user/spraak.read user/spraak.write").await;
    let before = get_person(&app, &token).await.json();
    assert_eq!(before["spraak"], "nb");

    let answer = patch_person(&app, &token, ContentType::JSON, r#"{"spraak":"EN"}"#).await;
    assert_eq!(answer.status, Status::NoContent, "{}", answer.body);
    assert!(answer.body.is_empty());
    let after = get_person(&app, &token).await.json();
    assert_eq!(after["spraak"], "en");
    assert_time(&after["spraak_oppdatert"]);
    assert_ne!(after["spraak_oppdatert"], before["spraak_oppdatert"]);
    let stored = app.store().krr_person(KARI).await.unwrap().unwrap();
    assert!(stored.spraak_oppdatert.unwrap() >= porten::web::now() - 5);
    assert_eq!(stored.epostadresse.as_deref(), Some("kari.nordmann@example.com"));
}

#[rocket::async_test]
async fn patch_person_refuses_bad_input_and_writes_nothing() {
    let app = krr_app().await;
    let token = citizen_token(&app, "user/spraak.read user/spraak.write").await;
    let bad: [(ContentType, &str, &str); 7] = [
        (ContentType::JSON, r#"{"spraak":"norsk"}"#, "two-letter"),
        (ContentType::JSON, r#"{"spraak":"n1"}"#, "two-letter"),
        (ContentType::JSON, r#"{"spraak":"en""#, "JSON"),
        (ContentType::JSON, "", "JSON"),
        (ContentType::JSON, r#"{"sprak":"en"}"#, "sprak"),
        (ContentType::JSON, r#"{"spraak":7}"#, "JSON"),
        (ContentType::Form, "spraak=en", "application/json"),
    ];
    for (content_type, body, says) in bad {
        let answer = patch_person(&app, &token, content_type, body).await;
        let description = answer.error(Status::BadRequest, "invalid_request");
        assert!(description.contains(says), "{body}: {description}");
    }
    assert_eq!(get_person(&app, &token).await.json()["spraak"], "nb");

    let read_only = citizen_token(&app, "user/spraak.read").await;
    patch_person(&app, &read_only, ContentType::JSON, r#"{"spraak":"en"}"#)
        .await
        .error(Status::Forbidden, "insufficient_scope");
    let server = server_token(&app, &format!("{GLOBAL_READ} user/spraak.write")).await;
    patch_person(&app, &server, ContentType::JSON, r#"{"spraak":"en"}"#)
        .await
        .error(Status::Forbidden, "insufficient_scope");
    assert_eq!(get_person(&app, &token).await.json()["spraak"], "nb");
}

#[rocket::async_test]
async fn a_citizen_not_in_the_register_is_entered_by_setting_a_language() {
    let app = krr_app().await;
    let token = stored_token(&app, Some(UNKNOWN), "user/spraak.read user/spraak.write", 120).await;
    let before = get_person(&app, &token).await.json();
    assert_eq!(before["status"], "IKKE_REGISTRERT");
    assert!(before.get("spraak").is_none());
    let answer = patch_person(&app, &token, ContentType::JSON, r#"{"spraak":"se"}"#).await;
    assert_eq!(answer.status, Status::NoContent);
    let after = get_person(&app, &token).await.json();
    assert_eq!(
        (&after["status"], &after["reservasjon"]),
        (&json!("AKTIV"), &json!("NEI"))
    );
    assert_eq!(after["spraak"], "se");
}

#[rocket::async_test]
async fn post_personer_answers_every_case_in_the_order_asked() {
    let app = krr_app().await;
    let token = server_token(&app, GLOBAL_READ).await;
    let ids = [SIRI, UNKNOWN, KARI, NILS, PER, OLA, AILE, KARI];
    let answer = post_personer(&app, &token, json!(ids)).await;
    assert_eq!(answer.status, Status::Ok, "{}", answer.body);
    let personer = answer.json()["personer"].as_array().expect("personer").clone();
    let order: Vec<&str> = personer
        .iter()
        .map(|p| p["personidentifikator"].as_str().unwrap())
        .collect();
    assert_eq!(order, ids);
    let by = |i: usize| &personer[i];
    let facts = |p: &Value| {
        (
            p["reservasjon"].as_str().unwrap().to_owned(),
            p["status"].as_str().unwrap().to_owned(),
            p["varslingsstatus"].as_str().unwrap().to_owned(),
        )
    };
    let fact = |r: &str, s: &str, v: &str| (r.to_owned(), s.to_owned(), v.to_owned());
    assert_eq!(facts(by(0)), fact("NEI", "AKTIV", "KAN_IKKE_VARSLES"), "Siri: stale");
    assert_eq!(facts(by(1)), fact("NEI", "IKKE_REGISTRERT", "KAN_IKKE_VARSLES"));
    assert_eq!(facts(by(2)), fact("NEI", "AKTIV", "KAN_VARSLES"));
    assert_eq!(facts(by(3)), fact("JA", "AKTIV", "KAN_IKKE_VARSLES"), "Nils: reserved");
    assert_eq!(facts(by(4)), fact("NEI", "SLETTET", "KAN_IKKE_VARSLES"), "Per: deleted");
    assert_eq!(
        facts(by(5)),
        fact("NEI", "AKTIV", "KAN_VARSLES"),
        "Ola: updated recently"
    );
    assert_eq!(facts(by(6)), fact("NEI", "AKTIV", "KAN_VARSLES"));
    // With the varslingsstatus scope, who cannot be notified carries no contact data.
    for i in [0, 1, 3, 4] {
        let p = by(i);
        assert!(
            p.get("kontaktinformasjon").is_none() && p.get("digital_post").is_none() && p.get("sertifikat").is_none(),
            "{p}"
        );
    }
    assert_eq!(blocks(by(1)), ["varslingsstatus"], "unknown: nothing else");
    assert_eq!(
        blocks(by(2)),
        [
            "kontaktinformasjon",
            "digital_post",
            "sertifikat",
            "spraak",
            "varslingsstatus"
        ]
    );
    assert_eq!(by(7), by(2));
    assert_eq!(by(5)["kontaktinformasjon"]["epostadresse"], "ola.nordmann@example.com");
    assert!(
        by(5)["kontaktinformasjon"]
            .get("epostadresse_sist_verifisert")
            .is_none()
    );
    assert_eq!(by(6)["spraak"], "se");
}

#[rocket::async_test]
async fn without_the_varslingsstatus_scope_only_deleted_and_unknown_persons_lose_contact_data() {
    let app = krr_app().await;
    let token = server_token(&app, "global/kontaktinformasjon.read global/spraak.read").await;
    let answer = post_personer(&app, &token, json!([SIRI, NILS, PER, UNKNOWN])).await;
    let personer = answer.json()["personer"].clone();
    assert_eq!(blocks(&personer[0]), ["kontaktinformasjon", "spraak"], "Siri");
    assert_eq!(
        personer[0]["kontaktinformasjon"]["epostadresse"],
        "siri.utdatert@example.com"
    );
    assert_eq!(blocks(&personer[1]), ["kontaktinformasjon"], "Nils");
    assert_eq!(personer[1]["reservasjon"], "JA");
    assert!(blocks(&personer[2]).is_empty(), "Per: {}", personer[2]);
    assert!(blocks(&personer[3]).is_empty(), "unknown: {}", personer[3]);
    for person in personer.as_array().unwrap() {
        assert!(person.get("varslingsstatus").is_none());
        assert!(person["reservasjon"].is_string() && person["status"].is_string());
    }
}

#[rocket::async_test]
async fn post_personer_refuses_bad_input_with_a_clear_description() {
    let app = krr_app().await;
    let token = server_token(&app, GLOBAL_READ).await;
    let too_many: Vec<&str> = vec![KARI; 1001];
    let cases: [(Value, &str); 6] = [
        (json!([]), "1 to 1000"),
        (json!(too_many), "not 1001"),
        (json!([KARI, "1288901005"]), "personidentifikatorer[1]"),
        (json!([KARI, "12889010052"]), "check digits"),
        (json!([KARI, "1288901005x"]), "personidentifikatorer[1]"),
        (json!([12889010051_u64]), "JSON"),
    ];
    for (ids, says) in cases {
        let description = post_personer(&app, &token, ids.clone())
            .await
            .error(Status::BadRequest, "invalid_request");
        assert!(description.contains(says), "{ids}: {description}");
    }
    let exactly = post_personer(&app, &token, json!(vec![UNKNOWN; 1000])).await;
    assert_eq!(exactly.status, Status::Ok);
    assert_eq!(exactly.json()["personer"].as_array().unwrap().len(), 1000);

    let raw: [(ContentType, &str, &str); 5] = [
        (ContentType::JSON, r#"{"personidentifikatorer":["#, "JSON"),
        (ContentType::JSON, "not json", "JSON"),
        (ContentType::JSON, r#"{"ids":["12889010051"]}"#, "ids"),
        (
            ContentType::Form,
            "personidentifikatorer=12889010051",
            "application/json",
        ),
        (
            ContentType::Plain,
            r#"{"personidentifikatorer":["12889010051"]}"#,
            "application/json",
        ),
    ];
    for (content_type, body, says) in raw {
        let answer = send(
            &app,
            Method::Post,
            "personer",
            Call {
                token: Some(&token),
                body: Some((content_type, body.to_owned())),
                ..Call::default()
            },
        )
        .await;
        let description = answer.error(Status::BadRequest, "invalid_request");
        assert!(description.contains(says), "{body}: {description}");
    }
}

#[rocket::async_test]
async fn post_personer_needs_a_server_token_with_a_global_scope() {
    let app = krr_app().await;
    let citizen = citizen_token(&app, USER_READ).await;
    post_personer(&app, &citizen, json!([KARI]))
        .await
        .error(Status::Forbidden, "insufficient_scope");
    let citizen_with_global = stored_token(&app, Some(KARI), GLOBAL_READ, 120).await;
    let description = post_personer(&app, &citizen_with_global, json!([KARI]))
        .await
        .error(Status::Forbidden, "insufficient_scope");
    assert!(description.contains("server token"), "{description}");
    let no_krr = server_token(&app, "openid").await;
    let answer = post_personer(&app, &no_krr, json!([KARI])).await;
    answer.error(Status::Forbidden, "insufficient_scope");
    assert!(answer.challenge.unwrap().contains("insufficient_scope"));
}

#[rocket::async_test]
async fn missing_bad_and_expired_tokens_get_401_with_a_bearer_challenge() {
    let app = krr_app().await;
    let expired = stored_token(&app, None, GLOBAL_READ, -1).await;
    for token in [None, Some("nonsense"), Some(expired.as_str())] {
        let calls = [
            (Method::Get, "person", None),
            (Method::Patch, "person", Some(r#"{"spraak":"en"}"#)),
            (
                Method::Post,
                "personer",
                Some(r#"{"personidentifikatorer":["12889010051"]}"#),
            ),
        ];
        for (method, path, body) in calls {
            let answer = send(
                &app,
                method,
                path,
                Call {
                    token,
                    body: body.map(|b| (ContentType::JSON, b.to_owned())),
                    ..Call::default()
                },
            )
            .await;
            answer.error(Status::Unauthorized, "invalid_token");
            let challenge = answer.challenge.unwrap_or_default();
            assert!(
                challenge.starts_with("Bearer ") && challenge.contains("error=\"invalid_token\""),
                "{method} {path}: {challenge}"
            );
        }
    }
    // A malformed body does not hide a missing token.
    let answer = send(
        &app,
        Method::Post,
        "personer",
        Call {
            body: Some((ContentType::JSON, "{".into())),
            ..Call::default()
        },
    )
    .await;
    answer.error(Status::Unauthorized, "invalid_token");
}

async fn published_key(app: &TestApp, kid: &Value) -> openssl::pkey::PKey<openssl::pkey::Public> {
    let jwks: Value = serde_json::from_str(&app.get(format!("{BASE}jwk")).await.into_string().await.unwrap()).unwrap();
    let key = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| &k["kid"] == kid)
        .expect("kid in jwk");
    porten::crypto::rsa_public_key(key["n"].as_str().unwrap(), key["e"].as_str().unwrap()).unwrap()
}

#[rocket::async_test]
async fn accept_jose_returns_the_same_body_signed_by_porten() {
    let app = krr_app().await;
    let citizen = citizen_token(&app, USER_READ).await;
    let server = server_token(&app, GLOBAL_READ).await;
    let ids = json!({ "personidentifikatorer": [KARI, UNKNOWN] }).to_string();
    let requests = [
        (Method::Get, "person", citizen.as_str(), None),
        (Method::Post, "personer", server.as_str(), Some(ids)),
    ];
    for (method, path, token, body) in requests {
        let call = |accept| Call {
            token: Some(token),
            body: body.clone().map(|b| (ContentType::JSON, b)),
            accept,
        };
        let plain = send(&app, method, path, call(None)).await.json();
        let signed = send(&app, method, path, call(Some("application/jose"))).await;
        assert_eq!(signed.status, Status::Ok, "{}", signed.body);
        assert_eq!(signed.content_type.as_deref(), Some("application/jose"));
        let jws = porten::crypto::UnverifiedJws::parse(&signed.body).expect("a compact JWS");
        assert_eq!(jws.header["alg"], "RS256");
        assert_eq!(jws.header["typ"], "JWT");
        jws.verify_rs256(&published_key(&app, &jws.header["kid"]).await)
            .expect("signed by a key in jwk");
        assert_eq!(jws.claims, plain);

        // JSON preferred over jose stays JSON.
        let json_first = send(
            &app,
            method,
            path,
            call(Some("application/json, application/jose;q=0.5")),
        )
        .await;
        assert_eq!(json_first.content_type.as_deref(), Some("application/json"));
        assert_eq!(json_first.json(), plain);
    }
}

#[rocket::async_test]
async fn unknown_paths_and_methods_answer_json() {
    let app = krr_app().await;
    for (method, path) in [
        (Method::Get, "nothing"),
        (Method::Delete, "person"),
        (Method::Get, "personer"),
    ] {
        let answer = send(&app, method, path, Call::default()).await;
        assert_eq!(answer.status, Status::NotFound);
        assert_eq!(answer.json()["error"], "invalid_request");
    }
}

#[rocket::async_test]
async fn discovery_lists_the_register_scopes_and_consent_describes_them() {
    let app = krr_app().await;
    let metadata = app.discovery().await;
    let supported = metadata["scopes_supported"].as_array().unwrap();
    for scope in format!("{USER_READ} user/spraak.write {GLOBAL_READ}").split(' ') {
        assert!(supported.contains(&json!(scope)), "{scope} not in {supported:?}");
    }

    let expected = [
        ("nb", "E-postadressen og mobilnummeret ditt"),
        ("nn", "E-postadressa og mobilnummeret ditt"),
        ("en", "Your e-mail address and mobile number"),
        ("se", "Du e-poastačujuhus ja mobiilatelefonnummir"),
    ];
    for (lang, text) in expected {
        let scope = format!("openid {USER_READ} user/spraak.write");
        let outcome = app
            .follow(app.authorize(&[("scope", &scope), ("ui_locales", lang)]).await)
            .await;
        let mut page = outcome.page();
        if page.contains("name=\"password\"") {
            page = app
                .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
                .await
                .page();
        }
        assert!(page.contains("value=\"allow\""), "no consent page");
        assert_eq!(html_lang(&page), lang);
        assert!(page.contains(text), "{lang}: {page}");
        assert!(
            !page.contains("<span class=\"scope-description\"></span>"),
            "{lang}: a scope without a description"
        );
    }
}

fn porten_cli(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_porten"));
    command.current_dir(dir).args(args).stdin(Stdio::null());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PORTEN_") {
            command.env_remove(&key);
        }
    }
    let output = command
        .env_remove("RUST_LOG")
        .env("PORTEN_PROFILE", "dev")
        .env("PORTEN_DATABASE_URL", database_url(dir))
        .output()
        .expect("porten runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("porten.db").display())
}

async fn stored(dir: &Path, pids: &[&str]) -> Vec<porten::krr::core::KrrPerson> {
    let store = porten::store::Store::connect(&database_url(dir)).await.unwrap();
    store.migrate().await.unwrap();
    let pids: Vec<String> = pids.iter().map(|p| p.to_string()).collect();
    let mut found = store.krr_persons(&pids).await.unwrap();
    found.sort_by(|a, b| a.pid.cmp(&b.pid));
    found
}

#[rocket::async_test]
async fn krr_import_loads_what_the_api_returns_and_a_bad_file_writes_nothing() {
    // What the API answers for Kari, Nils and an unknown pid...
    let app = krr_app().await;
    let token = server_token(&app, GLOBAL_READ).await;
    let mut exported = post_personer(&app, &token, json!([KARI, NILS, UNKNOWN])).await.json();
    // ...imported as two other persons; the unknown one is skipped.
    exported["personer"][0]["personidentifikator"] = json!(OLA);
    exported["personer"][1]["personidentifikator"] = json!(AILE);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("personer.json");
    std::fs::write(&file, exported.to_string()).unwrap();
    let (ok, out, err) = porten_cli(dir.path(), &["krr", "import", file.to_str().unwrap()]);
    assert!(ok, "{err}");
    let summary: Value = serde_json::from_str(&out).expect("JSON summary");
    assert_eq!(summary, json!({ "imported": 2, "skipped_ikke_registrert": 1 }));
    let rows = stored(dir.path(), &[OLA, AILE, UNKNOWN]).await;
    assert_eq!(rows.len(), 2);
    let kari = app.store().krr_person(KARI).await.unwrap().unwrap();
    let as_ola = &rows[0];
    assert_eq!(as_ola.pid, OLA);
    assert_eq!(as_ola.epostadresse, kari.epostadresse);
    assert_eq!(as_ola.epostadresse_sist_verifisert, kari.epostadresse_sist_verifisert);
    assert_eq!(as_ola.sertifikat, kari.sertifikat);
    assert_eq!(as_ola.spraak_oppdatert, kari.spraak_oppdatert);
    assert_eq!(rows[1].reservasjon, porten::domain::Reservasjon::Ja);

    // A bad file changes nothing: not even its good persons are written.
    let fresh = tempfile::tempdir().unwrap();
    let bad_files = [
        (
            json!({ "personer": [
                { "personidentifikator": KARI, "spraak": "nb" },
                { "personidentifikator": "12345678901" },
                { "personidentifikator": SIRI, "kontaktinformasjon": { "epostadresse": "siri@example.com", "epostadresse_oppdatert": "last year" } },
            ] }),
            vec!["personer[1]", "personer[2]", "epostadresse_oppdatert"],
        ),
        (
            json!({ "personer": [{ "personidentifikator": KARI }, { "personidentifikator": KARI }] }),
            vec!["personer[1]", "more than once"],
        ),
        (
            json!({ "personer": [{ "personidentifikator": KARI, "status": "BORTE" }] }),
            vec!["BORTE"],
        ),
        (json!([{ "personidentifikator": KARI }]), vec!["personer"]),
    ];
    for (content, says) in bad_files {
        let file = fresh.path().join("bad.json");
        std::fs::write(&file, content.to_string()).unwrap();
        let (ok, out, err) = porten_cli(fresh.path(), &["krr", "import", file.to_str().unwrap()]);
        assert!(!ok, "accepted {content}: {out}");
        for text in says {
            assert!(err.contains(text), "{text} not in {err}");
        }
        assert!(stored(fresh.path(), &[KARI, SIRI]).await.is_empty());
    }
    let (ok, _, err) = porten_cli(fresh.path(), &["krr", "import", "/nonexistent/file.json"]);
    assert!(!ok && err.contains("cannot read"), "{err}");
}
