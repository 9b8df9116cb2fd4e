use super::*;

#[test]
fn totp_matches_rfc_6238_vectors() {
    let secret = b"12345678901234567890";
    // RFC 6238 Appendix B, SHA-1, truncated to 6 digits.
    assert_eq!(totp_at(secret, 59 / 30), "287082");
    assert_eq!(totp_at(secret, 1111111109 / 30), "081804");
    let b32 = data_encoding::BASE32_NOPAD.encode(secret);
    assert_eq!(totp_match(&b32, "081804", 1111111109 + 30), Some(1111111109 / 30));
    assert_eq!(totp_match(&b32, "081804", 1111111109 + 90), None);
}

#[test]
fn jws_round_trip_and_tamper() {
    let key = SigningKey::generate().unwrap();
    let token = key.sign("JWT", &serde_json::json!({"sub": "x"})).unwrap();
    let jwk = key.jwk().unwrap();
    let public = rsa_public_key(&jwk.n, &jwk.e).unwrap();
    let jws = UnverifiedJws::parse(&token).unwrap();
    assert!(jws.verify_rs256(&public).is_ok());
    assert_eq!(jws.kid(), Some(key.kid.as_str()));
    let (header, rest) = token.split_once('.').unwrap();
    let (_, signature) = rest.split_once('.').unwrap();
    let forged = format!("{header}.{}.{signature}", b64url(r#"{"sub":"y"}"#));
    assert!(UnverifiedJws::parse(&forged).unwrap().verify_rs256(&public).is_err());
}

#[test]
fn es256_signatures_verify_with_an_ec_jwk_and_nothing_else() {
    use openssl::bn::BigNumContext;
    let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1).unwrap();
    let private = PKey::from_ec_key(EcKey::generate(&group).unwrap()).unwrap();
    let input = format!("{}.{}", b64url(r#"{"alg":"ES256"}"#), b64url(r#"{"sub":"x"}"#));
    let mut signer = Signer::new(MessageDigest::sha256(), &private).unwrap();
    signer.update(input.as_bytes()).unwrap();
    let der = EcdsaSig::from_der(&signer.sign_to_vec().unwrap()).unwrap();
    let mut raw = der.r().to_vec_padded(32).unwrap();
    raw.extend(der.s().to_vec_padded(32).unwrap());
    let token = format!("{input}.{}", b64url(&raw));

    let ec = private.ec_key().unwrap();
    let (mut x, mut y) = (BigNum::new().unwrap(), BigNum::new().unwrap());
    ec.public_key()
        .affine_coordinates(&group, &mut x, &mut y, &mut BigNumContext::new().unwrap())
        .unwrap();
    let jwk = serde_json::json!({
        "kty": "EC", "crv": "P-256",
        "x": b64url(x.to_vec_padded(32).unwrap()), "y": b64url(y.to_vec_padded(32).unwrap()),
    });
    let public = jwk_public_key(&jwk).unwrap();
    assert_eq!(
        UnverifiedJws::parse(&token).unwrap().verify(&public).unwrap(),
        JwsAlg::Es256
    );

    let rsa = SigningKey::generate().unwrap().jwk().unwrap();
    let rsa = rsa_public_key(&rsa.n, &rsa.e).unwrap();
    assert!(matches!(
        UnverifiedJws::parse(&token).unwrap().verify(&rsa),
        Err(CryptoError::UnusableKey(_))
    ));
    let forged = format!("{input}.{}", b64url([1u8; 64]));
    assert!(matches!(
        UnverifiedJws::parse(&forged).unwrap().verify(&public),
        Err(CryptoError::BadSignature)
    ));
    let mut other_curve = jwk.clone();
    other_curve["crv"] = "P-384".into();
    assert!(jwk_public_key(&other_curve).is_err());
}

#[test]
fn passwords_verify_and_missing_accounts_fail() {
    let hash = hash_password("hemmelig").unwrap();
    let mut memory = Argon2Memory::default();
    assert!(verify_password(&mut memory, "hemmelig", Some(&hash)));
    assert!(!verify_password(&mut memory, "feil", Some(&hash)));
    assert!(!verify_password(&mut memory, "hemmelig", None));
}

#[test]
fn critical_header_extensions_are_refused() {
    let payload = b64url(r#"{"sub":"x"}"#);
    for header in [
        r#"{"alg":"RS256","crit":["exp"]}"#,
        r#"{"alg":"RS256","b64":false,"crit":["b64"]}"#,
    ] {
        let token = format!("{}.{payload}.{}", b64url(header), b64url([1u8; 8]));
        assert!(UnverifiedJws::parse(&token).is_err(), "{header}");
    }
}

#[test]
fn sealed_values_open_only_with_their_key_and_context() {
    let key = derive_key(b"a deployment secret", "totp");
    assert_eq!(key.len(), 32);
    assert_ne!(key, derive_key(b"a deployment secret", "other"));
    let sealed = seal(&key, "12889010051", b"JBSWY3DPEHPK3PXP").unwrap();
    assert!(is_sealed(&sealed) && !sealed.contains("JBSWY3DP"));
    assert_ne!(
        sealed,
        seal(&key, "12889010051", b"JBSWY3DPEHPK3PXP").unwrap(),
        "a fresh nonce each time"
    );
    assert_eq!(
        open(&key, "12889010051", &sealed).as_deref(),
        Some(&b"JBSWY3DPEHPK3PXP"[..])
    );
    assert_eq!(open(&key, "05927510024", &sealed), None, "bound to its row");
    assert_eq!(
        open(&derive_key(b"another secret", "totp"), "12889010051", &sealed),
        None
    );
    let mut tampered = sealed.clone();
    tampered.pop();
    tampered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
    assert_eq!(open(&key, "12889010051", &tampered), None);
    assert_eq!(open(&key, "12889010051", "v1."), None);
    assert_eq!(open(&key, "12889010051", "JBSWY3DPEHPK3PXP"), None);
}
