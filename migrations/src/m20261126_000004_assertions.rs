//! Assertions already used: `client_assertion`s (private_key_jwt) and
//! jwt-bearer grant assertions, kept until they expire so each is accepted
//! once. The primary key is the unique index that decides the one winner
//! of concurrent uses.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{create, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                create("assertion")
                    .col(string("client_id"))
                    .col(string("jti_hash"))
                    .col(big_integer("expires_at"))
                    .primary_key(Index::create().col("client_id").col("jti_hash"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("assertion", "idx_assertion_expires", &["expires_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("assertion").if_exists().take())
            .await
    }
}
