//! What test profiles start with: documented test citizens (SPEC §9) with
//! their contact-register data and, in `dev`, a demo client.

use crate::core::client::Client;
use crate::crypto;
use crate::domain::{KrrStatus, Reservasjon};
use crate::store::{Citizen, KrrPerson, Store};
use crate::web::now;

/// A documented test citizen; the README lists them.
pub struct TestCitizen {
    pub pid: &'static str,
    pub name: &'static str,
}

/// Every test citizen's password, and their TOTP secret (RFC 6238, base32).
pub const TEST_PASSWORD: &str = "porten-test";
pub const TEST_OTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DP";

/// Synthetic pids (month + 80), so they never belong to a real person.
pub const TEST_CITIZENS: &[TestCitizen] = &[
    TestCitizen {
        pid: "12889010051",
        name: "Kari Nordmann",
    },
    TestCitizen {
        pid: "05927510024",
        name: "Ola Nordmann",
    },
    TestCitizen {
        pid: "23848510149",
        name: "Áile Sara",
    },
    TestCitizen {
        pid: "17816010012",
        name: "Nils Reservert",
    },
    TestCitizen {
        pid: "31929910020",
        name: "Per Slettet",
    },
    TestCitizen {
        pid: "15887010002",
        name: "Siri Utdatert",
    },
];

pub const DEMO_CLIENT_ID: &str = "demo";
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-for-local-testing-only";

/// Creates the test citizens that are missing. One password hash serves
/// them all, computed off the executor.
pub async fn test_citizens(store: &Store) -> Result<(), SeedError> {
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
                otp_secret: Some(TEST_OTP_SECRET.into()),
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
const TEST_CERTIFICATE: &str = concat!(
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

/// The contact-register case of each test citizen, covering every status
/// and reservation (SPEC §9); times are relative to `now`, so fresh data is
/// fresh whenever a database is first seeded.
fn test_krr_person(pid: &str, now: i64) -> Option<KrrPerson> {
    let mut p = KrrPerson::new(pid);
    let mut contact = |local: &str, mobile: &str, updated: i64, verified: Option<i64>| {
        p.epostadresse = Some(format!("{local}@example.com"));
        p.epostadresse_oppdatert = Some(updated);
        p.epostadresse_sist_verifisert = verified;
        p.mobiltelefonnummer = Some(mobile.to_owned());
        p.mobiltelefonnummer_oppdatert = Some(updated);
        p.mobiltelefonnummer_sist_verifisert = verified;
    };
    match pid {
        // Active, not reserved, fresh contact data and a digital mailbox.
        "12889010051" => contact("kari.nordmann", "+4799999901", now - 400 * DAY, Some(now - 30 * DAY)),
        // Active, never verified: the update time keeps the data fresh.
        "05927510024" => contact("ola.nordmann", "+4799999902", now - 100 * DAY, None),
        // Active, Northern Sami.
        "23848510149" => contact("aile.sara", "+4799999903", now - 60 * DAY, Some(now - 10 * DAY)),
        // Reserved against digital communication.
        "17816010012" => contact("nils.reservert", "+4799999904", now - 90 * DAY, Some(now - 90 * DAY)),
        // Deleted: the old data stays on record but is never handed out.
        "31929910020" => contact("per.slettet", "+4799999905", now - 900 * DAY, None),
        // Not reachable: last verified two years ago.
        "15887010002" => contact("siri.utdatert", "+4799999906", now - 800 * DAY, Some(now - 730 * DAY)),
        _ => return None,
    }
    match pid {
        "12889010051" => {
            p.postkasseadresse = Some("kari.nordmann#8PX2".into());
            p.postkasseleverandoeradresse = Some("984661185".into());
            p.sertifikat = Some(TEST_CERTIFICATE.into());
            p.spraak = Some("nb".into());
        }
        "05927510024" => p.spraak = Some("nn".into()),
        "23848510149" => {
            p.postkasseadresse = Some("aile.sara#4KQ9".into());
            p.postkasseleverandoeradresse = Some("996460320".into());
            p.sertifikat = Some(TEST_CERTIFICATE.into());
            p.spraak = Some("se".into());
        }
        "17816010012" => p.reservasjon = Reservasjon::Ja,
        "31929910020" => p.status = KrrStatus::Slettet,
        _ => p.spraak = Some("en".into()),
    }
    p.spraak_oppdatert = p.spraak.as_ref().map(|_| now - 200 * DAY);
    Some(p)
}

/// Enters the test citizens missing from the contact register: one read,
/// and one write when any is missing.
pub async fn krr_persons(store: &Store, now: i64) -> Result<(), SeedError> {
    let pids: Vec<String> = TEST_CITIZENS.iter().map(|c| c.pid.to_owned()).collect();
    let present = store.krr_persons(&pids).await?;
    let missing: Vec<KrrPerson> = pids
        .iter()
        .filter(|pid| !present.iter().any(|p| &p.pid == *pid))
        .filter_map(|pid| test_krr_person(pid, now))
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
        let case = |pid: &str| {
            let p = test_krr_person(pid, now).expect("a contact-register case");
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
        let cases: Vec<_> = TEST_CITIZENS.iter().map(|c| case(c.pid)).collect();
        assert_eq!(cases, expected);
        assert_eq!(
            test_krr_person("23848510149", now).and_then(|p| p.spraak).as_deref(),
            Some("se")
        );
        assert!(test_krr_person("01019010046", now).is_none());
    }
}
