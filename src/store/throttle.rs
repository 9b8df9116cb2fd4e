//! Counters of failed logins.

use sea_orm::{DbErr, EntityTrait, IntoActiveModel};

use super::Store;
use super::entities::throttle;

pub type ThrottleRow = throttle::Model;

impl Store {
    pub async fn throttle(&self, key: &str) -> Result<Option<ThrottleRow>, DbErr> {
        throttle::Entity::find_by_id(key).one(&self.db).await
    }

    pub async fn save_throttle(&self, row: ThrottleRow) -> Result<(), DbErr> {
        use sea_orm::sea_query::OnConflict;
        throttle::Entity::insert(row.into_active_model())
            .on_conflict(
                OnConflict::column(throttle::Column::Key)
                    .update_columns([
                        throttle::Column::Failures,
                        throttle::Column::WindowStart,
                        throttle::Column::BlockedUntil,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }

    pub async fn clear_throttle(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::delete_by_id(key).exec(&self.db).await?;
        Ok(())
    }
}
