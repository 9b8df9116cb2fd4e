//! A real relying party: the `openidconnect` crate discovers porten, sends
//! the citizen through the code flow and checks what comes back.

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreProviderMetadata, CoreRevocableToken, CoreUserInfoClaims,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, HttpRequest, HttpResponse, IntrospectionUrl,
    IssuerUrl, Nonce, OAuth2TokenResponse, PkceCodeChallenge, RedirectUrl, RevocationUrl, Scope,
    TokenIntrospectionResponse, TokenResponse,
};
use rocket::http::{Header, Method};

use super::*;

/// Sends the library's HTTP requests to the local Rocket instance.
async fn dispatch(browser: &Browser, request: HttpRequest) -> Result<HttpResponse, std::io::Error> {
    let url = url::Url::parse(&request.uri().to_string()).map_err(std::io::Error::other)?;
    let target = match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    };
    let method = if request.method() == http::Method::POST {
        Method::Post
    } else {
        Method::Get
    };
    let mut local = browser.req(method, target);
    for (name, value) in request.headers() {
        local.add_header(Header::new(
            name.as_str().to_owned(),
            value.to_str().unwrap_or_default().to_owned(),
        ));
    }
    let response = local.body(request.body().clone()).dispatch().await;
    let mut builder = http::Response::builder().status(response.status().code);
    for header in response.headers().iter() {
        builder = builder.header(header.name().as_str(), header.value());
    }
    let body = response.into_bytes().await.unwrap_or_default();
    builder.body(body).map_err(std::io::Error::other)
}

async fn run_flow(response_mode: Option<&str>) {
    let app = TestApp::new().await;
    let http = |request: HttpRequest| dispatch(&app.browser, request);
    let issuer = IssuerUrl::new(ISSUER.to_owned()).unwrap();
    let metadata = CoreProviderMetadata::discover_async(issuer, &http)
        .await
        .expect("discovery");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new("rp".into()),
        Some(ClientSecret::new(SECRET.into())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap());
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let mut request = client
        .authorize_url(
            CoreAuthenticationFlow::AuthorizationCode,
            CsrfToken::new_random,
            Nonce::new_random,
        )
        .add_scope(Scope::new("profile".into()))
        .set_pkce_challenge(challenge);
    if let Some(mode) = response_mode {
        request = request.add_extra_param("response_mode", mode);
    }
    let (url, state, nonce) = request.url();
    let path = url.as_str().strip_prefix("http://127.0.0.1:8080").unwrap().to_owned();

    let page = app.follow(app.get(path).await).await.page();
    let consent = app
        .submit(&page, "login", &[("pid", PID), ("password", PASSWORD)])
        .await
        .page();
    let answer = app.submit(&consent, "allow", &[]).await;
    let params = match answer {
        Outcome::Page(_, page) => form_post_fields(&page),
        redirect => redirect.redirect_params(),
    };
    assert_eq!(params["state"], *state.secret());
    assert_eq!(params["iss"], ISSUER);

    let tokens = client
        .exchange_code(AuthorizationCode::new(params["code"].clone()))
        .unwrap()
        .set_pkce_verifier(verifier)
        .request_async(&http)
        .await
        .expect("code exchange");
    let id_token = tokens.id_token().expect("an id_token");
    let verifier = client.id_token_verifier();
    let claims = id_token.claims(&verifier, &nonce).expect("a valid id_token");
    assert_eq!(claims.auth_context_ref().map(|acr| acr.as_str()), Some("Level3"));
    assert_eq!(claims.auth_method_refs().unwrap()[0].as_str(), "pwd");
    assert!(claims.auth_time().is_some());
    let expected_hash = AccessTokenHash::from_token(
        tokens.access_token(),
        id_token.signing_alg().unwrap(),
        id_token.signing_key(&verifier).unwrap(),
    )
    .unwrap();
    assert_eq!(claims.access_token_hash(), Some(&expected_hash));

    let userinfo: CoreUserInfoClaims = client
        .user_info(tokens.access_token().clone(), Some(claims.subject().clone()))
        .unwrap()
        .request_async(&http)
        .await
        .expect("userinfo");
    assert_eq!(userinfo.subject(), claims.subject());
}

#[rocket::async_test]
async fn openidconnect_completes_the_query_flow() {
    run_flow(None).await;
}

#[rocket::async_test]
async fn openidconnect_completes_the_form_post_flow() {
    run_flow(Some("form_post")).await;
}

#[rocket::async_test]
async fn openidconnect_refreshes_introspects_and_revokes() {
    // The library sends revocations to https endpoints only (RFC 7009 §2).
    const HTTPS_ISSUER: &str = "https://127.0.0.1:8080/idporten-oidc-provider/";
    let app = TestApp::with(|config| config.issuer = HTTPS_ISSUER.into()).await;
    let mut registered = rp_client();
    registered.grant_types = vec![
        porten::domain::GrantType::AuthorizationCode,
        porten::domain::GrantType::RefreshToken,
    ];
    app.register(registered).await;
    let http = |request: HttpRequest| dispatch(&app.browser, request);
    let metadata = CoreProviderMetadata::discover_async(IssuerUrl::new(HTTPS_ISSUER.into()).unwrap(), &http)
        .await
        .expect("discovery");
    let client = CoreClient::from_provider_metadata(
        metadata,
        ClientId::new("rp".into()),
        Some(ClientSecret::new(SECRET.into())),
    )
    .set_redirect_uri(RedirectUrl::new(REDIRECT.into()).unwrap())
    .set_introspection_url(IntrospectionUrl::new(format!("{HTTPS_ISSUER}tokeninfo")).unwrap())
    .set_revocation_url(RevocationUrl::new(format!("{HTTPS_ISSUER}revoke")).unwrap());

    let code = app.code(&[]).await;
    let tokens = client
        .exchange_code(AuthorizationCode::new(code))
        .unwrap()
        .request_async(&http)
        .await
        .expect("code exchange");
    let refresh_token = tokens.refresh_token().expect("a refresh token").clone();
    let refreshed = client
        .exchange_refresh_token(&refresh_token)
        .unwrap()
        .request_async(&http)
        .await
        .expect("refresh");
    let verifier = client.id_token_verifier();
    let first = tokens
        .id_token()
        .unwrap()
        .claims(&verifier, |_: Option<&Nonce>| Ok(()))
        .unwrap();
    let second = refreshed
        .id_token()
        .expect("a new id_token")
        .claims(&verifier, |_: Option<&Nonce>| Ok(()))
        .unwrap();
    assert_eq!(first.subject(), second.subject());
    assert_eq!(first.auth_time(), second.auth_time());

    let introspection = client
        .introspect(refreshed.access_token())
        .request_async(&http)
        .await
        .expect("introspection");
    assert!(introspection.active());
    assert_eq!(introspection.client_id().map(|id| id.as_str()), Some("rp"));

    let rotated = refreshed.refresh_token().expect("a rotated refresh token").clone();
    client
        .revoke_token(CoreRevocableToken::from(rotated.clone()))
        .unwrap()
        .request_async(&http)
        .await
        .expect("revocation");
    let introspection = client
        .introspect(refreshed.access_token())
        .request_async(&http)
        .await
        .expect("introspection");
    assert!(!introspection.active(), "revoking the refresh token ends the grant");
    assert!(
        client
            .exchange_refresh_token(&rotated)
            .unwrap()
            .request_async(&http)
            .await
            .is_err(),
        "a revoked refresh token is refused"
    );
}
