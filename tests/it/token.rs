use rocket::http::{ContentType, Header, Status};

use super::login::decode_claims;
use super::*;

#[rocket::async_test]
async fn a_code_redeems_for_tokens_with_every_id_token_claim() {
    let app = TestApp::new().await;
    let code = app.code(&[]).await;
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .header(basic("rp", SECRET))
        .body(encode(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", REDIRECT),
        ]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
    assert_eq!(response.headers().get_one("Cache-Control"), Some("no-store"));
    let tokens: serde_json::Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
    assert_eq!(tokens["token_type"], "Bearer");
    assert_eq!(tokens["expires_in"], 120);
    assert!(
        tokens.get("refresh_token").is_none(),
        "the client has no refresh_token grant"
    );
    let id_token = tokens["id_token"].as_str().unwrap();
    let header: serde_json::Value =
        serde_json::from_slice(&porten::crypto::b64url_decode(id_token.split('.').next().unwrap()).unwrap()).unwrap();
    assert_eq!(header["alg"], "RS256");
    assert!(header["kid"].is_string());
    let claims = decode_claims(id_token);
    assert_eq!(claims["iss"], ISSUER);
    assert_eq!(claims["aud"], "rp");
    assert_eq!(claims["pid"], PID);
    assert_eq!(claims["acr"], "Level3");
    assert_eq!(claims["amr"], serde_json::json!(["pwd"]));
    assert_eq!(claims["nonce"], "n-1");
    assert_eq!(claims["locale"], "nb");
    assert_eq!(
        claims["at_hash"],
        porten::crypto::at_hash(tokens["access_token"].as_str().unwrap())
    );
    assert_eq!(claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(), 120);
    for claim in ["sub", "auth_time", "sid", "jti"] {
        assert!(!claims[claim].is_null(), "{claim}");
    }
    assert_ne!(claims["sub"], PID, "sub is pairwise, not the pid");
}

#[rocket::async_test]
async fn pairwise_sub_is_stable_per_sector_and_differs_across() {
    let app = TestApp::new().await;
    let mut other = rp_client();
    other.client_id = "other".into();
    app.register(other.clone()).await;
    let mut same_sector = rp_client();
    same_sector.client_id = "sibling".into();
    same_sector.sector = Some("rp".into());
    app.register(same_sector).await;
    let sub_of = |tokens: serde_json::Value| decode_claims(tokens["id_token"].as_str().unwrap())["sub"].clone();
    let first = sub_of(app.redeem(&app.code(&[]).await).await.1);
    let again = sub_of(app.redeem(&app.code(&[]).await).await.1);
    assert_eq!(first, again);
    for (client_id, same) in [("other", false), ("sibling", true)] {
        let params = app.login_flow(&[("client_id", client_id)]).await.redirect_params();
        let response = app
            .browser
            .post(format!("{BASE}token"))
            .header(ContentType::Form)
            .header(basic(client_id, SECRET))
            .body(encode(&[
                ("grant_type", "authorization_code"),
                ("code", &params["code"]),
                ("redirect_uri", REDIRECT),
            ]))
            .dispatch()
            .await;
        let tokens: serde_json::Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
        assert_eq!(sub_of(tokens) == first, same, "{client_id}");
    }
}

#[rocket::async_test]
async fn a_second_use_of_a_code_fails_and_revokes_what_the_first_issued() {
    let app = TestApp::new().await;
    let code = app.code(&[]).await;
    let (status, tokens) = app.redeem(&code).await;
    assert_eq!(status, Status::Ok);
    let access = tokens["access_token"].as_str().unwrap().to_owned();
    let browser = &app.browser;
    let userinfo = |token: String| async move {
        browser
            .get(format!("{BASE}userinfo"))
            .header(Header::new("Authorization", format!("Bearer {token}")))
            .dispatch()
            .await
            .status()
    };
    assert_eq!(userinfo(access.clone()).await, Status::Ok);
    let (status, error) = app.redeem(&code).await;
    assert_eq!(status, Status::BadRequest);
    assert_eq!(error["error"], "invalid_grant");
    assert_eq!(userinfo(access).await, Status::Unauthorized);
}

#[rocket::async_test]
async fn concurrent_redemptions_of_one_code_succeed_at_most_once() {
    let app = TestApp::new().await;
    for _ in 0..10 {
        let code = app.code(&[]).await;
        let (a, b) = tokio::join!(app.redeem(&code), app.redeem(&code));
        let successes = [a.0, b.0].iter().filter(|s| **s == Status::Ok).count();
        assert!(successes <= 1, "both redemptions succeeded");
        assert!([a.0, b.0].contains(&Status::BadRequest));
    }
}

#[rocket::async_test]
async fn client_authentication_failures_are_401_with_www_authenticate() {
    let app = TestApp::new().await;
    let code = app.code(&[]).await;
    let form = encode(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
    ]);
    for auth in [
        basic("rp", "wrong"),
        basic("nobody", SECRET),
        Header::new("Authorization", "Basic !!!"),
    ] {
        let response = app
            .browser
            .post(format!("{BASE}token"))
            .header(ContentType::Form)
            .header(auth)
            .body(form.clone())
            .dispatch()
            .await;
        assert_eq!(response.status(), Status::Unauthorized);
        assert!(response.headers().get_one("WWW-Authenticate").is_some());
        let body: serde_json::Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
        assert_eq!(body["error"], "invalid_client");
    }
    // client_secret_post is not this client's registered method.
    let post = encode(&[
        ("grant_type", "authorization_code"),
        ("code", &code),
        ("redirect_uri", REDIRECT),
        ("client_id", "rp"),
        ("client_secret", SECRET),
    ]);
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .body(post)
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Unauthorized);
    // The code was never consumed by the failed attempts.
    assert_eq!(app.redeem(&code).await.0, Status::Ok);
}

#[rocket::async_test]
async fn basic_credentials_are_form_urldecoded() {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.client_id = "rp:odd id".into();
    client.secret_hash = Some(porten::crypto::token_hash("s3cret+/%"));
    app.register(client).await;
    let params = app.login_flow(&[("client_id", "rp:odd id")]).await.redirect_params();
    let id = url::form_urlencoded::byte_serialize(b"rp:odd id").collect::<String>();
    let secret = url::form_urlencoded::byte_serialize(b"s3cret+/%").collect::<String>();
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .header(basic(&id, &secret))
        .body(encode(&[
            ("grant_type", "authorization_code"),
            ("code", &params["code"]),
            ("redirect_uri", REDIRECT),
        ]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
}

#[rocket::async_test]
async fn secrets_with_reserved_characters_work_encoded_or_as_sent() {
    let app = TestApp::new().await;
    for secret in ["a&b=c-secret", "a+b%41-secret"] {
        let mut client = rp_client();
        client.secret_hash = Some(porten::crypto::token_hash(secret));
        app.register(client).await;
        let encoded = url::form_urlencoded::byte_serialize(secret.as_bytes()).collect::<String>();
        for sent in [encoded.as_str(), secret] {
            let response = app
                .browser
                .post(format!("{BASE}tokeninfo"))
                .header(ContentType::Form)
                .header(basic("rp", sent))
                .body(encode(&[("token", "none")]))
                .dispatch()
                .await;
            assert_eq!(response.status(), Status::Ok, "{secret} sent as {sent}");
        }
    }
    let response = app
        .browser
        .post(format!("{BASE}tokeninfo"))
        .header(ContentType::Form)
        .header(basic("rp", "a+b-secret"))
        .body(encode(&[("token", "none")]))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Unauthorized, "a wrong secret stays wrong");
}

#[rocket::async_test]
async fn code_binding_is_checked() {
    let app = TestApp::new().await;
    let code = app.code(&[]).await;
    let (status, error) = app
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://rp.example/other"),
        ])
        .await;
    assert_eq!(
        (status, error["error"].as_str()),
        (Status::BadRequest, Some("invalid_grant"))
    );
    let (_, error) = app
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", "made-up"),
            ("redirect_uri", REDIRECT),
        ])
        .await;
    assert_eq!(error["error"], "invalid_grant");
    let (_, error) = app
        .token(&[("grant_type", "authorization_code"), ("redirect_uri", REDIRECT)])
        .await;
    assert_eq!(error["error"], "invalid_request");
    let (_, error) = app.token(&[("grant_type", "password")]).await;
    assert_eq!(error["error"], "unsupported_grant_type");
    let (_, error) = app
        .token(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .await;
    assert_eq!(error["error"], "unauthorized_client");
    let (_, error) = app.token(&[]).await;
    assert_eq!(error["error"], "invalid_request");
}

#[rocket::async_test]
async fn a_refused_redemption_leaves_the_code_to_its_client() {
    let app = TestApp::new().await;
    let mut other = rp_client();
    other.client_id = "other".into();
    app.register(other).await;
    let code = app.code(&[]).await;
    let pairs = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .header(basic("other", SECRET))
        .body(encode(&pairs))
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::BadRequest, "another client's code");
    let (status, _) = app
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", "https://rp.example/other"),
        ])
        .await;
    assert_eq!(status, Status::BadRequest, "a wrong redirect_uri");
    let (status, tokens) = app.redeem(&code).await;
    assert_eq!(status, Status::Ok, "the rightful redemption still works: {tokens}");
}

#[rocket::async_test]
async fn pkce_is_verified() {
    let app = TestApp::new().await;
    let verifier = "dBjftJeZ4CVP-mJ92K1y0uYeIUbkA8WdNjcBFbXpZEw";
    let challenge = "O4hGS_-apxllkbydzcM9mQ3p_D_oiPcgAOGqvrhxWlE";
    let pkce = [("code_challenge", challenge), ("code_challenge_method", "S256")];
    let code = app.code(&pkce).await;
    let base = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
    ];
    let (_, error) = app.token(&base).await;
    assert_eq!(error["error"], "invalid_grant", "a verifier is required");
    let code = app.code(&pkce).await;
    let wrong = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", &"a".repeat(43)),
    ];
    assert_eq!(app.token(&wrong).await.1["error"], "invalid_grant");
    let code = app.code(&pkce).await;
    let right = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ];
    assert_eq!(app.token(&right).await.0, Status::Ok);
    let code = app.code(&[]).await;
    let unexpected = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("redirect_uri", REDIRECT),
        ("code_verifier", verifier),
    ];
    assert_eq!(app.token(&unexpected).await.1["error"], "invalid_grant");
}

#[rocket::async_test]
async fn public_clients_authenticate_with_pkce_alone() {
    let app = TestApp::new().await;
    let mut client = rp_client();
    client.client_id = "spa".into();
    client.secret_hash = None;
    client.token_endpoint_auth_method = porten::domain::AuthMethod::None;
    app.register(client).await;
    let verifier = "dBjftJeZ4CVP-mJ92K1y0uYeIUbkA8WdNjcBFbXpZEw";
    let params = app
        .login_flow(&[
            ("client_id", "spa"),
            ("code_challenge", "O4hGS_-apxllkbydzcM9mQ3p_D_oiPcgAOGqvrhxWlE"),
            ("code_challenge_method", "S256"),
        ])
        .await
        .redirect_params();
    let form = encode(&[
        ("grant_type", "authorization_code"),
        ("code", &params["code"]),
        ("redirect_uri", REDIRECT),
        ("client_id", "spa"),
        ("code_verifier", verifier),
    ]);
    let response = app
        .browser
        .post(format!("{BASE}token"))
        .header(ContentType::Form)
        .body(form)
        .dispatch()
        .await;
    assert_eq!(response.status(), Status::Ok);
}

#[rocket::async_test]
async fn malformed_requests_are_400_json_never_500() {
    let app = TestApp::new().await;
    let cases: Vec<(ContentType, Vec<u8>)> = vec![
        (ContentType::JSON, br#"{"grant_type":"authorization_code"}"#.to_vec()),
        (ContentType::Form, vec![0xff, 0xfe, 0x00]),
        (ContentType::Form, vec![b'a'; 200 * 1024]),
        (
            ContentType::Form,
            b"grant_type=authorization_code&grant_type=refresh_token".to_vec(),
        ),
        (ContentType::Form, b"%%%=&&&==".to_vec()),
    ];
    for (content_type, body) in cases {
        let response = app
            .browser
            .post(format!("{BASE}token"))
            .header(content_type)
            .header(basic("rp", SECRET))
            .body(body)
            .dispatch()
            .await;
        assert!(
            response.status() == Status::BadRequest || response.status() == Status::Unauthorized,
            "{}",
            response.status()
        );
        let body: serde_json::Value = serde_json::from_str(&response.into_string().await.unwrap()).unwrap();
        assert!(body["error"].is_string());
    }
}
