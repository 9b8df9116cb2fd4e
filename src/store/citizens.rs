//! Local citizen accounts.

use sea_orm::{
    ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter,
    sea_query::{Expr, ExprTrait, OnConflict},
};

use super::entities::citizen;
use super::{Store, by_key};

pub type Citizen = citizen::Model;

impl Store {
    pub async fn citizen(&self, pid: &str) -> Result<Option<Citizen>, DbErr> {
        by_key(citizen::Entity::find_by_id(pid), &self.db).await
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
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    /// The TOTP secrets still stored in clear (before encryption at rest):
    /// pid and secret.
    pub async fn plain_otp_secrets(&self) -> Result<Vec<(String, String)>, DbErr> {
        use sea_orm::QuerySelect;
        citizen::Entity::find()
            .select_only()
            .columns([citizen::Column::Pid, citizen::Column::OtpSecret])
            .filter(citizen::Column::OtpSecret.is_not_null())
            .filter(citizen::Column::OtpSecret.not_like(format!("{}%", crate::crypto::SEALED)))
            .into_tuple()
            .all(&self.db)
            .await
    }

    pub async fn set_otp_secret(&self, pid: &str, sealed: &str) -> Result<(), DbErr> {
        citizen::Entity::update_many()
            .col_expr(citizen::Column::OtpSecret, Expr::value(sealed))
            .filter(citizen::Column::Pid.eq(pid))
            .exec(&self.writer)
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
            .exec(&self.writer)
            .await?;
        Ok(result.rows_affected == 1)
    }
}
