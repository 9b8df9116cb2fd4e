//! Local citizen accounts.

use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use super::Store;
use super::entities::citizen;

pub type Citizen = citizen::Model;

impl Store {
    pub async fn citizen(&self, pid: &str) -> Result<Option<Citizen>, DbErr> {
        citizen::Entity::find_by_id(pid).one(&self.db).await
    }

    /// Creates the citizen, or replaces their password, code secret and name.
    pub async fn save_citizen(&self, citizen: Citizen) -> Result<(), DbErr> {
        citizen::Entity::insert(citizen.into_active_model())
            .on_conflict(
                OnConflict::column(citizen::Column::Pid)
                    .update_columns([
                        citizen::Column::PasswordHash,
                        citizen::Column::OtpSecret,
                        citizen::Column::Name,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.db)
            .await?;
        Ok(())
    }

    /// Records the time step of an accepted one-time code; false when that
    /// step (or a later one) was already used, so no code works twice.
    pub async fn use_otp_step(&self, pid: &str, step: i64) -> Result<bool, DbErr> {
        let result = citizen::Entity::update_many()
            .col_expr(citizen::Column::OtpLastStep, Expr::value(step))
            .filter(citizen::Column::Pid.eq(pid))
            .filter(
                citizen::Column::OtpLastStep
                    .is_null()
                    .or(citizen::Column::OtpLastStep.lt(step)),
            )
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected == 1)
    }
}
