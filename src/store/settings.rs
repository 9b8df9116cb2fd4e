//! Settings generated once and shared by every node (dev and test secrets).

use sea_orm::{EntityTrait, IntoActiveModel};

use super::entities::setting;
use super::{Store, by_key};

impl Store {
    /// The setting's value, created by `generate` when absent. The first
    /// node to write wins, so every node ends up with the same value.
    pub async fn setting_or_create(
        &self,
        name: &str,
        generate: impl FnOnce() -> String,
    ) -> Result<String, sea_orm::DbErr> {
        if let Some(found) = by_key(setting::Entity::find_by_id(name), &self.db).await? {
            return Ok(found.value);
        }
        let model = setting::Model {
            name: name.to_owned(),
            value: generate(),
        };
        setting::Entity::insert(model.into_active_model())
            .on_conflict_do_nothing()
            .exec_without_returning(&self.writer)
            .await?;
        let stored = by_key(setting::Entity::find_by_id(name), &self.db).await?;
        stored
            .map(|s| s.value)
            .ok_or_else(|| sea_orm::DbErr::RecordNotFound(format!("setting {name}")))
    }
}
