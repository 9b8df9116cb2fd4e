//! Property tests: compact JWS and `x5c` chains from outside never panic the
//! parsers, junk is a typed error, and what porten signs parses back.

use std::sync::LazyLock;

use openssl::asn1::{Asn1Integer, Asn1Time};
use openssl::bn::BigNum;
use openssl::x509::extension::{BasicConstraints, KeyUsage};
use openssl::x509::{X509, X509Builder, X509NameBuilder};
use proptest::prelude::*;

use super::x509::{CertificateError, TrustStore};
use super::*;

/// OpenSSL checks the chain's dates against the real clock.
static NOW: LazyLock<i64> = LazyLock::new(crate::web::now);

static KEY: LazyLock<SigningKey> = LazyLock::new(|| SigningKey::generate().expect("RSA key"));

/// A CA, a signing certificate it issued for organisation 974760673, and the
/// trust store that holds the CA.
struct Pki {
    trust: TrustStore,
    leaf: Vec<u8>,
}

fn certificate(subject: &str, key: &PKey<Private>, issuer: Option<(&X509, &PKey<Private>)>) -> X509 {
    let mut name = X509NameBuilder::new().expect("name");
    name.append_entry_by_text("CN", subject).expect("CN");
    if issuer.is_some() {
        name.append_entry_by_text("serialNumber", "974760673")
            .expect("serialNumber");
    }
    let name = name.build();
    let mut builder = X509Builder::new().expect("builder");
    builder.set_version(2).expect("version");
    let serial = BigNum::from_slice(&random_bytes(16)).expect("serial");
    builder
        .set_serial_number(&Asn1Integer::from_bn(&serial).expect("serial"))
        .expect("serial");
    builder.set_subject_name(&name).expect("subject");
    builder
        .set_issuer_name(issuer.map_or(&name, |(ca, _)| ca.subject_name()))
        .expect("issuer");
    builder.set_pubkey(key).expect("key");
    builder
        .set_not_before(&Asn1Time::from_unix(*NOW - 3600).expect("time"))
        .expect("not before");
    builder
        .set_not_after(&Asn1Time::from_unix(*NOW + 3600).expect("time"))
        .expect("not after");
    let mut constraints = BasicConstraints::new();
    constraints.critical();
    let mut usage = KeyUsage::new();
    usage.critical();
    if issuer.is_none() {
        constraints.ca();
        usage.key_cert_sign().crl_sign();
    } else {
        usage.digital_signature();
    }
    builder.append_extension(constraints.build().expect("bc")).expect("bc");
    builder.append_extension(usage.build().expect("ku")).expect("ku");
    builder
        .sign(issuer.map_or(key, |(_, ca_key)| ca_key), MessageDigest::sha256())
        .expect("sign");
    builder.build()
}

static PKI: LazyLock<Pki> = LazyLock::new(|| {
    let ca_key = PKey::from_rsa(Rsa::generate(2048).expect("CA key")).expect("CA key");
    let ca = certificate("Test CA", &ca_key, None);
    let leaf_key = PKey::from_rsa(Rsa::generate(2048).expect("leaf key")).expect("leaf key");
    let leaf = certificate("Test business", &leaf_key, Some((&ca, &ca_key)));
    Pki {
        trust: TrustStore::from_pem(&ca.to_pem().expect("PEM")).expect("trust store"),
        leaf: leaf.to_der().expect("DER"),
    }
});

fn b64(der: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(der)
}

/// Three dot-separated parts, each base64url of JSON-ish or random bytes.
fn jws_like() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        any::<Vec<u8>>().prop_map(b64url),
        "\\{[ -~]{0,30}\\}".prop_map(b64url),
        Just(b64url(r#"{"alg":"RS256","kid":"k"}"#)),
        Just(b64url(r#"{"alg":"RS256","crit":["b64"],"b64":false}"#)),
        Just(b64url("[]")),
        Just(b64url("null")),
        "[A-Za-z0-9_=+/-]{0,20}",
    ];
    proptest::collection::vec(part, 0..5).prop_map(|parts| parts.join("."))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn jws_parse_never_panics(token in any::<String>()) {
        if let Ok(jws) = UnverifiedJws::parse(&token) {
            prop_assert!(jws.header.is_object() && jws.claims.is_object());
            let _ = (jws.alg(), jws.kid());
        }
    }

    #[test]
    fn near_valid_jws_is_parsed_or_refused_as_malformed(token in jws_like()) {
        match UnverifiedJws::parse(&token) {
            Ok(jws) => {
                prop_assert!(jws.header.is_object() && jws.claims.is_object());
                prop_assert!(jws.header.get("crit").is_none());
                // Not signed by porten's key: verifying fails, it never panics.
                let public = KEY.jwk().expect("jwk");
                let public = rsa_public_key(&public.n, &public.e).expect("key");
                prop_assert!(jws.verify(&public).is_err());
            }
            Err(error) => prop_assert!(matches!(error, CryptoError::Malformed(_)), "{}", error),
        }
    }

    #[test]
    fn what_porten_signs_parses_back(
        typ in "[A-Za-z+]{1,10}",
        claims in proptest::collection::btree_map("[a-z_]{1,8}", any::<String>(), 0..6),
    ) {
        let claims = serde_json::to_value(&claims).expect("JSON");
        let token = KEY.sign(&typ, &claims).expect("signed");
        let jws = UnverifiedJws::parse(&token).expect("parses");
        prop_assert_eq!(&jws.claims, &claims);
        prop_assert_eq!(jws.header.get("typ").and_then(Value::as_str), Some(typ.as_str()));
        prop_assert_eq!(jws.kid(), Some(KEY.kid.as_str()));
        prop_assert_eq!(jws.alg(), Some("RS256"));
    }

    #[test]
    fn b64url_round_trips(bytes in any::<Vec<u8>>(), junk in any::<String>()) {
        prop_assert_eq!(b64url_decode(&b64url(&bytes)), Some(bytes));
        let _ = b64url_decode(&junk);
    }

    #[test]
    fn x5c_junk_is_malformed(chain in proptest::collection::vec(any::<String>(), 0..10)) {
        let x5c: Vec<&str> = chain.iter().map(String::as_str).collect();
        prop_assert!(PKI.trust.verify(&x5c, *NOW).is_err());
        prop_assert_eq!(TrustStore::none().verify(&x5c, *NOW).err(), Some(CertificateError::NoTrustStore));
    }

    #[test]
    fn x5c_with_mangled_der_never_panics(
        position in any::<prop::sample::Index>(),
        flip in 1u8..=255,
        cut in any::<prop::sample::Index>(),
        truncate in any::<bool>(),
        random in any::<Vec<u8>>(),
    ) {
        let mut der = PKI.leaf.clone();
        if truncate {
            der.truncate(cut.index(der.len()));
        } else {
            let at = position.index(der.len());
            der[at] ^= flip;
        }
        let mangled = b64(&der);
        let noise = b64(&random);
        // A changed byte may land in a part nobody reads (the signature's
        // unused bits): only never panicking and never trusting noise is promised.
        let _ = PKI.trust.verify(&[mangled.as_str()], *NOW);
        prop_assert!(matches!(
            PKI.trust.verify(&[noise.as_str()], *NOW),
            Err(CertificateError::Malformed(_))
        ));
    }
}

#[test]
fn the_generated_chain_verifies_and_names_its_organisation() {
    let leaf = b64(&PKI.leaf);
    let certificate = PKI.trust.verify(&[leaf.as_str()], *NOW).expect("a trusted chain");
    assert_eq!(certificate.orgno.as_deref(), Some("974760673"));
}
