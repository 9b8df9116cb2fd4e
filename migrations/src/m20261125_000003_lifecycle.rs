//! Throttling of failed logins, per pid and per client address, and the
//! index logout uses to end a session's codes.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{create, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                create("throttle")
                    .col(string("key").primary_key())
                    .col(integer("failures"))
                    .col(big_integer("window_start"))
                    .col(big_integer("blocked_until"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("throttle", "idx_throttle_window", &["window_start"]))
            .await?;
        manager
            .create_index(index("auth_code", "idx_auth_code_sid", &["sid"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("idx_auth_code_sid").table("auth_code").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("throttle").if_exists().take())
            .await
    }
}
