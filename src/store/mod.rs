//! Persistence through sea-orm: one `Store` over SQLite or PostgreSQL, with
//! repository functions grouped by what they keep. Every lookup is by primary
//! key or an indexed column; every single-use consumption is one conditional
//! write.

mod assertions;
mod citizens;
mod clients;
mod entities;
mod grants;
mod krr;
mod purge;
mod sessions;
mod settings;
mod signing_keys;
mod throttle;

use std::time::Duration;

use migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbErr};

pub use assertions::UsedAssertion;
pub use citizens::Citizen;
pub use grants::{AuthCode, Grant, IssuedToken, Redemption, StoredCode, TokenKind};
pub use purge::{KEEP_ENDED, KEEP_USED_ASSERTION};
pub use sessions::{Holder, PendingRequest};
pub use signing_keys::StoredKey;

#[derive(Clone)]
pub struct Store {
    /// Reads.
    db: DatabaseConnection,
    /// Writes. On SQLite, which takes one writer at a time, a single
    /// connection: writers queue here instead of sleeping in SQLite's busy
    /// handler, and a transaction never has to upgrade its lock. On
    /// PostgreSQL the same pool as reads.
    writer: DatabaseConnection,
}

impl Store {
    pub async fn connect(url: &str) -> Result<Store, DbErr> {
        let mut options = ConnectOptions::new(url);
        // No ping before every query: on SQLite each is a round trip to the
        // connection's thread, and a broken connection fails its query anyway.
        options
            .test_before_acquire(false)
            .sqlx_logging(false)
            .connect_timeout(Duration::from_secs(10))
            .acquire_timeout(Duration::from_secs(10));
        if !url.starts_with("sqlite:") {
            options.max_connections(32);
            let db = Database::connect(options).await?;
            return Ok(Store { writer: db.clone(), db });
        }
        options.map_sqlx_sqlite_opts(|o| {
            use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(10))
                .foreign_keys(true)
        });
        let writer = Database::connect(options.clone().max_connections(1).to_owned()).await?;
        // Readers in parallel (WAL), each with its own thread and page cache.
        let db = Database::connect(options.max_connections(4).to_owned()).await?;
        Ok(Store { db, writer })
    }

    pub async fn migrate(&self) -> Result<(), DbErr> {
        Migrator::up(&self.writer, None).await
    }

    /// Readiness: the database answers.
    pub async fn ping(&self) -> bool {
        self.db.execute_unprepared("SELECT 1").await.is_ok()
    }
}

/// A row by its primary key. `one()` would add `LIMIT ?`, and SQLite
/// prepares a statement with a bound LIMIT again at every use (its planner
/// reads the value); a key matches one row at most anyway.
async fn by_key<E: sea_orm::EntityTrait>(
    select: sea_orm::Select<E>,
    db: &DatabaseConnection,
) -> Result<Option<E::Model>, DbErr> {
    Ok(select.all(db).await?.into_iter().next())
}

/// `alias."column" AS "alias_column"` for every column of `E`, so that one
/// row of a join reads back as several models (`from_query_result(row, "alias_")`).
fn select_as<E: sea_orm::EntityTrait>(alias: &str) -> String {
    use sea_orm::{IdenStatic, Iterable};
    E::Column::iter()
        .map(|column| format!("{alias}.\"{0}\" AS \"{alias}_{0}\"", column.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Lists are kept as JSON text, which reads the same on both databases.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".into())
}

fn from_json<T: serde::de::DeserializeOwned>(column: &str, text: &str) -> Result<T, DbErr> {
    serde_json::from_str(text).map_err(|e| DbErr::Type(format!("column {column}: {e}")))
}
