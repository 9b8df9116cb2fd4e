//! Business certificates (virksomhetssertifikat): the CAs porten trusts and
//! their revocation lists, the verification of a client's `x5c` chain, and
//! the organisation number a certificate carries.

use std::cmp::Ordering;
use std::sync::{Arc, RwLock};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use openssl::asn1::{Asn1Object, Asn1Time};
use openssl::nid::Nid;
use openssl::pkey::{PKey, Public};
use openssl::stack::Stack;
use openssl::x509::store::{X509Store, X509StoreBuilder};
use openssl::x509::verify::X509VerifyFlags;
use openssl::x509::{CrlStatus, X509, X509Crl, X509KeyUsage, X509Ref, X509StoreContext};

use super::CryptoError;

/// How an organisation number is written in `organizationIdentifier`
/// (ETSI EN 319 412-1: the Norwegian register's prefix).
const ORGNO_PREFIX: &str = "NTRNO-";

/// The OID of `organizationIdentifier` (X.520).
const ORGANIZATION_IDENTIFIER: &str = "2.5.4.97";

/// The longest `x5c` chain looked at.
const MAX_CHAIN: usize = 8;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CertificateError {
    #[error("no trust store is configured, so business certificates are not accepted")]
    NoTrustStore,
    #[error("x5c is malformed: {0}")]
    Malformed(&'static str),
    #[error("the certificate has expired")]
    Expired,
    #[error("the certificate is not yet valid")]
    NotYetValid,
    #[error("the chain does not lead to a trusted CA: {0}")]
    Untrusted(String),
    #[error("the certificate's key usage allows neither digitalSignature nor nonRepudiation")]
    KeyUsage,
    #[error("the certificate is revoked (certificate {0} of the chain)")]
    Revoked(usize),
    #[error("the revocation list of certificate {0} of the chain does not verify or is out of date")]
    RevocationUnknown(usize),
}

/// The CAs whose business certificates porten accepts; loaded once at start.
pub struct TrustStore {
    store: Option<X509Store>,
    len: usize,
    /// The revocation lists of the CAs, from `crl_files`.
    crls: Vec<X509Crl>,
}

/// The end-entity certificate of a verified chain.
pub struct BusinessCertificate {
    pub key: PKey<Public>,
    /// From `organizationIdentifier` (`NTRNO-<orgno>`), else `serialNumber`.
    pub orgno: Option<String>,
}

impl TrustStore {
    /// No trusted CAs: every `x5c` is refused.
    pub fn none() -> TrustStore {
        TrustStore {
            store: None,
            len: 0,
            crls: Vec::new(),
        }
    }

    /// The CA certificates of a PEM bundle; an error when it holds none.
    pub fn from_pem(pem: &[u8]) -> Result<TrustStore, CryptoError> {
        let certificates = X509::stack_from_pem(pem)?;
        if certificates.is_empty() {
            return Err(CryptoError::Malformed("no PEM certificate found"));
        }
        let len = certificates.len();
        let mut builder = X509StoreBuilder::new()?;
        for certificate in certificates {
            builder.add_cert(certificate)?;
        }
        // Every configured CA anchors a chain, so an operator may trust one
        // issuing CA without trusting everything its root signed.
        builder.set_flags(X509VerifyFlags::PARTIAL_CHAIN)?;
        Ok(TrustStore {
            store: Some(builder.build()),
            len,
            crls: Vec::new(),
        })
    }

    /// The same CAs with these revocation lists.
    pub fn with_crls(mut self, crls: Vec<X509Crl>) -> TrustStore {
        self.crls = crls;
        self
    }

    /// How many revocation lists are loaded.
    pub fn crls(&self) -> usize {
        self.crls.len()
    }

    /// How many CAs are trusted.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Verifies an `x5c` chain (RFC 7515 4.1.6: base64 DER, the signer's
    /// certificate first, then its intermediates) at `now`.
    pub fn verify(&self, x5c: &[&str], now: i64) -> Result<BusinessCertificate, CertificateError> {
        let store = self.store.as_ref().ok_or(CertificateError::NoTrustStore)?;
        if x5c.is_empty() || x5c.len() > MAX_CHAIN {
            return Err(CertificateError::Malformed("it must hold 1 to 8 certificates"));
        }
        let certificates = x5c
            .iter()
            .map(|c| {
                let der = STANDARD
                    .decode(c)
                    .map_err(|_| CertificateError::Malformed("a certificate is not base64"))?;
                X509::from_der(&der).map_err(|_| CertificateError::Malformed("a certificate is not DER X.509"))
            })
            .collect::<Result<Vec<X509>, CertificateError>>()?;
        let (leaf, intermediates) = certificates
            .split_first()
            .ok_or(CertificateError::Malformed("it must hold 1 to 8 certificates"))?;
        check_validity(leaf, now)?;
        let untrusted = |e: openssl::error::ErrorStack| CertificateError::Untrusted(e.to_string());
        let mut chain = Stack::new().map_err(untrusted)?;
        for intermediate in intermediates {
            chain.push(intermediate.clone()).map_err(untrusted)?;
        }
        let mut context = X509StoreContext::new().map_err(untrusted)?;
        let (verified, error, depth, path) = context
            .init(store, leaf, &chain, |c| {
                let verified = c.verify_cert()?;
                let path: Vec<X509> = c
                    .chain()
                    .map(|chain| chain.iter().map(X509Ref::to_owned).collect())
                    .unwrap_or_default();
                Ok((verified, c.error(), c.error_depth(), path))
            })
            .map_err(untrusted)?;
        if !verified {
            return Err(CertificateError::Untrusted(format!(
                "{error} (certificate {depth} of the chain)"
            )));
        }
        // A business certificate signs: its key must be meant for it.
        let signs = X509KeyUsage::DIGITAL_SIGNATURE | X509KeyUsage::NON_REPUDIATION;
        if !leaf.key_usage().is_some_and(|usage| usage.intersects(signs)) {
            return Err(CertificateError::KeyUsage);
        }
        self.check_revocation(&path, now)?;
        Ok(BusinessCertificate {
            key: leaf.public_key().map_err(untrusted)?,
            orgno: orgno(leaf),
        })
    }
}

impl TrustStore {
    /// Refuses a chain with a certificate that a CRL of its issuer lists.
    /// `path` is the verified chain, leaf first, trust anchor last. Where
    /// CRLs of an issuer are configured, one of them must verify and be
    /// current: a stale or foreign list fails closed, never silently open.
    fn check_revocation(&self, path: &[X509], now: i64) -> Result<(), CertificateError> {
        for (depth, pair) in path.windows(2).enumerate() {
            let (certificate, issuer) = (&pair[0], &pair[1]);
            let mut of_issuer = self.crls.iter().filter(|crl| {
                crl.issuer_name()
                    .try_cmp(certificate.issuer_name())
                    .is_ok_and(|o| o == Ordering::Equal)
            });
            let Some(first) = of_issuer.next() else {
                continue;
            };
            let issuer_key = issuer.public_key().ok();
            let usable = |crl: &&X509Crl| {
                issuer_key.as_ref().is_some_and(|key| crl.verify(key).unwrap_or(false)) && is_current(crl, now)
            };
            let usable: Vec<&X509Crl> = std::iter::once(first).chain(of_issuer).filter(usable).collect();
            if usable.is_empty() {
                tracing::error!(
                    depth,
                    "no CRL of this issuer verifies and is current; refusing the certificate"
                );
                return Err(CertificateError::RevocationUnknown(depth));
            }
            if usable
                .iter()
                .any(|crl| matches!(crl.get_by_cert(certificate), CrlStatus::Revoked(_)))
            {
                return Err(CertificateError::Revoked(depth));
            }
        }
        Ok(())
    }
}

/// Whether a CRL's `nextUpdate` is still ahead (a CRL without one never ages).
fn is_current(crl: &X509Crl, now: i64) -> bool {
    let Some(next) = crl.next_update() else {
        return true;
    };
    openssl::asn1::Asn1Time::from_unix(now)
        .and_then(|now| now.diff(next))
        .is_ok_and(|ahead| ahead.days > 0 || (ahead.days == 0 && ahead.secs > 0))
}

/// The revocation lists of one file: PEM (one or more) or DER.
pub fn parse_crls(bytes: &[u8]) -> Result<Vec<X509Crl>, CryptoError> {
    const BEGIN: &str = "-----BEGIN X509 CRL-----";
    let text = std::str::from_utf8(bytes).ok().filter(|t| t.contains(BEGIN));
    let Some(text) = text else {
        return Ok(vec![X509Crl::from_der(bytes)?]);
    };
    text.match_indices(BEGIN)
        .map(|(start, _)| X509Crl::from_pem(&text.as_bytes()[start..]).map_err(CryptoError::from))
        .collect()
}

/// The trust store in use, replaced whole when it is read again (SIGHUP).
pub struct SharedTrust(RwLock<Arc<TrustStore>>);

impl SharedTrust {
    pub fn new(trust: TrustStore) -> SharedTrust {
        SharedTrust(RwLock::new(Arc::new(trust)))
    }

    pub fn current(&self) -> Arc<TrustStore> {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn replace(&self, trust: TrustStore) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(trust);
    }
}

fn check_validity(certificate: &X509Ref, now: i64) -> Result<(), CertificateError> {
    let unreadable = |e: openssl::error::ErrorStack| CertificateError::Untrusted(e.to_string());
    let now = Asn1Time::from_unix(now).map_err(unreadable)?;
    if certificate.not_after().compare(&now).map_err(unreadable)? == Ordering::Less {
        return Err(CertificateError::Expired);
    }
    if certificate.not_before().compare(&now).map_err(unreadable)? == Ordering::Greater {
        return Err(CertificateError::NotYetValid);
    }
    Ok(())
}

/// The organisation number in a certificate's subject: `organizationIdentifier`
/// `NTRNO-<orgno>` in current certificates, `serialNumber` in older ones.
fn orgno(certificate: &X509Ref) -> Option<String> {
    let subject = certificate.subject_name();
    let first = |nid: Nid| {
        subject
            .entries_by_nid(nid)
            .find_map(|entry| entry.data().to_string().ok())
    };
    let organization_identifier = Asn1Object::from_str(ORGANIZATION_IDENTIFIER)
        .ok()
        .map(|oid| oid.nid())
        .filter(|nid| *nid != Nid::UNDEF);
    organization_identifier
        .and_then(first)
        .and_then(|value| value.strip_prefix(ORGNO_PREFIX).map(str::to_owned))
        .or_else(|| first(Nid::SERIALNUMBER))
}
