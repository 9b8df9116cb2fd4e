//! Audit events: who logged in where, when, at which level, and what was
//! issued, revoked and changed. Each is one event at the `audit` target with
//! a stable name in `event` (the README lists them); a citizen appears only
//! as a keyed hash of their pid, never the pid itself.

use crate::crypto;
use crate::web::Secrets;

/// The tracing target of every audit event.
pub const TARGET: &str = "audit";

pub const LOGIN_SUCCEEDED: &str = "login.succeeded";
pub const LOGIN_FAILED: &str = "login.failed";
pub const LOGIN_THROTTLED: &str = "login.throttled";
pub const CONSENT_GRANTED: &str = "consent.granted";
pub const CONSENT_DENIED: &str = "consent.denied";
pub const TOKEN_ISSUED: &str = "token.issued";
pub const TOKEN_REFUSED: &str = "token.refused";
pub const TOKEN_REVOKED: &str = "token.revoked";
pub const GRANT_REUSE_DETECTED: &str = "grant.reuse_detected";
pub const SESSION_ENDED: &str = "session.ended";
pub const CLIENT_CREATED: &str = "client.created";
pub const CLIENT_UPDATED: &str = "client.updated";
pub const CLIENT_DELETED: &str = "client.deleted";
pub const CLIENT_SECRET_ROTATED: &str = "client.secret_rotated";
pub const KEY_ROTATED: &str = "key.rotated";
pub const KRR_READ: &str = "krr.read";

/// Emits audit event `$event` with the given fields.
#[macro_export]
macro_rules! audit {
    ($event:expr, $($fields:tt)+) => {
        ::tracing::info!(target: "audit", event = $event, message = $event, $($fields)+)
    };
}

/// A citizen in the audit trail: a keyed hash of what they typed as pid
/// (HMAC-SHA-256 under a key derived from `secret_key`, 128 bits), the same
/// for the same pid across events and nodes, and useless without the key.
pub fn pid_hash(secrets: &Secrets, pid: &str) -> String {
    let key = crypto::derive_key(&secrets.secret_key, "audit pid");
    crypto::b64url(&crypto::hmac_sha256(&key, pid.as_bytes())[..16])
}
