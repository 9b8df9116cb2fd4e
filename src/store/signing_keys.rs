//! Signing keys: public part as a JWK, private part encrypted.

use sea_orm::{
    ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    sea_query::{Expr, ExprTrait},
};

use super::Store;
use super::entities::signing_key;

pub type StoredKey = signing_key::Model;

impl Store {
    pub async fn insert_signing_key(&self, key: StoredKey) -> Result<(), sea_orm::DbErr> {
        signing_key::Entity::insert(key.into_active_model())
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    /// Keys not yet removed from `jwk`, oldest first.
    pub async fn published_keys(&self, now: i64) -> Result<Vec<StoredKey>, sea_orm::DbErr> {
        signing_key::Entity::find()
            .filter(
                signing_key::Column::RetiresAt
                    .is_null()
                    .or(signing_key::Column::RetiresAt.gt(now)),
            )
            .order_by_asc(signing_key::Column::ActivatesAt)
            .all(&self.db)
            .await
    }

    pub async fn all_keys(&self) -> Result<Vec<StoredKey>, sea_orm::DbErr> {
        signing_key::Entity::find()
            .order_by_asc(signing_key::Column::CreatedAt)
            .all(&self.db)
            .await
    }

    /// Marks every other unretired key to leave `jwk` at `retires_at`.
    pub async fn retire_keys_except(&self, kid: &str, retires_at: i64) -> Result<(), sea_orm::DbErr> {
        signing_key::Entity::update_many()
            .col_expr(signing_key::Column::RetiresAt, Expr::value(retires_at))
            .filter(signing_key::Column::Kid.ne(kid))
            .filter(signing_key::Column::RetiresAt.is_null())
            .exec(&self.writer)
            .await?;
        Ok(())
    }
}
