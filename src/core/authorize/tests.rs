use super::*;

fn client() -> Client {
    let mut client = Client::new("app");
    client.redirect_uris = vec!["https://app.example/cb".into()];
    client
}

fn params(extra: &str) -> Params {
    Params::parse(&format!(
        "client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&scope=openid+profile&state=s1{extra}"
    ))
}

fn validate_with(extra: &str) -> Result<AuthorizeRequest, AuthorizeError> {
    validate(&params(extra), Some(&client()), &Levels::default())
}

fn error_code(result: Result<AuthorizeRequest, AuthorizeError>) -> ErrorCode {
    match result {
        Err(AuthorizeError::Redirect(reply, error)) => {
            assert_eq!(reply.state.as_deref(), Some("s1"));
            error.code
        }
        other => panic!("expected a redirect error, got {other:?}"),
    }
}

#[test]
fn a_plain_request_is_valid() {
    let request = validate_with("").unwrap();
    assert_eq!(request.acr, Acr::Level3);
    assert_eq!(request.reply.response_mode, ResponseMode::Query);
}

#[test]
fn redirect_uri_must_match_exactly() {
    let p =
        Params::parse("client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb%2F&response_type=code&scope=openid");
    assert_eq!(
        validate(&p, Some(&client()), &Levels::default()),
        Err(AuthorizeError::Page(NoRedirect::UnregisteredRedirectUri))
    );
    let p = Params::parse("client_id=app&response_type=code&scope=openid");
    assert_eq!(
        validate(&p, Some(&client()), &Levels::default()),
        Err(AuthorizeError::Page(NoRedirect::MissingRedirectUri))
    );
    assert_eq!(
        validate(&params(""), None, &Levels::default()),
        Err(AuthorizeError::Page(NoRedirect::UnknownClient))
    );
}

#[test]
fn rule_violations_redirect_with_their_codes() {
    assert_eq!(
        error_code(validate_with("&response_type=token")),
        ErrorCode::InvalidRequest
    );
    let p = Params::parse(
        "client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=token&scope=openid&state=s1",
    );
    assert_eq!(
        error_code(validate(&p, Some(&client()), &Levels::default())),
        ErrorCode::UnsupportedResponseType
    );
    assert_eq!(
        error_code(validate_with("&prompt=none+login")),
        ErrorCode::InvalidRequest
    );
    assert_eq!(
        error_code(validate_with("&request=eyJ")),
        ErrorCode::RequestNotSupported
    );
    assert_eq!(
        error_code(validate_with("&code_challenge=abc")),
        ErrorCode::InvalidRequest
    );
    assert_eq!(error_code(validate_with("&max_age=-1")), ErrorCode::InvalidRequest);
    let p = Params::parse(
        "client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&scope=openid+email&state=s1",
    );
    assert_eq!(
        error_code(validate(&p, Some(&client()), &Levels::default())),
        ErrorCode::InvalidScope
    );
}

#[test]
fn server_scopes_never_come_from_a_login() {
    let mut client = client();
    client.scopes = vec!["openid".into(), "global/kontaktinformasjon.read".into()];
    let p = Params::parse(
        "client_id=app&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&response_type=code&scope=openid+global%2Fkontaktinformasjon.read&state=s1",
    );
    assert_eq!(
        error_code(validate(&p, Some(&client), &Levels::default())),
        ErrorCode::InvalidScope
    );
}

#[test]
fn acr_values_pick_the_lowest_known_level() {
    assert_eq!(validate_with("&acr_values=Level4+Level3").unwrap().acr, Acr::Level3);
    assert_eq!(validate_with("&acr_values=Level4+Level9").unwrap().acr, Acr::Level4);
}

fn session(acr: Acr, auth_time: i64) -> SsoSession {
    SsoSession {
        sid: "sid".into(),
        pid: "01019010046".into(),
        acr,
        amr: vec![Amr::Pwd],
        auth_time,
    }
}

fn situation<'a>(session: Option<&'a SsoSession>, consented: Option<&'a Scopes>) -> Situation<'a> {
    Situation {
        session,
        fresh_login: false,
        hint_matches: false,
        consented,
        consent_given: false,
        now: 1000,
    }
}

#[test]
fn sessions_decide_login_consent_or_issue() {
    let request = validate_with("").unwrap();
    let s = session(Acr::Level3, 900);
    let granted = Scopes::parse("profile");
    assert_eq!(next_step(&request, &situation(None, None)), Next::Login);
    assert_eq!(next_step(&request, &situation(Some(&s), None)), Next::Consent);
    assert_eq!(next_step(&request, &situation(Some(&s), Some(&granted))), Next::Issue);
    let step_up = validate_with("&acr_values=Level4").unwrap();
    assert_eq!(next_step(&step_up, &situation(Some(&s), Some(&granted))), Next::Login);
    let old = validate_with("&max_age=50").unwrap();
    assert_eq!(next_step(&old, &situation(Some(&s), Some(&granted))), Next::Login);
    let none = validate_with("&prompt=none").unwrap();
    assert!(matches!(next_step(&none, &situation(None, None)), Next::Fail(e) if e.code == ErrorCode::LoginRequired));
    assert!(
        matches!(next_step(&none, &situation(Some(&s), None)), Next::Fail(e) if e.code == ErrorCode::ConsentRequired)
    );
    let login = validate_with("&prompt=login").unwrap();
    assert_eq!(next_step(&login, &situation(Some(&s), Some(&granted))), Next::Login);
    let mut fresh = situation(Some(&s), Some(&granted));
    fresh.fresh_login = true;
    assert_eq!(next_step(&login, &fresh), Next::Issue);
}
