//! The only module that touches openssl: random tokens, hashes, HMAC, RSA
//! keys, JWS, client keys, passwords and one-time codes; business
//! certificates in `x509`.

pub mod x509;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use openssl::bn::BigNum;
use openssl::ec::{EcGroup, EcKey};
use openssl::ecdsa::EcdsaSig;
use openssl::hash::MessageDigest;
use openssl::nid::Nid;
use openssl::pkey::{Id, PKey, Private, Public};
use openssl::rsa::Rsa;
use openssl::sign::{Signer, Verifier};
use openssl::symm::Cipher;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, thiserror::Error)]
pub enum CryptoError {
    #[error("openssl: {0}")]
    OpenSsl(#[from] openssl::error::ErrorStack),
    #[error("malformed JWS: {0}")]
    Malformed(&'static str),
    #[error("bad signature")]
    BadSignature,
    #[error("{0}")]
    UnusableKey(String),
    #[error("password hash: {0}")]
    Password(String),
}

pub fn b64url(data: impl AsRef<[u8]>) -> String {
    URL_SAFE_NO_PAD.encode(data)
}

pub fn b64url_decode(data: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(data).ok()
}

pub fn random_bytes(len: usize) -> Vec<u8> {
    let mut buf = vec![0; len];
    openssl::rand::rand_bytes(&mut buf).expect("the system random generator works");
    buf
}

/// 256 random bits, base64url: codes, tokens, session ids, generated secrets
/// (only `A–Z a–z 0–9 - _`).
pub fn random_token() -> String {
    b64url(random_bytes(32))
}

pub fn sha256(data: impl AsRef<[u8]>) -> [u8; 32] {
    openssl::sha::sha256(data.as_ref())
}

/// How a token, code or secret is stored and looked up: base64url(SHA-256).
pub fn token_hash(token: &str) -> String {
    b64url(sha256(token))
}

pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    // HMAC takes a key of any length (RFC 2104 2): this never fails.
    let Ok(mut mac) = hmac::Hmac::<sha2::Sha256>::new_from_slice(key) else {
        unreachable!("HMAC accepts any key length")
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// HMAC-SHA-1, for TOTP (RFC 6238) only.
fn hmac_sha1(key: &[u8], data: &[u8]) -> Vec<u8> {
    use hmac::{KeyInit, Mac};
    let Ok(mut mac) = hmac::Hmac::<sha1::Sha1>::new_from_slice(key) else {
        unreachable!("HMAC accepts any key length")
    };
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// A 256-bit key for one `purpose`, derived from a deployment secret: the
/// single block of HKDF-Expand (RFC 5869 2.3) with the secret as its key.
pub fn derive_key(secret: &[u8], purpose: &str) -> Vec<u8> {
    let info = format!("porten {purpose}\u{1}");
    hmac_sha256(secret, info.as_bytes())
}

/// What a sealed value starts with (not a base32 or base64url character).
pub const SEALED: &str = "v1.";

/// Encrypts `plaintext` with AES-256-GCM under `key`, bound to `context`
/// (the row it is stored in): `v1.` + base64url(nonce ‖ ciphertext ‖ tag).
pub fn seal(key: &[u8], context: &str, plaintext: &[u8]) -> Result<String, CryptoError> {
    let nonce = random_bytes(12);
    let mut tag = [0u8; 16];
    let ciphertext = openssl::symm::encrypt_aead(
        Cipher::aes_256_gcm(),
        key,
        Some(&nonce),
        context.as_bytes(),
        plaintext,
        &mut tag,
    )?;
    let mut sealed = nonce;
    sealed.extend(ciphertext);
    sealed.extend(tag);
    Ok(format!("{SEALED}{}", b64url(sealed)))
}

/// Whether a stored value was sealed by `seal`.
pub fn is_sealed(value: &str) -> bool {
    value.starts_with(SEALED)
}

/// Decrypts what `seal` made with `key` and `context`; `None` when it was
/// made with another key or context, or changed.
pub fn open(key: &[u8], context: &str, sealed: &str) -> Option<Vec<u8>> {
    let bytes = b64url_decode(sealed.strip_prefix(SEALED)?)?;
    if bytes.len() < 12 + 16 {
        return None;
    }
    let (nonce, rest) = bytes.split_at(12);
    let (ciphertext, tag) = rest.split_at(rest.len() - 16);
    openssl::symm::decrypt_aead(
        Cipher::aes_256_gcm(),
        key,
        Some(nonce),
        context.as_bytes(),
        ciphertext,
        tag,
    )
    .ok()
}

/// Constant-time comparison of two secrets.
pub fn ct_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && openssl::memcmp::eq(a, b)
}

/// OIDC Core 3.1.3.6: the left half of the SHA-256 of the access token.
pub fn at_hash(access_token: &str) -> String {
    b64url(&sha256(access_token)[..16])
}

/// A public key as published in `jwk`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jwk {
    pub kty: String,
    pub kid: String,
    #[serde(rename = "use")]
    pub use_: String,
    pub alg: String,
    pub n: String,
    pub e: String,
}

/// An RSA key porten signs with.
pub struct SigningKey {
    pub kid: String,
    key: PKey<Private>,
}

impl SigningKey {
    pub fn generate() -> Result<SigningKey, CryptoError> {
        let key = PKey::from_rsa(Rsa::generate(2048)?)?;
        let mut signing = SigningKey {
            kid: String::new(),
            key,
        };
        signing.kid = signing.thumbprint()?;
        Ok(signing)
    }

    pub fn from_encrypted_pem(kid: &str, pem: &str, passphrase: &str) -> Result<SigningKey, CryptoError> {
        let key = PKey::private_key_from_pem_passphrase(pem.as_bytes(), passphrase.as_bytes())?;
        Ok(SigningKey {
            kid: kid.to_owned(),
            key,
        })
    }

    pub fn to_encrypted_pem(&self, passphrase: &str) -> Result<String, CryptoError> {
        let pem = self
            .key
            .private_key_to_pem_pkcs8_passphrase(Cipher::aes_256_cbc(), passphrase.as_bytes())?;
        Ok(String::from_utf8_lossy(&pem).into_owned())
    }

    pub fn jwk(&self) -> Result<Jwk, CryptoError> {
        let rsa = self.key.rsa()?;
        Ok(Jwk {
            kty: "RSA".into(),
            kid: self.kid.clone(),
            use_: "sig".into(),
            alg: "RS256".into(),
            n: b64url(rsa.n().to_vec()),
            e: b64url(rsa.e().to_vec()),
        })
    }

    /// RFC 7638 thumbprint, used as the `kid`.
    fn thumbprint(&self) -> Result<String, CryptoError> {
        let rsa = self.key.rsa()?;
        let canonical = format!(
            r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
            b64url(rsa.e().to_vec()),
            b64url(rsa.n().to_vec())
        );
        Ok(b64url(sha256(canonical)))
    }

    /// A compact RS256 JWS. CPU-bound: call it from `spawn_blocking`.
    pub fn sign(&self, typ: &str, claims: &Value) -> Result<String, CryptoError> {
        let header = serde_json::json!({ "alg": "RS256", "typ": typ, "kid": self.kid });
        let input = format!("{}.{}", b64url(header.to_string()), b64url(claims.to_string()));
        let mut signer = Signer::new(MessageDigest::sha256(), &self.key)?;
        signer.update(input.as_bytes())?;
        Ok(format!("{input}.{}", b64url(signer.sign_to_vec()?)))
    }
}

/// A compact JWS split into its parts, not yet verified.
pub struct UnverifiedJws<'a> {
    pub header: Value,
    pub claims: Value,
    signing_input: &'a str,
    signature: Vec<u8>,
}

impl<'a> UnverifiedJws<'a> {
    pub fn parse(token: &'a str) -> Result<UnverifiedJws<'a>, CryptoError> {
        let (signing_input, signature) = token.rsplit_once('.').ok_or(CryptoError::Malformed("no signature"))?;
        let (header, claims) = signing_input
            .split_once('.')
            .ok_or(CryptoError::Malformed("no payload"))?;
        let decode = |part: &str| -> Result<Value, CryptoError> {
            let bytes = b64url_decode(part).ok_or(CryptoError::Malformed("not base64url"))?;
            let value: Value = serde_json::from_slice(&bytes).map_err(|_| CryptoError::Malformed("not JSON"))?;
            value
                .is_object()
                .then_some(value)
                .ok_or(CryptoError::Malformed("not a JSON object"))
        };
        let header = decode(header)?;
        // RFC 7515 4.1.11: porten understands no extension, so it must refuse
        // a JWS that names one as critical (`b64: false` among them).
        if header.get("crit").is_some() {
            return Err(CryptoError::Malformed("critical header extensions are not supported"));
        }
        Ok(UnverifiedJws {
            header,
            claims: decode(claims)?,
            signing_input,
            signature: b64url_decode(signature).ok_or(CryptoError::Malformed("signature not base64url"))?,
        })
    }

    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg").and_then(Value::as_str)
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid").and_then(Value::as_str)
    }

    /// Checks an RS256 signature; any other `alg` is refused.
    pub fn verify_rs256(&self, key: &PKey<Public>) -> Result<(), CryptoError> {
        if self.alg() != Some("RS256") {
            return Err(CryptoError::Malformed("alg must be RS256"));
        }
        verify_sha256(key, self.signing_input, &self.signature)
    }

    /// Checks an RS256 or ES256 signature with a key of the matching kind
    /// (RSA of 2048 bits or more, EC on P-256); any other `alg` is refused.
    pub fn verify(&self, key: &PKey<Public>) -> Result<JwsAlg, CryptoError> {
        let alg = self
            .alg()
            .and_then(JwsAlg::parse)
            .ok_or(CryptoError::Malformed("alg must be RS256 or ES256"))?;
        match alg {
            JwsAlg::Rs256 => {
                if key.id() != Id::RSA || key.bits() < 2048 {
                    return Err(CryptoError::UnusableKey(
                        "RS256 needs an RSA key of at least 2048 bits".into(),
                    ));
                }
                verify_sha256(key, self.signing_input, &self.signature)?;
            }
            JwsAlg::Es256 => {
                if !is_p256(key) {
                    return Err(CryptoError::UnusableKey("ES256 needs an EC key on P-256".into()));
                }
                verify_sha256(key, self.signing_input, &es256_der(&self.signature)?)?;
            }
        }
        Ok(alg)
    }
}

/// The signature algorithms porten accepts on what clients sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JwsAlg {
    Rs256,
    Es256,
}

impl JwsAlg {
    pub const ALL: [JwsAlg; 2] = [JwsAlg::Rs256, JwsAlg::Es256];

    pub fn parse(value: &str) -> Option<JwsAlg> {
        JwsAlg::ALL.into_iter().find(|alg| alg.as_str() == value)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            JwsAlg::Rs256 => "RS256",
            JwsAlg::Es256 => "ES256",
        }
    }
}

fn verify_sha256(key: &PKey<Public>, input: &str, signature: &[u8]) -> Result<(), CryptoError> {
    let mut verifier = Verifier::new(MessageDigest::sha256(), key)?;
    verifier.update(input.as_bytes())?;
    if verifier.verify(signature)? {
        Ok(())
    } else {
        Err(CryptoError::BadSignature)
    }
}

fn is_p256(key: &PKey<Public>) -> bool {
    key.id() == Id::EC
        && key
            .ec_key()
            .is_ok_and(|ec| ec.group().curve_name() == Some(Nid::X9_62_PRIME256V1))
}

/// RFC 7518 3.4: an ES256 signature is r ‖ s, 32 bytes each; openssl wants
/// the DER `ECDSA-Sig-Value`.
fn es256_der(raw: &[u8]) -> Result<Vec<u8>, CryptoError> {
    if raw.len() != 64 {
        return Err(CryptoError::Malformed("an ES256 signature is 64 bytes"));
    }
    let (r, s) = raw.split_at(32);
    Ok(EcdsaSig::from_private_components(BigNum::from_slice(r)?, BigNum::from_slice(s)?)?.to_der()?)
}

/// The public key of an RSA JWK.
/// Whether `der` is an X.509 certificate (DER).
pub fn is_certificate(der: &[u8]) -> bool {
    openssl::x509::X509::from_der(der).is_ok()
}

pub fn rsa_public_key(n: &str, e: &str) -> Result<PKey<Public>, CryptoError> {
    let decode = |v: &str| b64url_decode(v).ok_or(CryptoError::Malformed("JWK not base64url"));
    let rsa = Rsa::from_public_components(BigNum::from_slice(&decode(n)?)?, BigNum::from_slice(&decode(e)?)?)?;
    Ok(PKey::from_rsa(rsa)?)
}

/// A key that checks signatures.
pub type PublicKey = PKey<Public>;

/// The public key of a client's JWK (RFC 7517): RSA, or EC on P-256.
pub fn jwk_public_key(jwk: &Value) -> Result<PublicKey, CryptoError> {
    let member = |name: &'static str| {
        jwk.get(name)
            .and_then(Value::as_str)
            .ok_or_else(|| CryptoError::UnusableKey(format!("the JWK has no {name}")))
    };
    match member("kty")? {
        "RSA" => rsa_public_key(member("n")?, member("e")?),
        "EC" => {
            if member("crv")? != "P-256" {
                return Err(CryptoError::UnusableKey("only EC keys on P-256 are supported".into()));
            }
            let coordinate = |name: &'static str| -> Result<BigNum, CryptoError> {
                let bytes = b64url_decode(member(name)?).ok_or(CryptoError::Malformed("JWK not base64url"))?;
                if bytes.len() != 32 {
                    return Err(CryptoError::UnusableKey(format!("the JWK's {name} is not 32 bytes")));
                }
                Ok(BigNum::from_slice(&bytes)?)
            };
            let group = EcGroup::from_curve_name(Nid::X9_62_PRIME256V1)?;
            let key = EcKey::from_public_key_affine_coordinates(&group, &*coordinate("x")?, &*coordinate("y")?)
                .map_err(|_| CryptoError::UnusableKey("the JWK's point is not on P-256".into()))?;
            Ok(PKey::from_ec_key(key)?)
        }
        other => Err(CryptoError::UnusableKey(format!(
            "kty {other} is not supported; use RSA or EC"
        ))),
    }
}

/// Argon2id with the crate's defaults. CPU-bound: call it from `spawn_blocking`.
pub fn hash_password(password: &str) -> Result<String, CryptoError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt = SaltString::encode_b64(&random_bytes(16)).map_err(|e| CryptoError::Password(e.to_string()))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| CryptoError::Password(e.to_string()))
}

/// The most memory a stored hash may ask for (porten's own use 19 MiB).
const MAX_ARGON2_BLOCKS: u32 = 64 * 1024;

/// Memory for Argon2, kept by a hashing thread from one check to the next,
/// so checking a password allocates nothing.
#[derive(Default)]
pub struct Argon2Memory(Vec<argon2::Block>);

/// Checks a password against its hash. Without a hash it still does the same
/// work, so a missing account answers as slowly as a wrong password.
pub fn verify_password(memory: &mut Argon2Memory, password: &str, hash: Option<&str>) -> bool {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash_password("not a password").unwrap_or_default());
    let (stored, real) = match hash {
        Some(hash) => (hash, true),
        None => (dummy.as_str(), false),
    };
    argon2_matches(memory, password, stored) && real
}

fn argon2_matches(memory: &mut Argon2Memory, password: &str, stored: &str) -> bool {
    use argon2::password_hash::PasswordHash;
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        argon2::Algorithm::try_from(parsed.algorithm),
        argon2::Params::try_from(&parsed),
        parsed.salt,
        parsed.hash,
    ) else {
        return false;
    };
    let version = parsed
        .version
        .map_or(Ok(argon2::Version::V0x13), argon2::Version::try_from);
    let mut salt_bytes = [0u8; argon2::password_hash::Salt::MAX_LENGTH];
    let (Ok(version), Ok(salt)) = (version, salt.decode_b64(&mut salt_bytes)) else {
        return false;
    };
    if params.m_cost() > MAX_ARGON2_BLOCKS {
        tracing::error!(
            m_cost = params.m_cost(),
            "a stored password hash asks for too much memory"
        );
        return false;
    }
    memory.0.resize(params.block_count(), argon2::Block::default());
    let mut computed = vec![0u8; expected.len()];
    argon2::Argon2::new(algorithm, version, params)
        .hash_password_into_with_memory(password.as_bytes(), salt, &mut computed, &mut memory.0[..])
        .is_ok()
        && ct_eq(&computed, expected.as_bytes())
}

/// RFC 6238 TOTP (SHA-1, 6 digits, 30 s steps): the step a code matches,
/// trying one step either side of `now`.
pub fn totp_match(secret_base32: &str, code: &str, now: i64) -> Option<i64> {
    let secret = data_encoding::BASE32_NOPAD
        .decode(secret_base32.trim_end_matches('=').to_ascii_uppercase().as_bytes())
        .ok()?;
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let current = now.div_euclid(30);
    (current - 1..=current + 1).find(|step| ct_eq(totp_at(&secret, *step).as_bytes(), code.as_bytes()))
}

pub fn totp_at(secret: &[u8], step: i64) -> String {
    let mac = hmac_sha1(secret, &step.to_be_bytes());
    let offset = usize::from(mac[19] & 0x0f);
    let binary = u32::from_be_bytes([mac[offset] & 0x7f, mac[offset + 1], mac[offset + 2], mac[offset + 3]]);
    format!("{:06}", binary % 1_000_000)
}

pub fn is_base32_secret(value: &str) -> bool {
    data_encoding::BASE32_NOPAD
        .decode(value.trim_end_matches('=').to_ascii_uppercase().as_bytes())
        .is_ok_and(|s| s.len() >= 10)
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
