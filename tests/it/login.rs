use rocket::http::Status;

use super::*;

#[rocket::async_test]
async fn the_login_page_has_the_contract_fields() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    assert!(page.contains("<html lang=\"nb\""));
    for needle in [
        "name=\"pid\" type=\"text\" autocomplete=\"username\"",
        "name=\"password\" type=\"password\" autocomplete=\"current-password\"",
        "name=\"action\" value=\"login\"",
        "name=\"action\" value=\"cancel\" formnovalidate",
        "name=\"action\" value=\"testid\"",
        "name=\"csrf\"",
        "Skatteetaten test",
        "bokmål",
        "nynorsk",
        "English",
        "davvisámegiella",
    ] {
        assert!(page.contains(needle), "login page lacks {needle}");
    }
    assert!(!page.contains("name=\"otp\""), "Level3 needs no code");
}

#[rocket::async_test]
async fn login_and_consent_give_a_code_with_state_and_iss() {
    let app = TestApp::new().await;
    let outcome = app.follow(app.authorize(&[]).await).await;
    let page = outcome.page();
    let consent = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await
        .page();
    assert!(
        consent.contains("value=\"allow\"") && consent.contains("value=\"deny\""),
        "{consent}"
    );
    assert!(consent.contains("Fødselsnummeret ditt"), "translated scope description");
    let params = app.submit(&consent, "allow", &[]).await.redirect_params();
    assert!(params["code"].len() >= 43);
    assert_eq!(params["state"], "st-1");
    assert_eq!(params["iss"], ISSUER);
}

#[rocket::async_test]
async fn a_wrong_password_or_unknown_pid_gives_the_same_message() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    let wrong_password = app
        .submit(&page, "login", &[("pid", PID), ("password", "wrong")])
        .await
        .page();
    let unknown_pid = app
        .submit(
            &wrong_password,
            "login",
            &[("pid", "01019010046"), ("password", PASSWORD)],
        )
        .await
        .page();
    let invalid_pid = app
        .submit(&unknown_pid, "login", &[("pid", "123"), ("password", PASSWORD)])
        .await
        .page();
    for page in [&wrong_password, &unknown_pid, &invalid_pid] {
        assert!(page.contains("role=\"alert\" id=\"login-error\""), "{page}");
        assert!(page.contains("Innloggingen mislyktes"));
        assert!(page.contains("aria-invalid=\"true\""));
    }
}

#[rocket::async_test]
async fn cancel_returns_access_denied() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    let params = app.submit(&page, "cancel", &[]).await.redirect_params();
    assert_eq!(params["error"], "access_denied");
    assert_eq!(params["state"], "st-1");
    assert_eq!(params["iss"], ISSUER);
}

#[rocket::async_test]
async fn deny_on_the_consent_page_returns_access_denied() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    let consent = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await
        .page();
    let params = app.submit(&consent, "deny", &[]).await.redirect_params();
    assert_eq!(params["error"], "access_denied");
}

#[rocket::async_test]
async fn forms_without_a_valid_csrf_token_are_refused() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[]).await).await.page();
    let rid = input_value(&page, "rid").unwrap();
    let response = app
        .post_form(
            format!("{BASE}login"),
            &[
                ("rid", &rid),
                ("csrf", "forged"),
                ("action", "login"),
                ("pid", PID),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(response.status(), Status::Forbidden);
    let response = app
        .post_form(format!("{BASE}login"), &[("rid", &rid), ("action", "login")])
        .await;
    assert_eq!(response.status(), Status::Forbidden);
}

#[rocket::async_test]
async fn another_browser_cannot_use_a_pending_request() {
    let app = TestApp::new().await;
    let response = app.authorize(&[]).await;
    let login = response.headers().get_one("Location").unwrap().to_owned();
    let other = Browser::untracked(porten::rocket(porten::app(app.config.clone()).await.unwrap()))
        .await
        .unwrap();
    let response = other.get(login).dispatch().await;
    assert_eq!(response.status(), Status::BadRequest);
}

#[rocket::async_test]
async fn session_cookie_is_http_only_and_lax() {
    let app = TestApp::new().await;
    let page = app.follow(app.authorize(&[("scope", "openid")]).await).await.page();
    let form_action = format!("{BASE}login");
    let rid = input_value(&page, "rid").unwrap();
    let csrf = input_value(&page, "csrf").unwrap();
    let response = app
        .post_form(
            form_action,
            &[
                ("rid", &rid),
                ("csrf", &csrf),
                ("action", "login"),
                ("pid", PID),
                ("password", PASSWORD),
            ],
        )
        .await;
    let cookies: Vec<String> = response.headers().get("Set-Cookie").map(str::to_owned).collect();
    let session = cookies
        .iter()
        .find(|c| c.starts_with("porten_session="))
        .expect("session cookie");
    assert!(
        session.contains("HttpOnly") && session.contains("SameSite=Lax"),
        "{session}"
    );
}

#[rocket::async_test]
async fn a_second_authorize_skips_login_and_remembers_consent() {
    let app = TestApp::new().await;
    app.login_flow(&[]).await.redirect_params();
    let params = app
        .follow(app.authorize(&[("state", "second")]).await)
        .await
        .redirect_params();
    assert!(params.contains_key("code"));
    assert_eq!(params["state"], "second");
    let params = app
        .follow(app.authorize(&[("prompt", "none"), ("state", "silent")]).await)
        .await
        .redirect_params();
    assert!(params.contains_key("code"), "{params:?}");
}

#[rocket::async_test]
async fn prompt_login_and_max_age_force_a_new_login() {
    let app = TestApp::new().await;
    app.login_flow(&[]).await.redirect_params();
    let page = app.follow(app.authorize(&[("prompt", "login")]).await).await.page();
    assert!(page.contains("name=\"password\""));
    let params = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await
        .redirect_params();
    assert!(
        params.contains_key("code"),
        "after the forced login the flow completes: {params:?}"
    );
    // OIDC Core 3.1.2.1: max_age=0 is prompt=login, even in the second of the login.
    let page = app.follow(app.authorize(&[("max_age", "0")]).await).await.page();
    assert!(page.contains("name=\"password\""));
    let params = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await
        .redirect_params();
    assert!(params.contains_key("code"), "the login satisfies max_age=0: {params:?}");
}

#[rocket::async_test]
async fn prompt_consent_asks_again_and_prompt_none_reports_what_is_missing() {
    let app = TestApp::new().await;
    app.login_flow(&[("scope", "openid")]).await.redirect_params();
    let params = app
        .follow(app.authorize(&[("prompt", "none")]).await)
        .await
        .redirect_params();
    assert_eq!(params["error"], "consent_required");
    app.login_flow(&[]).await;
    let page = app.follow(app.authorize(&[("prompt", "consent")]).await).await.page();
    assert!(page.contains("value=\"allow\""));
}

#[rocket::async_test]
async fn a_new_consent_adds_to_what_was_granted_before() {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.scopes = vec!["openid".into(), "profile".into(), "user/spraak.read".into()];
    app.register(client).await;
    app.login_flow(&[("scope", "openid profile")]).await.redirect_params();
    app.login_flow(&[("scope", "openid user/spraak.read")])
        .await
        .redirect_params();
    for scope in [
        "openid profile",
        "openid user/spraak.read",
        "openid profile user/spraak.read",
    ] {
        let params = app
            .follow(app.authorize(&[("scope", scope), ("prompt", "none")]).await)
            .await
            .redirect_params();
        assert!(params.contains_key("code"), "{scope}: {params:?}");
    }
}

#[rocket::async_test]
async fn testid_logs_in_at_the_level_asked_for() {
    let app = TestApp::new().await;
    let page = app
        .follow(app.authorize(&[("acr_values", "Level4"), ("scope", "openid")]).await)
        .await
        .page();
    assert!(page.contains("name=\"otp\" type=\"text\" autocomplete=\"one-time-code\""));
    let refused = app.submit(&page, "testid", &[("pid", "01019010046")]).await.page();
    assert!(refused.contains("id=\"login-error\""), "a real person's pid is refused");
    let params = app
        .submit(&refused, "testid", &[("pid", "01819000049")])
        .await
        .redirect_params();
    let (_, tokens) = app.redeem(&params["code"]).await;
    let claims = decode_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["acr"], "Level4");
    assert_eq!(claims["amr"], serde_json::json!(["TestID"]));
    assert_eq!(claims["pid"], "01819000049");
}

#[rocket::async_test]
async fn level4_needs_the_one_time_code() {
    let app = TestApp::new().await;
    let page = app
        .follow(app.authorize(&[("acr_values", "Level4"), ("scope", "openid")]).await)
        .await
        .page();
    let page = app
        .submit(
            &page,
            "login",
            &[("pid", PID), ("password", PASSWORD), ("otp", "000000")],
        )
        .await
        .page();
    assert!(page.contains("login-error"));
    let code = porten::crypto::totp_at(&otp_secret(), porten::web::now() / 30);
    let params = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD), ("otp", &code)])
        .await
        .redirect_params();
    let (_, tokens) = app.redeem(&params["code"]).await;
    let claims = decode_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["acr"], "Level4");
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]));
}

#[rocket::async_test]
async fn a_password_session_steps_up_to_level4_with_the_code_only() {
    let app = TestApp::new().await;
    let (_, first) = app.redeem(&app.code(&[("scope", "openid")]).await).await;
    let first = decode_claims(first["id_token"].as_str().unwrap());
    assert_eq!(first["acr"], "Level3");
    let page = app
        .follow(app.authorize(&[("acr_values", "Level4"), ("scope", "openid")]).await)
        .await
        .page();
    assert!(page.contains("name=\"otp\""), "the code is asked");
    assert!(!page.contains("name=\"password\""), "the password is not asked again");
    let page = app.submit(&page, "login", &[("otp", "000000")]).await.page();
    assert!(page.contains("id=\"login-error\""), "a wrong code is refused");
    assert!(!page.contains("name=\"password\""));
    let code = porten::crypto::totp_at(&otp_secret(), porten::web::now() / 30);
    let params = app
        .submit(&page, "login", &[("otp", &code), ("pid", "01019010046")])
        .await
        .redirect_params();
    let (_, tokens) = app.redeem(&params["code"]).await;
    let claims = decode_claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(claims["acr"], "Level4");
    assert_eq!(claims["amr"], serde_json::json!(["pwd", "otp"]));
    assert_eq!(claims["sub"], first["sub"], "a typed pid cannot switch citizens");
    assert_eq!(claims["sid"], first["sid"], "the session goes on");
    let page = app
        .follow(app.authorize(&[("acr_values", "Level4"), ("prompt", "login")]).await)
        .await
        .page();
    assert!(page.contains("name=\"password\""), "prompt=login asks for everything");
}

#[rocket::async_test]
async fn ui_locales_and_the_switcher_pick_the_language() {
    let app = TestApp::new().await;
    for (tag, lang) in [("nn-NO", "nn"), ("se", "se"), ("en-GB", "en"), ("de no", "nb")] {
        let page = app.follow(app.authorize(&[("ui_locales", tag)]).await).await.page();
        assert_eq!(html_lang(&page), lang, "ui_locales={tag}");
    }
    let page = app.follow(app.authorize(&[("ui_locales", "nn")]).await).await.page();
    let rid = input_value(&page, "rid").unwrap();
    let page = app
        .get(format!("{BASE}login?rid={rid}&lang=en"))
        .await
        .into_string()
        .await
        .unwrap();
    assert_eq!(html_lang(&page), "en", "a language picked on the page beats ui_locales");
    let page = app
        .get(format!("{BASE}login?rid={rid}&lang=xx"))
        .await
        .into_string()
        .await
        .unwrap();
    assert_eq!(html_lang(&page), "en", "unknown languages are ignored");
    let params = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await;
    let params = app.submit(&params.page(), "allow", &[]).await.redirect_params();
    let (_, tokens) = app.redeem(&params["code"]).await;
    assert_eq!(decode_claims(tokens["id_token"].as_str().unwrap())["locale"], "en");
    let page = app.follow(app.authorize(&[("client_id", "nobody")]).await).await;
    assert_eq!(html_lang(&page.page()), "en", "the cookie remembers the pick");
}

#[rocket::async_test]
async fn the_form_post_answer_carries_the_code() {
    let app = TestApp::new().await;
    let outcome = app.login_flow(&[("response_mode", "form_post")]).await;
    let Outcome::Page(status, page) = outcome else {
        panic!("expected the form_post page")
    };
    assert_eq!(status, Status::Ok);
    let fields = form_post_fields(&page);
    assert!(fields["code"].len() >= 43);
    assert_eq!(fields["state"], "st-1");
    assert_eq!(fields["iss"], ISSUER);
    assert!(page.contains("form_post.js"));
    assert!(!page.contains("<script>"), "no inline script");
    let nn_link = page
        .split("<a href=\"")
        .skip(1)
        .map(|rest| html_unescape(&rest[..rest.find('"').unwrap()]))
        .find(|href| href.contains("lang=nn"))
        .unwrap_or_else(|| panic!("a switcher link to nn in {page}"));
    assert!(
        nn_link.starts_with(&format!("{BASE}authorize/resume?rid=")),
        "{nn_link}"
    );
    assert!(
        !nn_link.contains("redirect_uri"),
        "the request stays on the server: {nn_link}"
    );
    let Outcome::Page(_, again) = app.follow(app.get(nn_link).await).await else {
        panic!("the form_post page again")
    };
    assert_eq!(html_lang(&again), "nn", "the same request, in the language picked");
    assert_ne!(form_post_fields(&again)["code"], fields["code"]);
}

#[rocket::async_test]
async fn the_demo_callback_takes_query_and_form_post_answers() {
    let app = TestApp::new().await;
    let page = app.get(format!("{BASE}demo/callback?code=c-from-query")).await;
    assert_eq!(page.status(), Status::Ok);
    assert!(page.into_string().await.unwrap().contains("c-from-query"));
    let page = app
        .post_form(
            format!("{BASE}demo/callback"),
            &[("code", "c-from-form"), ("iss", ISSUER)],
        )
        .await;
    assert_eq!(page.status(), Status::Ok);
    assert!(page.into_string().await.unwrap().contains("c-from-form"));
}

pub fn decode_claims(jwt: &str) -> serde_json::Value {
    let payload = jwt.split('.').nth(1).unwrap();
    serde_json::from_slice(&porten::crypto::b64url_decode(payload).unwrap()).unwrap()
}

fn otp_secret() -> Vec<u8> {
    data_encoding::BASE32_NOPAD
        .decode(porten::seed::TEST_OTP_SECRET.as_bytes())
        .unwrap()
}
