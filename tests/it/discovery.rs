use rocket::http::Status;
use serde_json::Value;

use super::*;

async fn json(app: &TestApp, uri: &str) -> (Status, Value) {
    let response = app.get(uri).await;
    let status = response.status();
    (
        status,
        serde_json::from_str(&response.into_string().await.unwrap_or_default()).unwrap_or_default(),
    )
}

#[rocket::async_test]
async fn discovery_has_the_seed_fields_and_the_required_ones() {
    let app = TestApp::new().await;
    let (status, doc) = json(&app, &format!("{BASE}.well-known/openid-configuration")).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(doc["issuer"], ISSUER);
    for (field, endpoint) in [
        ("authorization_endpoint", "authorize"),
        ("token_endpoint", "token"),
        ("userinfo_endpoint", "userinfo"),
        ("jwks_uri", "jwk"),
    ] {
        assert_eq!(doc[field], format!("{ISSUER}{endpoint}"), "{field}");
    }
    assert_eq!(doc["response_types_supported"], serde_json::json!(["code"]));
    assert_eq!(
        doc["response_modes_supported"],
        serde_json::json!(["query", "form_post"])
    );
    assert_eq!(doc["subject_types_supported"], serde_json::json!(["pairwise"]));
    assert_eq!(doc["ui_locales_supported"], serde_json::json!(["nb", "nn", "en", "se"]));
    assert_eq!(
        doc["id_token_signing_alg_values_supported"],
        serde_json::json!(["RS256"])
    );
    assert_eq!(doc["code_challenge_methods_supported"], serde_json::json!(["S256"]));
    assert_eq!(doc["authorization_response_iss_parameter_supported"], true);
    assert_eq!(doc["acr_values_supported"], serde_json::json!(["Level3", "Level4"]));
    for scope in ["openid", "profile"] {
        assert!(
            doc["scopes_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from(scope))
        );
    }
    for claim in ["sub", "pid", "acr", "amr", "auth_time", "sid", "locale", "at_hash"] {
        assert!(
            doc["claims_supported"]
                .as_array()
                .unwrap()
                .contains(&Value::from(claim)),
            "{claim}"
        );
    }
}

#[rocket::async_test]
async fn rfc_8414_clients_find_the_same_metadata() {
    let app = TestApp::new().await;
    let (_, oidc) = json(&app, &format!("{BASE}.well-known/openid-configuration")).await;
    let (status, inserted) = json(&app, "/.well-known/oauth-authorization-server/idporten-oidc-provider").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(inserted, oidc);
    let (status, appended) = json(&app, &format!("{BASE}.well-known/oauth-authorization-server")).await;
    assert_eq!(status, Status::Ok);
    assert_eq!(appended, oidc);
    let (status, _) = json(&app, "/.well-known/oauth-authorization-server/elsewhere").await;
    assert_eq!(status, Status::NotFound);
}

#[rocket::async_test]
async fn jwk_publishes_rsa_signing_keys() {
    let app = TestApp::new().await;
    let (status, jwks) = json(&app, &format!("{BASE}jwk")).await;
    assert_eq!(status, Status::Ok);
    let key = &jwks["keys"][0];
    assert_eq!(key["kty"], "RSA");
    assert_eq!(key["alg"], "RS256");
    assert_eq!(key["use"], "sig");
    assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
    assert!(key["n"].as_str().is_some_and(|n| n.len() >= 342), "2048-bit modulus");
    assert!(key.get("d").is_none(), "no private parts");
}

#[rocket::async_test]
async fn health_reports_live_and_ready() {
    let app = TestApp::new().await;
    assert_eq!(app.get("/health/live").await.status(), Status::Ok);
    let (status, ready) = json(&app, "/health/ready").await;
    assert_eq!(status, Status::Ok);
    assert_eq!(ready["database"], true);
    assert_eq!(ready["keys"], true);
}

#[rocket::async_test]
async fn keys_survive_a_restart_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let first = porten::build(test_config(&dir)).await.unwrap();
    let first = Browser::untracked(first).await.unwrap();
    let before = first
        .get(format!("{BASE}jwk"))
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap();
    drop(first);
    let second = Browser::untracked(porten::build(test_config(&dir)).await.unwrap())
        .await
        .unwrap();
    let after = second
        .get(format!("{BASE}jwk"))
        .dispatch()
        .await
        .into_string()
        .await
        .unwrap();
    assert_eq!(before, after);
}

#[rocket::async_test]
async fn metrics_count_requests_logins_and_tokens() {
    let app = TestApp::with(|config| config.metrics_address = "127.0.0.1:0".into()).await;
    app.redeem(&app.code(&[]).await).await;
    let answer = metrics_listener(&app, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n").await;
    let (head, text) = answer.split_once("\r\n\r\n").expect("an HTTP answer");
    assert!(head.starts_with("HTTP/1.1 200 OK"), "{head}");
    assert!(head.contains("Content-Type: text/plain; version=0.0.4"), "{head}");
    for line in [
        "porten_logins_total{result=\"success\"} 1",
        "porten_logins_total{result=\"failure\"} 0",
        "porten_token_responses_total{grant_type=\"authorization_code\"} 1",
        "porten_http_requests_total{handler=\"token\",method=\"POST\",status=\"200\"} 1",
        "porten_http_request_duration_seconds_count{handler=\"token\"} 1",
        "# TYPE porten_http_request_duration_seconds histogram",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in:\n{text}");
    }
}
