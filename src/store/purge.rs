//! The background purge: what has ended leaves the database, so it stays
//! the same size under steady traffic.

use sea_orm::{ColumnTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, sea_query::ExprTrait};

use super::Store;
use super::entities::{
    assertion, auth_code, citizen, client, consent, krr_person, oauth_grant, pending_request, setting, signing_key,
    sso_session, throttle, token,
};

/// How long ended rows stay for the record (reuse detection, audit).
pub const KEEP_ENDED: i64 = 24 * 3600;

/// How long a used assertion stays after its `exp`: an expired assertion is
/// refused anyway, but a request that read the clock just before the purge
/// must still meet the row.
pub const KEEP_USED_ASSERTION: i64 = 300;

impl Store {
    /// Deletes rows that ended before `now - KEEP_ENDED` (throttle rows an
    /// hour after their last failure); the number of rows deleted.
    pub async fn purge(&self, now: i64, idle_timeout: i64) -> Result<u64, DbErr> {
        let before = now - KEEP_ENDED;
        let mut deleted = 0;
        deleted += auth_code::Entity::delete_many()
            .filter(auth_code::Column::ExpiresAt.lt(before))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += token::Entity::delete_many()
            .filter(token::Column::ExpiresAt.lt(before))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += oauth_grant::Entity::delete_many()
            .filter(oauth_grant::Column::ExpiresAt.lt(before))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += pending_request::Entity::delete_many()
            .filter(pending_request::Column::ExpiresAt.lt(now))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += consent::Entity::delete_many()
            .filter(consent::Column::ExpiresAt.lt(now))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += sso_session::Entity::delete_many()
            .filter(
                sso_session::Column::ExpiresAt
                    .lt(now)
                    .or(sso_session::Column::LastSeenAt.lt(now - idle_timeout)),
            )
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += assertion::Entity::delete_many()
            .filter(assertion::Column::ExpiresAt.lt(now - KEEP_USED_ASSERTION))
            .exec(&self.writer)
            .await?
            .rows_affected;
        deleted += throttle::Entity::delete_many()
            .filter(throttle::Column::WindowStart.lt(now - crate::core::throttle::FORGOTTEN_AFTER))
            .filter(throttle::Column::BlockedUntil.lt(now))
            .exec(&self.writer)
            .await?
            .rows_affected;
        Ok(deleted)
    }
}

impl Store {
    /// The number of rows in each table porten keeps, by table name: what an
    /// operator (or a test) watches to see the database stay the same size.
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, u64)>, DbErr> {
        Ok(vec![
            ("setting", setting::Entity::find().count(&self.db).await?),
            ("signing_key", signing_key::Entity::find().count(&self.db).await?),
            ("client", client::Entity::find().count(&self.db).await?),
            ("citizen", citizen::Entity::find().count(&self.db).await?),
            ("krr_person", krr_person::Entity::find().count(&self.db).await?),
            ("sso_session", sso_session::Entity::find().count(&self.db).await?),
            (
                "pending_request",
                pending_request::Entity::find().count(&self.db).await?,
            ),
            ("consent", consent::Entity::find().count(&self.db).await?),
            ("auth_code", auth_code::Entity::find().count(&self.db).await?),
            ("oauth_grant", oauth_grant::Entity::find().count(&self.db).await?),
            ("token", token::Entity::find().count(&self.db).await?),
            ("throttle", throttle::Entity::find().count(&self.db).await?),
            ("assertion", assertion::Entity::find().count(&self.db).await?),
        ])
    }
}
