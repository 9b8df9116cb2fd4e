//! The provider's tables: settings, keys, clients, citizens, sessions,
//! pending requests, consents, codes, grants and tokens.
//!
//! Times are Unix seconds in BIGINT columns, lists are JSON text: both read the
//! same on SQLite and PostgreSQL.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{create, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 10] = [
    "setting",
    "signing_key",
    "client",
    "citizen",
    "sso_session",
    "pending_request",
    "consent",
    "auth_code",
    "oauth_grant",
    "token",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                create("setting")
                    .col(string("name").primary_key())
                    .col(text("value"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                create("signing_key")
                    .col(string("kid").primary_key())
                    .col(string("alg"))
                    .col(text("private_pem"))
                    .col(text("public_jwk"))
                    .col(big_integer("created_at"))
                    .col(big_integer("activates_at"))
                    .col(big_integer_null("retires_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                create("client")
                    .col(string("client_id").primary_key())
                    .col(string_null("secret_hash"))
                    .col(string_null("orgno"))
                    .col(string("display_name"))
                    .col(text("redirect_uris"))
                    .col(text("post_logout_redirect_uris"))
                    .col(text("scopes"))
                    .col(big_integer("authorization_lifetime"))
                    .col(big_integer("access_token_lifetime"))
                    .col(big_integer("refresh_token_lifetime"))
                    .col(string("auth_method"))
                    .col(text("grant_types"))
                    .col(string("refresh_token_usage"))
                    .col(text_null("jwks"))
                    .col(text_null("frontchannel_logout_uri"))
                    .col(boolean("frontchannel_logout_session_required"))
                    .col(boolean("introspection"))
                    .col(string("access_token_format"))
                    .col(string_null("sector"))
                    .col(boolean("force_pkce"))
                    .col(boolean("active"))
                    .col(big_integer("created_at"))
                    .col(big_integer("updated_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                create("citizen")
                    .col(string("pid").primary_key())
                    .col(text_null("password_hash"))
                    .col(text_null("otp_secret"))
                    .col(big_integer_null("otp_last_step"))
                    .col(string_null("name"))
                    .col(big_integer("created_at"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                create("sso_session")
                    .col(string("id_hash").primary_key())
                    .col(string_uniq("sid"))
                    .col(string("pid"))
                    .col(string("acr"))
                    .col(text("amr"))
                    .col(big_integer("auth_time"))
                    .col(big_integer("last_seen_at"))
                    .col(big_integer("expires_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("sso_session", "idx_sso_session_expires", &["expires_at"]))
            .await?;
        manager
            .create_table(
                create("pending_request")
                    .col(string("id_hash").primary_key())
                    .col(string("browser_hash"))
                    .col(string("client_id"))
                    .col(text("params"))
                    .col(string_null("login_sid"))
                    .col(string_null("lang"))
                    .col(big_integer("expires_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("pending_request", "idx_pending_request_expires", &["expires_at"]))
            .await?;
        manager
            .create_table(
                create("consent")
                    .col(string("pid"))
                    .col(string("client_id"))
                    .col(text("scopes"))
                    .col(big_integer("granted_at"))
                    .col(big_integer("expires_at"))
                    .primary_key(Index::create().col("pid").col("client_id"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("consent", "idx_consent_expires", &["expires_at"]))
            .await?;
        manager
            .create_table(
                create("auth_code")
                    .col(string("code_hash").primary_key())
                    .col(string_uniq("grant_id"))
                    .col(string("client_id"))
                    .col(text("redirect_uri"))
                    .col(string("pid"))
                    .col(string("sid"))
                    .col(text("scopes"))
                    .col(text_null("nonce"))
                    .col(string_null("code_challenge"))
                    .col(string("acr"))
                    .col(text("amr"))
                    .col(big_integer("auth_time"))
                    .col(string("locale"))
                    .col(big_integer("expires_at"))
                    .col(boolean("used"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("auth_code", "idx_auth_code_expires", &["expires_at"]))
            .await?;
        manager
            .create_table(
                create("oauth_grant")
                    .col(string("id").primary_key())
                    .col(string("client_id"))
                    .col(string_null("pid"))
                    .col(string_null("sid"))
                    .col(text("scopes"))
                    .col(string_null("acr"))
                    .col(text_null("amr"))
                    .col(big_integer_null("auth_time"))
                    .col(string_null("locale"))
                    .col(big_integer("created_at"))
                    .col(big_integer("expires_at"))
                    .col(boolean("revoked"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("oauth_grant", "idx_oauth_grant_sid", &["sid"]))
            .await?;
        manager
            .create_index(index("oauth_grant", "idx_oauth_grant_expires", &["expires_at"]))
            .await?;
        manager
            .create_table(
                create("token")
                    .col(string("hash").primary_key())
                    .col(string("grant_id"))
                    .col(string("kind"))
                    .col(string("client_id"))
                    .col(text("scopes"))
                    .col(big_integer("created_at"))
                    .col(big_integer("expires_at"))
                    .col(boolean("used"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index("token", "idx_token_grant", &["grant_id"]))
            .await?;
        manager
            .create_index(index("token", "idx_token_expires", &["expires_at"]))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES.iter().rev() {
            manager
                .drop_table(Table::drop().table(*table).if_exists().take())
                .await?;
        }
        Ok(())
    }
}
