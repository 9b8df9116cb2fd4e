//! What test profiles start with: documented test citizens (SPEC §9) and, in
//! `dev`, a demo client.

use crate::core::client::Client;
use crate::crypto;
use crate::store::{Citizen, Store};
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
        pid: "23048510183",
        name: "Áile Sara",
    },
    TestCitizen {
        pid: "17016010057",
        name: "Nils Reservert",
    },
    TestCitizen {
        pid: "31129910065",
        name: "Per Slettet",
    },
    TestCitizen {
        pid: "15087010047",
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
