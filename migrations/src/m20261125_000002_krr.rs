//! The contact register (SPEC §7): one row per registered person.
//!
//! Times are Unix seconds in nullable BIGINT columns, like the first
//! migration; `varslingsstatus` is computed when read, so it has no column.

use sea_orm_migration::{prelude::*, schema::*};

use crate::create;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                create("krr_person")
                    .col(string("pid").primary_key())
                    .col(string("reservasjon"))
                    .col(string("status"))
                    .col(text_null("epostadresse"))
                    .col(big_integer_null("epostadresse_oppdatert"))
                    .col(big_integer_null("epostadresse_sist_verifisert"))
                    .col(string_null("mobiltelefonnummer"))
                    .col(big_integer_null("mobiltelefonnummer_oppdatert"))
                    .col(big_integer_null("mobiltelefonnummer_sist_verifisert"))
                    .col(text_null("postkasseadresse"))
                    .col(text_null("postkasseleverandoeradresse"))
                    .col(text_null("sertifikat"))
                    .col(string_null("spraak"))
                    .col(big_integer_null("spraak_oppdatert"))
                    .take(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("krr_person").if_exists().take())
            .await
    }
}
