//! What test profiles start with: documented test citizens (SPEC §9) with
//! their contact-register data and, in `dev`, a demo client.

use crate::core::client::Client;
use crate::crypto;
use crate::domain::{KrrStatus, Reservasjon};
use crate::krr::core::KrrPerson;
use crate::store::{Citizen, Store};
use crate::web::{Secrets, now};

/// A documented test citizen; the README lists them.
pub struct TestCitizen {
    pub pid: &'static str,
    pub name: &'static str,
    register: Register,
}

/// A test citizen's contact-register case. Ages are days before the first
/// seeding, so fresh data is fresh whenever a database is seeded.
struct Register {
    /// Local part of the e-mail address at example.com, and the mobile number.
    contact: (&'static str, &'static str),
    updated_days_ago: i64,
    verified_days_ago: Option<i64>,
    /// Digital mailbox address and its provider's organisation number.
    mailbox: Option<(&'static str, &'static str)>,
    certificate: bool,
    spraak: Option<&'static str>,
    reservasjon: Reservasjon,
    status: KrrStatus,
}

/// An active, unreserved register case with contact data only.
const fn active(
    contact: (&'static str, &'static str),
    updated_days_ago: i64,
    verified_days_ago: Option<i64>,
) -> Register {
    Register {
        contact,
        updated_days_ago,
        verified_days_ago,
        mailbox: None,
        certificate: false,
        spraak: None,
        reservasjon: Reservasjon::Nei,
        status: KrrStatus::Aktiv,
    }
}

/// Every test citizen's password, and their TOTP secret (RFC 6238, base32).
pub const TEST_PASSWORD: &str = "porten-test";
pub const TEST_OTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DP";

/// Synthetic pids (month + 80), so they never belong to a real person; their
/// register cases cover every status and reservation (SPEC §9).
pub const TEST_CITIZENS: &[TestCitizen] = &[
    // Active, not reserved, fresh contact data, a digital mailbox.
    TestCitizen {
        pid: "12889010051",
        name: "Kari Nordmann",
        register: Register {
            mailbox: Some(("kari.nordmann#8PX2", "984661185")),
            certificate: true,
            spraak: Some("nb"),
            ..active(("kari.nordmann", "+4799999901"), 400, Some(30))
        },
    },
    // Active, never verified: the update time keeps the data fresh.
    TestCitizen {
        pid: "05927510024",
        name: "Ola Nordmann",
        register: Register {
            spraak: Some("nn"),
            ..active(("ola.nordmann", "+4799999902"), 100, None)
        },
    },
    // Active, Northern Sami.
    TestCitizen {
        pid: "23848510149",
        name: "Áile Sara",
        register: Register {
            mailbox: Some(("aile.sara#4KQ9", "996460320")),
            certificate: true,
            spraak: Some("se"),
            ..active(("aile.sara", "+4799999903"), 60, Some(10))
        },
    },
    // Reserved against digital communication.
    TestCitizen {
        pid: "17816010012",
        name: "Nils Reservert",
        register: Register {
            reservasjon: Reservasjon::Ja,
            ..active(("nils.reservert", "+4799999904"), 90, Some(90))
        },
    },
    // Deleted: the old data stays on record but is never handed out.
    TestCitizen {
        pid: "31929910020",
        name: "Per Slettet",
        register: Register {
            status: KrrStatus::Slettet,
            ..active(("per.slettet", "+4799999905"), 900, None)
        },
    },
    // Not reachable: last verified two years ago.
    TestCitizen {
        pid: "15887010002",
        name: "Siri Utdatert",
        register: Register {
            spraak: Some("en"),
            ..active(("siri.utdatert", "+4799999906"), 800, Some(730))
        },
    },
];

pub const DEMO_CLIENT_ID: &str = "demo";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-for-local-testing-only";

/// Creates the test citizens that are missing. One password hash serves
/// them all, computed off the executor.
pub async fn test_citizens(store: &Store, secrets: &Secrets) -> Result<(), SeedError> {
    let mut missing = Vec::new();
    for citizen in TEST_CITIZENS {
        if store.citizen(citizen.pid).await?.is_none() {
            missing.push(citizen);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let hash = tokio::task::spawn_blocking(|| crypto::hash_password(TEST_PASSWORD)).await??;
    for citizen in missing {
        store
            .save_citizen(Citizen {
                pid: citizen.pid.into(),
                password_hash: Some(hash.clone()),
                otp_secret: Some(secrets.seal_otp(citizen.pid, TEST_OTP_SECRET)?),
                otp_last_step: None,
                name: Some(citizen.name.into()),
                created_at: now(),
            })
            .await?;
    }
    Ok(())
}

const DAY: i64 = 86_400;

/// A self-signed certificate standing in for a citizen's secure digital post
/// certificate (base64 DER; test data only, its key was thrown away).
pub(crate) const TEST_CERTIFICATE: &str = concat!(
    "MIIDmTCCAoGgAwIBAgIUCrBN0cR0LBruVgwXdMWa1Z4+qdQwDQYJKoZIhvcNAQELBQAwXDELMAkGA1UEBhMCTk8xGTAXBgNVBAoM",
    "EHBvcnRlbiB0ZXN0IGRhdGExMjAwBgNVBAMMKXBvcnRlbiB0ZXN0IGNpdGl6ZW4gKHNpa2tlciBkaWdpdGFsIHBvc3QpMB4XDTI2",
    "MTEyNTIxNDEzMVoXDTQ2MTEyMDIxNDEzMVowXDELMAkGA1UEBhMCTk8xGTAXBgNVBAoMEHBvcnRlbiB0ZXN0IGRhdGExMjAwBgNV",
    "BAMMKXBvcnRlbiB0ZXN0IGNpdGl6ZW4gKHNpa2tlciBkaWdpdGFsIHBvc3QpMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKC",
    "AQEAlVdrzfZkxYlTt/yzrihR4hIWRvnBGnRzNV2wl0l+nySUFfBxtvqR8ce1BcNrb746zn/YeLQUGPMIxxXHDLIHsPpIj5WjPSRj",
    "nLHqkYSbODAgb4ubfzMAPAHzkTeDYYHz1UBRSUYjydtyTaxv4rPH4fg9E4LuTja4NKMDpYYkR4S+fZrIEvYEZhmRpjm3MPLGBOLx",
    "nb8q8rBavl5Tl2HJ+f4/DgaKrA9836tdeZ+fTJo5VgL6uoFhqoWK97D3d9ehXvqJvvzzQ0iKlSZog4AJ/OLvuhegiHQvBJfhP4xn",
    "4EHIPgZRx6n1f19ZMH3ldY8xl85d6DdFDT36kLrklJ748wIDAQABo1MwUTAdBgNVHQ4EFgQUmXjkGv9igEL6HNc8yXtkobp1ETow",
    "HwYDVR0jBBgwFoAUmXjkGv9igEL6HNc8yXtkobp1ETowDwYDVR0TAQH/BAUwAwEB/zANBgkqhkiG9w0BAQsFAAOCAQEASe2ziyZm",
    "GWZXRoBtigDI9kpetInLVqR74PXvyoCLTFYGeGVFlHmUa0TKC0MERBzz0AReYSJ0HFtQ46YY6GHFhVlWCcK6InOGoz50mh1h4lQE",
    "RQ/dAtXgOaMIcmsop6bS6nLx9MILdvZ7O9ytgT2hyjPTCaN3sDP9kwVQuFUxkodsBzDrz1paSEM8JQ4bSczrYb47jYgtl/qY8V4o",
    "7fjQFIG13IMCsoO0GoPcevv14H/5jREBlFSJrVnWna2W3CvFi/EgFwOTR4r1+q9LA+mboUYtgVcOviurCo1PIOLelSDyp73Ee3+m",
    "jmIN6T5TzfDWgC8heC4XIlBwlAaDuKijVQ==",
);

/// A test citizen's register case as stored, with times relative to `now`.
fn test_krr_person(citizen: &TestCitizen, now: i64) -> KrrPerson {
    let case = &citizen.register;
    let days_ago = |days: i64| now - days * DAY;
    let (local, mobile) = case.contact;
    let mut p = KrrPerson::new(citizen.pid);
    p.epostadresse = Some(format!("{local}@example.com"));
    p.epostadresse_oppdatert = Some(days_ago(case.updated_days_ago));
    p.epostadresse_sist_verifisert = case.verified_days_ago.map(days_ago);
    p.mobiltelefonnummer = Some(mobile.to_owned());
    p.mobiltelefonnummer_oppdatert = p.epostadresse_oppdatert;
    p.mobiltelefonnummer_sist_verifisert = p.epostadresse_sist_verifisert;
    if let Some((address, provider)) = case.mailbox {
        p.postkasseadresse = Some(address.into());
        p.postkasseleverandoeradresse = Some(provider.into());
    }
    p.sertifikat = case.certificate.then(|| TEST_CERTIFICATE.into());
    p.spraak = case.spraak.map(str::to_owned);
    p.spraak_oppdatert = case.spraak.map(|_| days_ago(200));
    p.reservasjon = case.reservasjon;
    p.status = case.status;
    p
}

/// Enters the test citizens missing from the contact register: one read,
/// and one write when any is missing.
pub async fn krr_persons(store: &Store, now: i64) -> Result<(), SeedError> {
    let pids: Vec<String> = TEST_CITIZENS.iter().map(|c| c.pid.to_owned()).collect();
    let present = store.krr_persons(&pids).await?;
    let missing: Vec<KrrPerson> = TEST_CITIZENS
        .iter()
        .filter(|citizen| !present.iter().any(|p| p.pid == citizen.pid))
        .map(|citizen| test_krr_person(citizen, now))
        .collect();
    if !missing.is_empty() {
        store.upsert_krr_persons(missing).await?;
    }
    Ok(())
}

/// The demo client of `dev`, redirecting to porten's own demo page.
pub async fn demo_client(store: &Store, issuer: &str) -> Result<Client, SeedError> {
    if let Some(client) = store.client(DEMO_CLIENT_ID).await? {
        return Ok(client);
    }
    let mut client = Client::new(DEMO_CLIENT_ID);
    client.display_name = "Demo".into();
    client.redirect_uris = vec![format!("{issuer}demo/callback")];
    client.post_logout_redirect_uris = vec![format!("{issuer}demo/callback")];
    client.secret_hash = Some(crypto::token_hash(DEMO_CLIENT_SECRET));
    store.save_client(&client, now()).await?;
    Ok(client)
}

#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("{0}")]
    Crypto(#[from] crypto::CryptoError),
    #[error("task: {0}")]
    Task(#[from] tokio::task::JoinError),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Varslingsstatus;
    use crate::krr::core::varslingsstatus;

    #[test]
    fn every_test_citizen_has_a_contact_register_case() {
        let now = 1_764_072_000;
        let case = |citizen: &TestCitizen| {
            let p = test_krr_person(citizen, now);
            (p.status, p.reservasjon, varslingsstatus(Some(&p), now))
        };
        use KrrStatus::*;
        use Reservasjon::*;
        use Varslingsstatus::*;
        let expected = [
            (Aktiv, Nei, KanVarsles),
            (Aktiv, Nei, KanVarsles),
            (Aktiv, Nei, KanVarsles),
            (Aktiv, Ja, KanIkkeVarsles),
            (Slettet, Nei, KanIkkeVarsles),
            (Aktiv, Nei, KanIkkeVarsles),
        ];
        let cases: Vec<_> = TEST_CITIZENS.iter().map(case).collect();
        assert_eq!(cases, expected);
        assert_eq!(test_krr_person(&TEST_CITIZENS[2], now).spraak.as_deref(), Some("se"));
        assert!(
            TEST_CITIZENS
                .iter()
                .all(|c| crate::domain::Pid::parse(c.pid).is_some_and(|p| p.is_synthetic()))
        );
    }
}
