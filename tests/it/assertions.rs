//! `private_key_jwt` client authentication and the jwt-bearer grant
//! (SPEC §5). The CAs, business certificates and client keys are made here
//! with openssl at test time; no key material is committed.

use std::sync::OnceLock;

use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::ecdsa::EcdsaSig;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{PKey, Private};
use openssl::rsa::Rsa;
use openssl::sign::Signer;
use openssl::x509::extension::{BasicConstraints, KeyUsage};
use openssl::x509::{X509, X509Builder, X509NameBuilder};
use porten::core::client::Client;
use porten::crypto::b64url;
use porten::domain::{AccessTokenFormat, AuthMethod, GrantType, OrgNo};
use porten::store::UsedAssertion;
use rocket::http::{ContentType, Header, Status};
use serde_json::{Value, json};

use super::login::decode_claims;
use super::*;

const ASSERTION_TYPE: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ORGNO: &str = "974760673";
const OTHER_ORGNO: &str = "991825827";
const KRR_READ: &str = "global/kontaktinformasjon.read";
const KRR_SPRAAK: &str = "global/spraak.read";
const DAY: i64 = 24 * 3600;

// ---------------------------------------------------------------------------
// Keys and certificates, made once for the whole test binary.

struct Issued {
    certificate: X509,
    key: PKey<Private>,
}

struct Pki {
    root: X509,
    intermediate: X509,
    intermediate_key: PKey<Private>,
    /// Revoked by the intermediate's CRL, in the tests that load it.
    revoked: Issued,
    /// Its key is for encipherment only.
    encipherment: Issued,
    /// Older style: the orgno in the subject's serialNumber; RSA key.
    serial_number: Issued,
    /// Current style: organizationIdentifier NTRNO-<orgno>; EC key.
    organization_identifier: Issued,
    expired: Issued,
    other_orgno: Issued,
    /// From a CA porten does not trust.
    foreign: Issued,
    foreign_root: X509,
    rsa: PKey<Private>,
    ec: PKey<Private>,
    other_rsa: PKey<Private>,
}

fn rsa_key() -> PKey<Private> {
    PKey::from_rsa(Rsa::generate(2048).expect("RSA key")).expect("PKey")
}

fn ec_key() -> PKey<Private> {
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).expect("P-256");
    PKey::from_ec_key(EcKey::generate(&group).expect("EC key")).expect("PKey")
}

/// What a certificate's key is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Usage {
    Ca,
    Signing,
    /// keyEncipherment only: no business certificate for signing.
    Encipherment,
}

/// A certificate for `subject`, signed by `issuer` (or itself), valid from
/// `from` to `until` (Unix seconds).
fn certificate(
    subject: &[(&str, &str)],
    key: &PKey<Private>,
    issuer: Option<(&X509, &PKey<Private>)>,
    usage: Usage,
    (from, until): (i64, i64),
) -> X509 {
    let ca = usage == Usage::Ca;
    let mut name = X509NameBuilder::new().expect("name");
    for (field, value) in subject {
        name.append_entry_by_text(field, value).expect("name entry");
    }
    let name = name.build();
    let mut builder = X509Builder::new().expect("builder");
    builder.set_version(2).expect("version");
    let serial = BigNum::from_slice(&porten::crypto::random_bytes(16)).expect("serial");
    builder
        .set_serial_number(&Asn1Integer::from_bn(&serial).expect("serial"))
        .expect("serial");
    builder.set_subject_name(&name).expect("subject");
    builder
        .set_issuer_name(issuer.map_or(&name, |(cert, _)| cert.subject_name()))
        .expect("issuer");
    builder.set_pubkey(key).expect("pubkey");
    builder
        .set_not_before(&Asn1Time::from_unix(from).expect("time"))
        .expect("not before");
    builder
        .set_not_after(&Asn1Time::from_unix(until).expect("time"))
        .expect("not after");
    let mut constraints = BasicConstraints::new();
    constraints.critical();
    if ca {
        constraints.ca();
    }
    builder.append_extension(constraints.build().expect("bc")).expect("bc");
    let mut key_usage = KeyUsage::new();
    key_usage.critical();
    match usage {
        Usage::Ca => key_usage.key_cert_sign().crl_sign(),
        Usage::Signing => key_usage.digital_signature(),
        Usage::Encipherment => key_usage.key_encipherment(),
    };
    builder.append_extension(key_usage.build().expect("ku")).expect("ku");
    let signer = issuer.map_or(key, |(_, issuer_key)| issuer_key);
    builder.sign(signer, MessageDigest::sha256()).expect("sign");
    builder.build()
}

fn valid() -> (i64, i64) {
    let now = porten::web::now();
    (now - DAY, now + 365 * DAY)
}

impl Pki {
    fn generate() -> Pki {
        let root_key = rsa_key();
        let root = certificate(
            &[("C", "NO"), ("O", "Test Trust"), ("CN", "Test Root CA")],
            &root_key,
            None,
            Usage::Ca,
            valid(),
        );
        let intermediate_key = rsa_key();
        let intermediate = certificate(
            &[("C", "NO"), ("O", "Test Trust"), ("CN", "Test Business CA")],
            &intermediate_key,
            Some((&root, &root_key)),
            Usage::Ca,
            valid(),
        );
        let business = |subject: &[(&str, &str)], key: PKey<Private>, validity: (i64, i64)| Issued {
            certificate: certificate(
                subject,
                &key,
                Some((&intermediate, &intermediate_key)),
                Usage::Signing,
                validity,
            ),
            key,
        };
        let serial_number = business(
            &[("C", "NO"), ("O", "Etaten"), ("serialNumber", ORGNO), ("CN", "Etaten")],
            rsa_key(),
            valid(),
        );
        let org_id = format!("NTRNO-{ORGNO}");
        let organization_identifier = business(
            &[
                ("C", "NO"),
                ("O", "Etaten"),
                ("organizationIdentifier", org_id.as_str()),
                ("CN", "Etaten"),
            ],
            ec_key(),
            valid(),
        );
        let now = porten::web::now();
        let expired = business(
            &[("C", "NO"), ("O", "Etaten"), ("serialNumber", ORGNO), ("CN", "Etaten")],
            rsa_key(),
            (now - 400 * DAY, now - DAY),
        );
        let other_orgno = business(
            &[
                ("C", "NO"),
                ("O", "Andre"),
                ("serialNumber", OTHER_ORGNO),
                ("CN", "Andre"),
            ],
            rsa_key(),
            valid(),
        );
        let revoked = business(
            &[("C", "NO"), ("O", "Etaten"), ("serialNumber", ORGNO), ("CN", "Etaten")],
            rsa_key(),
            valid(),
        );
        let encipherment_key = rsa_key();
        let encipherment = Issued {
            certificate: certificate(
                &[("C", "NO"), ("O", "Etaten"), ("serialNumber", ORGNO), ("CN", "Etaten")],
                &encipherment_key,
                Some((&intermediate, &intermediate_key)),
                Usage::Encipherment,
                valid(),
            ),
            key: encipherment_key,
        };
        let foreign_key = rsa_key();
        let foreign_root = certificate(&[("CN", "Untrusted Root")], &foreign_key, None, Usage::Ca, valid());
        let foreign_leaf_key = rsa_key();
        let foreign = Issued {
            certificate: certificate(
                &[("O", "Etaten"), ("serialNumber", ORGNO), ("CN", "Etaten")],
                &foreign_leaf_key,
                Some((&foreign_root, &foreign_key)),
                Usage::Signing,
                valid(),
            ),
            key: foreign_leaf_key,
        };
        Pki {
            root,
            intermediate,
            intermediate_key,
            revoked,
            encipherment,
            serial_number,
            organization_identifier,
            expired,
            other_orgno,
            foreign,
            foreign_root,
            rsa: rsa_key(),
            ec: ec_key(),
            other_rsa: rsa_key(),
        }
    }

    /// `x5c`: the certificate, then the intermediate.
    fn x5c(&self, issued: &Issued) -> Value {
        json!([der64(&issued.certificate), der64(&self.intermediate)])
    }
}

fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(Pki::generate)
}

fn der64(certificate: &X509) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(certificate.to_der().expect("DER"))
}

fn jwk(key: &PKey<Private>, kid: &str) -> Value {
    if let Ok(rsa) = key.rsa() {
        return json!({"kty": "RSA", "kid": kid, "use": "sig", "n": b64url(rsa.n().to_vec()), "e": b64url(rsa.e().to_vec())});
    }
    let ec = key.ec_key().expect("an RSA or EC key");
    let mut ctx = openssl::bn::BigNumContext::new().expect("ctx");
    let (mut x, mut y) = (BigNum::new().expect("x"), BigNum::new().expect("y"));
    ec.public_key()
        .affine_coordinates(ec.group(), &mut x, &mut y, &mut ctx)
        .expect("coordinates");
    json!({
        "kty": "EC", "kid": kid, "crv": "P-256",
        "x": b64url(x.to_vec_padded(32).expect("x")),
        "y": b64url(y.to_vec_padded(32).expect("y")),
    })
}

// ---------------------------------------------------------------------------
// Signing assertions.

/// A compact JWS of `claims` under `header`, signed as its `alg` says.
fn sign(header: &Value, claims: &Value, key: &PKey<Private>) -> String {
    let input = format!("{}.{}", b64url(header.to_string()), b64url(claims.to_string()));
    let signature = match header["alg"].as_str() {
        Some("RS256") => {
            let mut signer = Signer::new(MessageDigest::sha256(), key).expect("signer");
            signer.update(input.as_bytes()).expect("update");
            signer.sign_to_vec().expect("sign")
        }
        Some("ES256") => {
            let mut signer = Signer::new(MessageDigest::sha256(), key).expect("signer");
            signer.update(input.as_bytes()).expect("update");
            let der = EcdsaSig::from_der(&signer.sign_to_vec().expect("sign")).expect("ECDSA-Sig");
            let mut raw = der.r().to_vec_padded(32).expect("r");
            raw.extend(der.s().to_vec_padded(32).expect("s"));
            raw
        }
        Some("HS256") => {
            let hmac = PKey::hmac(b"a shared secret is not a private key").expect("hmac");
            let mut signer = Signer::new(MessageDigest::sha256(), &hmac).expect("signer");
            signer.update(input.as_bytes()).expect("update");
            signer.sign_to_vec().expect("sign")
        }
        _ => Vec::new(),
    };
    format!("{input}.{}", b64url(signature))
}

/// Fresh, valid claims of an assertion from `client_id`.
fn claims(client_id: &str) -> Value {
    let now = porten::web::now();
    json!({
        "iss": client_id, "sub": client_id, "aud": ISSUER,
        "iat": now, "exp": now + 60, "jti": porten::crypto::random_token(),
    })
}

fn with(mut claims: Value, changes: Value) -> Value {
    for (name, value) in changes.as_object().expect("an object") {
        if value.is_null() {
            claims.as_object_mut().map(|c| c.remove(name));
        } else {
            claims[name] = value.clone();
        }
    }
    claims
}

fn rs256(kid: &str) -> Value {
    json!({"alg": "RS256", "typ": "JWT", "kid": kid})
}

fn es256(kid: &str) -> Value {
    json!({"alg": "ES256", "typ": "JWT", "kid": kid})
}

fn x5c_header(alg: &str, issued: &Issued) -> Value {
    json!({"alg": alg, "typ": "JWT", "x5c": pki().x5c(issued)})
}

/// An RS256 assertion from `client_id` with its `rsa-1` key.
fn assertion(client_id: &str) -> String {
    sign(&rs256("rsa-1"), &claims(client_id), &pki().rsa)
}

// ---------------------------------------------------------------------------
// The app and its clients.

/// A private_key_jwt client with an RSA and an EC key, for the code flow.
fn keyed_client() -> Client {
    let mut client = rp_client();
    client.client_id = "pkj".into();
    client.secret_hash = None;
    client.token_endpoint_auth_method = AuthMethod::PrivateKeyJwt;
    client.jwks = Some(json!({"keys": [jwk(&pki().rsa, "rsa-1"), jwk(&pki().ec, "ec-1")]}));
    client
}

/// A private_key_jwt client known by its organisation number only.
fn certificate_client() -> Client {
    let mut client = keyed_client();
    client.client_id = "cert".into();
    client.jwks = None;
    client.client_orgno = OrgNo::parse(ORGNO);
    client
}

/// A server reading the contact register with the jwt-bearer grant.
fn server_client(id: &str) -> Client {
    let mut client = Client::new(id);
    client.token_endpoint_auth_method = AuthMethod::PrivateKeyJwt;
    client.grant_types = vec![GrantType::JwtBearer];
    client.scopes = vec![KRR_READ.into(), KRR_SPRAAK.into()];
    client.jwks = Some(json!({"keys": [jwk(&pki().rsa, "rsa-1")]}));
    client.client_orgno = OrgNo::parse(ORGNO);
    client.access_token_lifetime = 300;
    client
}

/// The app with the trust store holding the test root CA (the intermediate
/// comes in `x5c`; the file is read once, at start), and the clients above.
async fn fixture() -> TestApp {
    let trust = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(trust.path(), pki().root.to_pem().expect("PEM")).expect("trust store written");
    let path = trust.path().to_owned();
    let app = TestApp::with(|config| config.trust_store = Some(path)).await;
    app.register(keyed_client()).await;
    app.register(certificate_client()).await;
    app.register(server_client("server")).await;
    app
}

impl Reply {
    /// Asserts an error and returns its description.
    fn error(&self, status: Status, code: &str) -> String {
        assert_eq!(self.status, status, "{}", self.body);
        assert_eq!(self.body["error"], code, "{}", self.body);
        self.body["error_description"].as_str().unwrap_or_default().to_owned()
    }

    fn invalid_client(&self, expected: &str) {
        let description = self.error(Status::Unauthorized, "invalid_client");
        assert!(self.challenge.is_some(), "401 without WWW-Authenticate");
        assert!(
            description.contains(expected),
            "{description:?} should mention {expected:?}"
        );
    }

    fn invalid_grant(&self, expected: &str) {
        let description = self.error(Status::BadRequest, "invalid_grant");
        assert!(
            description.contains(expected),
            "{description:?} should mention {expected:?}"
        );
    }
}

/// Calls `endpoint` authenticated by `client_assertion`, with `pairs`.
async fn with_assertion(app: &TestApp, endpoint: &str, client_assertion: &str, pairs: &[(&str, &str)]) -> Reply {
    let mut all = vec![
        ("client_assertion_type", ASSERTION_TYPE),
        ("client_assertion", client_assertion),
    ];
    all.extend_from_slice(pairs);
    app.back_channel(endpoint, &all, None).await
}

/// What each back-channel endpoint needs besides client authentication.
const ENDPOINTS: [(&str, &[(&str, &str)]); 3] = [
    (
        "token",
        &[
            ("grant_type", "authorization_code"),
            ("code", "not-a-code"),
            ("redirect_uri", REDIRECT),
        ],
    ),
    ("revoke", &[("token", "not-a-token")]),
    ("tokeninfo", &[("token", "not-a-token")]),
];

fn s(value: &Value) -> &str {
    value.as_str().unwrap_or_default()
}

// ---------------------------------------------------------------------------
// private_key_jwt

#[rocket::async_test]
async fn registered_rsa_and_ec_keys_authenticate_at_token_revoke_and_tokeninfo() {
    let app = fixture().await;
    for (header, key) in [(rs256("rsa-1"), &pki().rsa), (es256("ec-1"), &pki().ec)] {
        let signed = || sign(&header, &claims("pkj"), key);
        let code = app.code(&[("client_id", "pkj")]).await;
        let tokens = with_assertion(
            &app,
            "token",
            &signed(),
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
                ("client_id", "pkj"),
            ],
        )
        .await;
        assert_eq!(tokens.status, Status::Ok, "{header}: {}", tokens.body);
        assert!(tokens.body["id_token"].is_string());
        let access_token = s(&tokens.body["access_token"]);

        let info = with_assertion(&app, "tokeninfo", &signed(), &[("token", access_token)]).await;
        assert_eq!(info.status, Status::Ok, "{header}: {}", info.body);
        assert_eq!(info.body["active"], true);
        assert_eq!(info.body["client_id"], "pkj");

        let revoked = with_assertion(&app, "revoke", &signed(), &[("token", access_token)]).await;
        assert_eq!(revoked.status, Status::Ok, "{header}: {}", revoked.body);
        let info = with_assertion(&app, "tokeninfo", &signed(), &[("token", access_token)]).await;
        assert_eq!(info.body["active"], false, "{header}");
    }
}

#[rocket::async_test]
async fn a_single_registered_key_needs_no_kid_and_aud_may_be_an_array() {
    let app = fixture().await;
    let mut single = keyed_client();
    single.client_id = "single".into();
    single.jwks = Some(json!({"keys": [jwk(&pki().ec, "only")]}));
    app.register(single).await;
    let claims = with(claims("single"), json!({"aud": ["https://rs.example/", ISSUER]}));
    let assertion = sign(&json!({"alg": "ES256"}), &claims, &pki().ec);
    let info = with_assertion(&app, "tokeninfo", &assertion, &[("token", "unknown")]).await;
    assert_eq!((info.status, &info.body), (Status::Ok, &json!({"active": false})));
}

#[rocket::async_test]
async fn business_certificates_authenticate_by_organisation_number() {
    let app = fixture().await;
    let pki = pki();
    for (issued, alg) in [(&pki.serial_number, "RS256"), (&pki.organization_identifier, "ES256")] {
        let code = app.code(&[("client_id", "cert")]).await;
        let signed = |claims: Value| sign(&x5c_header(alg, issued), &claims, &issued.key);
        let tokens = with_assertion(
            &app,
            "token",
            &signed(claims("cert")),
            &[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", REDIRECT),
            ],
        )
        .await;
        assert_eq!(tokens.status, Status::Ok, "{alg}: {}", tokens.body);
        let access_token = s(&tokens.body["access_token"]);
        let info = with_assertion(&app, "tokeninfo", &signed(claims("cert")), &[("token", access_token)]).await;
        assert_eq!(info.body["active"], true, "{alg}: {}", info.body);
        let revoked = with_assertion(&app, "revoke", &signed(claims("cert")), &[("token", access_token)]).await;
        assert_eq!(revoked.status, Status::Ok, "{alg}: {}", revoked.body);
        let info = with_assertion(&app, "tokeninfo", &signed(claims("cert")), &[("token", access_token)]).await;
        assert_eq!(info.body["active"], false, "{alg}");
    }
}

/// A bad `client_assertion`, and what its description must say.
struct Bad {
    name: &'static str,
    form: Vec<(&'static str, String)>,
    auth: Option<Header<'static>>,
    says: &'static str,
}

fn bad(name: &'static str, client_assertion: String, says: &'static str) -> Bad {
    Bad {
        name,
        form: vec![
            ("client_assertion_type", ASSERTION_TYPE.into()),
            ("client_assertion", client_assertion),
        ],
        auth: None,
        says,
    }
}

/// Every way a client assertion fails, made fresh for each call.
fn bad_assertions(replayed: &str) -> Vec<Bad> {
    let pki = pki();
    let now = porten::web::now();
    let key = &pki.rsa;
    let signed = |changes: Value| sign(&rs256("rsa-1"), &with(claims("pkj"), changes), key);
    let certified = |issued: &Issued, changes: Value| {
        sign(
            &x5c_header("RS256", issued),
            &with(claims("cert"), changes),
            &issued.key,
        )
    };
    let mut cases = vec![
        bad(
            "expired",
            signed(json!({"iat": now - 200, "exp": now - 100})),
            "has expired",
        ),
        bad("long-lived", signed(json!({"exp": now + 300})), "lives too long"),
        bad(
            "issued later",
            signed(json!({"iat": now + 60, "exp": now + 90})),
            "issued in the future",
        ),
        bad("replayed", replayed.to_owned(), "used before"),
        bad(
            "token endpoint as aud",
            signed(json!({"aud": format!("{ISSUER}token")})),
            "aud that is not the issuer",
        ),
        bad(
            "aud elsewhere",
            signed(json!({"aud": ["https://other.example/"]})),
            "aud that is not the issuer",
        ),
        bad("no aud", signed(json!({"aud": null})), "aud that is not the issuer"),
        bad(
            "sub not iss",
            signed(json!({"sub": "rp"})),
            "sub that is not the client id",
        ),
        bad("no sub", signed(json!({"sub": null})), "has no sub claim"),
        bad("no jti", signed(json!({"jti": null})), "has no jti claim"),
        bad(
            "unknown iss",
            signed(json!({"iss": "nobody", "sub": "nobody"})),
            "unknown client",
        ),
        bad(
            "wrong key",
            sign(&rs256("rsa-1"), &claims("pkj"), &pki.other_rsa),
            "signature that does not verify",
        ),
        bad(
            "unknown kid",
            sign(&rs256("rsa-9"), &claims("pkj"), key),
            "no key with this kid",
        ),
        bad(
            "no kid among several keys",
            sign(&json!({"alg": "RS256"}), &claims("pkj"), key),
            "needs a kid",
        ),
        bad(
            "alg none",
            sign(&json!({"alg": "none", "kid": "rsa-1"}), &claims("pkj"), key),
            "alg none",
        ),
        bad(
            "alg HS256",
            sign(&json!({"alg": "HS256", "kid": "rsa-1"}), &claims("pkj"), key),
            "alg HS256",
        ),
        bad(
            "ES256 with an RSA key",
            sign(&es256("rsa-1"), &claims("pkj"), &pki.ec),
            "ES256 needs an EC key",
        ),
        bad("not a JWT", "not-a-jwt".into(), "is not a signed JWT"),
        bad(
            "untrusted CA",
            sign(
                &json!({"alg": "RS256", "x5c": [der64(&pki.foreign.certificate), der64(&pki.foreign_root)]}),
                &claims("cert"),
                &pki.foreign.key,
            ),
            "does not lead to a trusted CA",
        ),
        bad(
            "no intermediate",
            sign(
                &json!({"alg": "RS256", "x5c": [der64(&pki.serial_number.certificate)]}),
                &claims("cert"),
                &pki.serial_number.key,
            ),
            "does not lead to a trusted CA",
        ),
        bad(
            "expired certificate",
            certified(&pki.expired, json!({})),
            "certificate has expired",
        ),
        bad(
            "another orgno",
            certified(&pki.other_orgno, json!({})),
            "organisation number is not the client's",
        ),
        bad(
            "certificate of another key",
            sign(
                &x5c_header("RS256", &pki.serial_number),
                &claims("cert"),
                &pki.other_rsa,
            ),
            "signature that does not verify",
        ),
        bad(
            "x5c for a client without orgno",
            sign(
                &x5c_header("RS256", &pki.serial_number),
                &claims("pkj"),
                &pki.serial_number.key,
            ),
            "no registered organisation number",
        ),
        bad(
            "secret client with an assertion",
            sign(&rs256("rsa-1"), &claims("rp"), key),
            "client authentication failed",
        ),
    ];
    let mut mismatched = bad("client_id not iss", assertion("pkj"), "client_id does not match");
    mismatched.form.push(("client_id", "cert".into()));
    cases.push(mismatched);
    let mut wrong_type = bad(
        "wrong client_assertion_type",
        assertion("pkj"),
        "client_assertion_type must be",
    );
    wrong_type.form[0].1 = "urn:ietf:params:oauth:client-assertion-type:saml2-bearer".into();
    cases.push(wrong_type);
    cases.push(Bad {
        name: "private_key_jwt client with a secret",
        form: vec![],
        auth: Some(basic("pkj", SECRET)),
        says: "client authentication failed",
    });
    cases
}

#[rocket::async_test]
async fn bad_client_assertions_are_invalid_client_at_every_endpoint() {
    let app = fixture().await;
    let replayed = assertion("pkj");
    let first = with_assertion(&app, "tokeninfo", &replayed, &[("token", "x")]).await;
    assert_eq!(first.status, Status::Ok, "{}", first.body);
    for (endpoint, extra) in ENDPOINTS {
        for case in bad_assertions(&replayed) {
            let mut form: Vec<(&str, &str)> = case.form.iter().map(|(k, v)| (*k, v.as_str())).collect();
            form.extend_from_slice(extra);
            let reply = app.back_channel(endpoint, &form, case.auth).await;
            assert_eq!(
                reply.status,
                Status::Unauthorized,
                "{endpoint} {}: {}",
                case.name,
                reply.body
            );
            reply.invalid_client(case.says);
        }
    }
}

#[rocket::async_test]
async fn an_assertion_beside_a_secret_is_one_method_too_many() {
    let app = fixture().await;
    let reply = app
        .back_channel(
            "tokeninfo",
            &[
                ("client_assertion_type", ASSERTION_TYPE),
                ("client_assertion", &assertion("pkj")),
                ("token", "x"),
            ],
            Some(basic("rp", SECRET)),
        )
        .await;
    assert_eq!(
        reply.error(Status::BadRequest, "invalid_request"),
        "use one client authentication method"
    );
}

#[rocket::async_test]
async fn business_certificates_need_a_trust_store() {
    let app = TestApp::new().await;
    app.register(certificate_client()).await;
    let issued = &pki().serial_number;
    let signed = sign(&x5c_header("RS256", issued), &claims("cert"), &issued.key);
    with_assertion(&app, "tokeninfo", &signed, &[("token", "x")])
        .await
        .invalid_client("no trust store is configured");
}

#[rocket::async_test]
async fn one_jti_is_accepted_once_under_concurrency() {
    let app = fixture().await;
    for _ in 0..100 {
        let once = assertion("pkj");
        let call = || with_assertion(&app, "tokeninfo", &once, &[("token", "x")]);
        let (a, b) = tokio::join!(call(), call());
        let statuses = [a.status, b.status];
        assert_eq!(
            statuses.iter().filter(|s| **s == Status::Ok).count(),
            1,
            "{statuses:?}: {} {}",
            a.body,
            b.body
        );
        for reply in [a, b].iter().filter(|r| r.status != Status::Ok) {
            reply.invalid_client("used before");
        }
    }
}

// ---------------------------------------------------------------------------
// The jwt-bearer grant

/// A grant assertion from `client_id` with `changes` to its claims.
fn grant_assertion(client_id: &str, changes: Value) -> String {
    let claims = with(
        with(claims(client_id), json!({"sub": null, "scope": KRR_READ})),
        changes,
    );
    sign(&rs256("rsa-1"), &claims, &pki().rsa)
}

async fn exchange(app: &TestApp, assertion: &str, extra: &[(&str, &str)]) -> Reply {
    let mut form = vec![("grant_type", JWT_BEARER), ("assertion", assertion)];
    form.extend_from_slice(extra);
    app.back_channel("token", &form, None).await
}

#[rocket::async_test]
async fn the_jwt_bearer_grant_issues_an_access_token_only() {
    let app = fixture().await;
    let reply = exchange(&app, &grant_assertion("server", json!({})), &[]).await;
    assert_eq!(reply.status, Status::Ok, "{}", reply.body);
    assert_eq!(reply.body["token_type"], "Bearer");
    assert_eq!(reply.body["scope"], KRR_READ);
    assert_eq!(reply.body["expires_in"], 300, "the client's access token lifetime");
    assert!(reply.body.get("refresh_token").is_none(), "{}", reply.body);
    assert!(reply.body.get("id_token").is_none(), "{}", reply.body);
    let access_token = s(&reply.body["access_token"]);

    let info = with_assertion(&app, "tokeninfo", &assertion("server"), &[("token", access_token)]).await;
    assert_eq!(info.status, Status::Ok, "{}", info.body);
    assert_eq!(info.body["active"], true);
    assert_eq!(info.body["scope"], KRR_READ);
    assert_eq!(info.body["client_id"], "server");
    assert_eq!(info.body["sub"], "server");

    // The server reads the contact register with it.
    let personer = app
        .browser
        .post("/kontaktinfo-oauth2-server/rest/v1/personer")
        .header(ContentType::JSON)
        .header(Header::new("Authorization", format!("Bearer {access_token}")))
        .body(json!({"personidentifikatorer": [PID]}).to_string())
        .dispatch()
        .await;
    assert_eq!(personer.status(), Status::Ok);

    let revoked = with_assertion(&app, "revoke", &assertion("server"), &[("token", access_token)]).await;
    assert_eq!(revoked.status, Status::Ok, "{}", revoked.body);
    let info = with_assertion(&app, "tokeninfo", &assertion("server"), &[("token", access_token)]).await;
    assert_eq!(info.body["active"], false);
}

#[rocket::async_test]
async fn jwt_bearer_tokens_follow_the_clients_format_and_certificates_work() {
    let app = fixture().await;
    let mut jwt_client = server_client("server-jwt");
    jwt_client.access_token_format = AccessTokenFormat::Jwt;
    jwt_client.jwks = None;
    app.register(jwt_client).await;
    let issued = &pki().organization_identifier;
    let scoped = with(
        claims("server-jwt"),
        json!({"scope": format!("{KRR_READ} {KRR_SPRAAK}")}),
    );
    let signed = sign(&x5c_header("ES256", issued), &scoped, &issued.key);
    let reply = exchange(&app, &signed, &[]).await;
    assert_eq!(reply.status, Status::Ok, "{}", reply.body);
    let access_token = s(&reply.body["access_token"]);
    let header = decode_claims(&format!("x.{}", access_token.split('.').next().unwrap_or_default()));
    assert_eq!(header["typ"], "at+jwt");
    let at = decode_claims(access_token);
    assert_eq!(at["client_id"], "server-jwt");
    assert_eq!(at["sub"], "server-jwt");
    assert_eq!(at["scope"], format!("{KRR_READ} {KRR_SPRAAK}"));
    assert!(at.get("pid").is_none());
    let signed = sign(&x5c_header("ES256", issued), &claims("server-jwt"), &issued.key);
    let info = with_assertion(&app, "tokeninfo", &signed, &[("token", access_token)]).await;
    assert_eq!(info.body["active"], true, "{}", info.body);
}

#[rocket::async_test]
async fn a_grant_assertion_is_accepted_once_by_jti_or_by_hash() {
    let app = fixture().await;
    let with_jti = grant_assertion("server", json!({}));
    assert_eq!(exchange(&app, &with_jti, &[]).await.status, Status::Ok);
    exchange(&app, &with_jti, &[]).await.invalid_grant("used before");

    let now = porten::web::now();
    let without_jti = grant_assertion("server", json!({"jti": null}));
    assert_eq!(exchange(&app, &without_jti, &[]).await.status, Status::Ok);
    exchange(&app, &without_jti, &[]).await.invalid_grant("used before");
    let another = grant_assertion("server", json!({"jti": null, "iat": now - 1}));
    assert_eq!(exchange(&app, &another, &[]).await.status, Status::Ok);
}

#[rocket::async_test]
async fn grant_scopes_must_be_registered_and_a_refusal_spends_nothing() {
    let app = fixture().await;
    let outside = grant_assertion("server", json!({"scope": format!("{KRR_READ} global/sertifikat.read")}));
    let error = exchange(&app, &outside, &[]).await;
    assert!(
        error
            .error(Status::BadRequest, "invalid_scope")
            .contains("not registered")
    );

    // Without a scope claim the scope parameter counts; a refused request
    // leaves the assertion unspent.
    let unscoped = grant_assertion("server", json!({"scope": null}));
    exchange(&app, &unscoped, &[])
        .await
        .error(Status::BadRequest, "invalid_scope");
    exchange(&app, &unscoped, &[("scope", "global/sertifikat.read")])
        .await
        .error(Status::BadRequest, "invalid_scope");
    let reply = exchange(&app, &unscoped, &[("scope", KRR_SPRAAK)]).await;
    assert_eq!(reply.status, Status::Ok, "{}", reply.body);
    assert_eq!(reply.body["scope"], KRR_SPRAAK);
}

#[rocket::async_test]
async fn only_clients_registered_for_jwt_bearer_may_use_it() {
    let app = fixture().await;
    let reply = exchange(&app, &grant_assertion("pkj", json!({})), &[]).await;
    reply.error(Status::BadRequest, "unauthorized_client");
    let reply = exchange(&app, &grant_assertion("nobody", json!({})), &[]).await;
    reply.invalid_grant("unknown client");
}

#[rocket::async_test]
async fn bad_grant_assertions_are_invalid_grant() {
    let app = fixture().await;
    let now = porten::web::now();
    let cases = [
        (
            grant_assertion("server", json!({"iat": now - 200, "exp": now - 100})),
            "has expired",
        ),
        (grant_assertion("server", json!({"exp": now + 121})), "lives too long"),
        (
            grant_assertion("server", json!({"aud": format!("{ISSUER}token")})),
            "aud that is not the issuer",
        ),
        (
            grant_assertion("server", json!({"sub": "pkj"})),
            "sub that is not the client id",
        ),
        (
            sign(
                &rs256("rsa-1"),
                &with(claims("server"), json!({"scope": KRR_READ})),
                &pki().other_rsa,
            ),
            "signature that does not verify",
        ),
        (
            sign(
                &json!({"alg": "none"}),
                &with(claims("server"), json!({"scope": KRR_READ})),
                &pki().rsa,
            ),
            "alg none",
        ),
        ("a.b".into(), "is not a signed JWT"),
    ];
    for (assertion, says) in cases {
        exchange(&app, &assertion, &[]).await.invalid_grant(says);
    }
    let missing = app.back_channel("token", &[("grant_type", JWT_BEARER)], None).await;
    assert_eq!(
        missing.error(Status::BadRequest, "invalid_request"),
        "assertion is required"
    );
}

#[rocket::async_test]
async fn credentials_beside_a_grant_assertion_must_be_valid() {
    let app = fixture().await;
    let beside = |client_assertion: String| {
        vec![
            ("client_assertion_type", ASSERTION_TYPE.to_owned()),
            ("client_assertion", client_assertion),
        ]
    };
    let call = |extra: Vec<(&'static str, String)>| {
        let app = &app;
        async move {
            let extra: Vec<(&str, &str)> = extra.iter().map(|(k, v)| (*k, v.as_str())).collect();
            exchange(app, &grant_assertion("server", json!({})), &extra).await
        }
    };
    let reply = call(beside(assertion("server"))).await;
    assert_eq!(reply.status, Status::Ok, "{}", reply.body);
    let now = porten::web::now();
    let expired = sign(
        &rs256("rsa-1"),
        &with(claims("server"), json!({"iat": now - 200, "exp": now - 100})),
        &pki().rsa,
    );
    call(beside(expired))
        .await
        .invalid_client("client_assertion has expired");
    call(beside(assertion("pkj")))
        .await
        .invalid_grant("iss is not the authenticated client");
    call(vec![("client_id", "pkj".into())])
        .await
        .invalid_grant("client_id does not match");
    let reply = app
        .back_channel(
            "token",
            &[
                ("grant_type", JWT_BEARER),
                ("assertion", &grant_assertion("server", json!({}))),
            ],
            Some(basic("server", SECRET)),
        )
        .await;
    reply.invalid_client("client authentication failed");
}

// ---------------------------------------------------------------------------
// Discovery, start-up and the purge

#[rocket::async_test]
async fn discovery_lists_private_key_jwt_and_the_jwt_bearer_grant() {
    let app = TestApp::new().await;
    let doc = app.discovery().await;
    let has = |field: &str, value: &str| {
        doc[field]
            .as_array()
            .is_some_and(|values| values.contains(&Value::from(value)))
    };
    for endpoint in ["token", "revocation", "introspection"] {
        let methods = format!("{endpoint}_endpoint_auth_methods_supported");
        assert!(has(&methods, "private_key_jwt"), "{methods}: {doc}");
        assert!(has(&methods, "client_secret_post"), "{methods}: {doc}");
        let algs = format!("{endpoint}_endpoint_auth_signing_alg_values_supported");
        assert_eq!(doc[&algs], json!(["RS256", "ES256"]), "{algs}");
    }
    assert!(has("grant_types_supported", JWT_BEARER), "{doc}");
}

#[rocket::async_test]
async fn an_unreadable_trust_store_stops_the_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let not_pem = dir.path().join("not.pem");
    std::fs::write(&not_pem, "not a certificate").expect("written");
    for path in [dir.path().join("missing.pem"), not_pem] {
        let mut config = test_config(&dir);
        config.trust_store = Some(path.clone());
        let error = porten::build(config)
            .await
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            error.contains("trust_store") && error.contains(&path.display().to_string()),
            "{error}"
        );
    }
}

#[rocket::async_test]
async fn used_assertions_leave_the_database_once_expired() {
    let app = TestApp::new().await;
    let now = porten::web::now();
    let used = UsedAssertion {
        client_id: "rp".into(),
        jti_hash: porten::crypto::token_hash("jti-1"),
        expires_at: now + 60,
    };
    let fresh = UsedAssertion {
        jti_hash: porten::crypto::token_hash("jti-2"),
        ..used.clone()
    };
    let store = app.store();
    assert_eq!(store.use_assertions(&[&used]).await.expect("db"), None);
    assert_eq!(store.use_assertions(&[&fresh, &used]).await.expect("db"), Some(1));
    assert_eq!(
        store.use_assertions(&[&fresh]).await.expect("db"),
        None,
        "a refused pair records nothing"
    );
    store.purge(now + 60 + 3600, 1800).await.expect("purge");
    assert_eq!(store.use_assertions(&[&used]).await.expect("db"), None, "purged");
}

// ---------------------------------------------------------------------------
// Key usage and revocation of business certificates (issue 10, finding 6).

/// The DER of one CRL entry: SEQUENCE { serialNumber, revocationDate }.
fn revoked_entry(certificate: &X509) -> openssl::x509::X509Revoked {
    let mut serial = certificate.serial_number().to_bn().expect("serial").to_vec();
    if serial.first().is_none_or(|b| b & 0x80 != 0) {
        serial.insert(0, 0);
    }
    let mut body = vec![0x02, serial.len() as u8];
    body.extend(serial);
    body.extend([0x17, 13]);
    body.extend(b"250101000000Z");
    let mut der = vec![0x30, body.len() as u8];
    der.extend(body);
    openssl::x509::X509Revoked::from_der(&der).expect("a CRL entry")
}

/// The intermediate CA's CRL listing `revoked`, signed by `key`.
fn crl(revoked: &[&X509], key: &PKey<Private>) -> openssl::x509::X509Crl {
    crl_next_update(revoked, key, porten::web::now() + 30 * DAY)
}

/// The same, due to be replaced at `next_update`.
fn crl_next_update(revoked: &[&X509], key: &PKey<Private>, next_update: i64) -> openssl::x509::X509Crl {
    let now = porten::web::now();
    let mut builder = openssl::x509::X509CrlBuilder::new().expect("CRL builder");
    builder
        .set_issuer_name(pki().intermediate.subject_name())
        .expect("issuer");
    builder
        .set_last_update(&Asn1Time::from_unix(now - DAY).expect("time"))
        .expect("last update");
    builder
        .set_next_update(&Asn1Time::from_unix(next_update).expect("time"))
        .expect("next update");
    for certificate in revoked {
        builder.add_revoked(revoked_entry(certificate)).expect("entry");
    }
    // openssl requires an authorityKeyIdentifier: SEQUENCE { [0] keyIdentifier }.
    let key_id = openssl::sha::sha1(
        &pki()
            .intermediate
            .public_key()
            .expect("key")
            .public_key_to_der()
            .expect("DER"),
    );
    let mut aki = vec![0x30, 22, 0x80, 20];
    aki.extend(key_id);
    let oid = openssl::asn1::Asn1Object::from_str("2.5.29.35").expect("AKI oid");
    let value = openssl::asn1::Asn1OctetString::new_from_bytes(&aki).expect("octets");
    let extension = openssl::x509::X509Extension::new_from_der(&oid, false, &value).expect("AKI");
    builder.append_extension(extension).expect("AKI added");
    // And a cRLNumber: INTEGER 1.
    let oid = openssl::asn1::Asn1Object::from_str("2.5.29.20").expect("cRLNumber oid");
    let value = openssl::asn1::Asn1OctetString::new_from_bytes(&[0x02, 1, 1]).expect("octets");
    let extension = openssl::x509::X509Extension::new_from_der(&oid, false, &value).expect("cRLNumber");
    builder.append_extension(extension).expect("cRLNumber added");
    builder.sort().expect("sorted");
    builder.sign(key, MessageDigest::sha256()).expect("signed");
    builder.build().expect("CRL")
}

/// The fixture's app with `crl_file` in `crl_files`, and its trust store file.
async fn fixture_with_crl(crl_file: &std::path::Path) -> (TestApp, tempfile::NamedTempFile) {
    let trust = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(trust.path(), pki().root.to_pem().expect("PEM")).expect("trust store written");
    let (path, crls) = (trust.path().to_owned(), vec![crl_file.to_owned()]);
    let app = TestApp::with(|config| {
        config.trust_store = Some(path);
        config.crl_files = crls;
    })
    .await;
    app.register(certificate_client()).await;
    (app, trust)
}

/// `tokeninfo` authenticated by a business certificate assertion of `issued`.
async fn certificate_authenticates(app: &TestApp, issued: &Issued) -> Reply {
    let assertion = sign(&x5c_header("RS256", issued), &claims("cert"), &issued.key);
    with_assertion(app, "tokeninfo", &assertion, &[("token", "unknown")]).await
}

#[rocket::async_test]
async fn a_business_certificate_must_be_meant_for_signing() {
    let app = fixture().await;
    certificate_authenticates(&app, &pki().encipherment)
        .await
        .invalid_client("key usage");
    let ok = certificate_authenticates(&app, &pki().serial_number).await;
    assert_eq!(ok.status, Status::Ok, "{}", ok.body);
}

#[rocket::async_test]
async fn a_revoked_business_certificate_is_invalid_client_and_sighup_reads_the_crl_again() {
    let pki = pki();
    let file = tempfile::NamedTempFile::new().expect("temp file");
    // DER with nothing revoked yet.
    let empty = crl(&[], &pki.intermediate_key);
    std::fs::write(file.path(), empty.to_der().expect("DER")).expect("CRL written");
    let (app, _trust) = fixture_with_crl(file.path()).await;
    let before = certificate_authenticates(&app, &pki.revoked).await;
    assert_eq!(before.status, Status::Ok, "{}", before.body);

    // PEM with the certificate revoked, read again as on SIGHUP.
    let listed = crl(&[&pki.revoked.certificate], &pki.intermediate_key);
    std::fs::write(file.path(), listed.to_pem().expect("PEM")).expect("CRL written");
    let state = app.browser.rocket().state::<porten::web::App>().expect("app");
    porten::reload_trust(state).expect("reloaded");
    certificate_authenticates(&app, &pki.revoked)
        .await
        .invalid_client("revoked");
    let other = certificate_authenticates(&app, &pki.serial_number).await;
    assert_eq!(other.status, Status::Ok, "only the listed certificate: {}", other.body);

    // A CRL not signed by the issuing CA, or out of date, tells nothing:
    // the certificates of that CA are refused until a good one is read.
    let forged = crl(&[], &pki.other_rsa);
    let stale = crl_next_update(&[], &pki.intermediate_key, porten::web::now() - 60);
    for unusable in [forged, stale] {
        std::fs::write(file.path(), unusable.to_pem().expect("PEM")).expect("CRL written");
        porten::reload_trust(state).expect("reloaded");
        certificate_authenticates(&app, &pki.serial_number)
            .await
            .invalid_client("does not verify or is out of date");
    }

    // An unreadable CRL at start stops the start.
    std::fs::write(file.path(), "not a CRL").expect("written");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = test_config(&dir);
    config.trust_store = app.config.trust_store.clone();
    config.crl_files = vec![file.path().to_owned()];
    let Err(error) = porten::build(config).await else {
        panic!("an unreadable CRL must stop the start");
    };
    let error = error.to_string();
    assert!(error.contains("crl_files"), "{error}");
}

// ---------------------------------------------------------------------------
// Issue 10, finding 7.

#[rocket::async_test]
async fn jwt_bearer_refuses_every_scope_but_global_ones() {
    let app = fixture().await;
    let mut mixed = server_client("mixed");
    mixed.scopes = vec![KRR_READ.into(), "user/kontaktinformasjon.read".into(), "openid".into()];
    app.register(mixed).await;
    for scope in [
        "user/kontaktinformasjon.read",
        "openid",
        &format!("{KRR_READ} user/kontaktinformasjon.read"),
    ] {
        let reply = exchange(&app, &grant_assertion("mixed", json!({"scope": scope})), &[]).await;
        let description = reply.error(Status::BadRequest, "invalid_scope");
        assert!(description.contains("only global/"), "{scope}: {description}");
    }
    let reply = exchange(&app, &grant_assertion("mixed", json!({"scope": KRR_READ})), &[]).await;
    assert_eq!(reply.status, Status::Ok, "{}", reply.body);
}

#[rocket::async_test]
async fn invalid_client_does_not_tell_the_registered_method() {
    let app = fixture().await;
    let tries = [
        // rp is registered for client_secret_basic.
        app.back_channel(
            "token",
            &[
                ("grant_type", "authorization_code"),
                ("code", "x"),
                ("redirect_uri", REDIRECT),
                ("client_id", "rp"),
                ("client_secret", SECRET),
            ],
            None,
        )
        .await,
        app.back_channel(
            "token",
            &[
                ("grant_type", "authorization_code"),
                ("code", "x"),
                ("redirect_uri", REDIRECT),
                ("client_id", "rp"),
            ],
            None,
        )
        .await,
        with_assertion(
            &app,
            "token",
            &sign(&rs256("rsa-1"), &claims("rp"), &pki().rsa),
            ENDPOINTS[0].1,
        )
        .await,
        // pkj is registered for private_key_jwt.
        app.back_channel("token", ENDPOINTS[0].1, Some(basic("pkj", SECRET)))
            .await,
    ];
    for reply in tries {
        reply.invalid_client("client authentication failed");
        let body = reply.body.to_string();
        for method in [
            "client_secret_basic",
            "client_secret_post",
            "private_key_jwt",
            "registered",
        ] {
            assert!(!body.contains(method), "{body}");
        }
    }
}
