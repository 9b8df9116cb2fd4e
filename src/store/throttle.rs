//! Counters of failed logins.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, TryInsertResult};

use super::Store;
use super::entities::throttle::{self, Column};

pub type ThrottleRow = throttle::Model;

impl Store {
    pub async fn throttle(&self, key: &str) -> Result<Option<ThrottleRow>, DbErr> {
        throttle::Entity::find_by_id(key).one(&self.db).await
    }

    /// Replaces the row `seen` (none: no row yet) with `next`, unless another
    /// request changed it in between: of concurrent attempts, each counts once.
    pub async fn swap_throttle(&self, seen: Option<&ThrottleRow>, next: ThrottleRow) -> Result<bool, DbErr> {
        let Some(seen) = seen else {
            let inserted = throttle::Entity::insert(next.into_active_model())
                .on_conflict_do_nothing()
                .exec_without_returning(&self.db)
                .await?;
            return Ok(matches!(inserted, TryInsertResult::Inserted(1)));
        };
        let updated = throttle::Entity::update_many()
            .col_expr(Column::Failures, Expr::value(next.failures))
            .col_expr(Column::WindowStart, Expr::value(next.window_start))
            .col_expr(Column::BlockedUntil, Expr::value(next.blocked_until))
            .filter(Column::Key.eq(&seen.key))
            .filter(Column::Failures.eq(seen.failures))
            .filter(Column::WindowStart.eq(seen.window_start))
            .filter(Column::BlockedUntil.eq(seen.blocked_until))
            .exec(&self.db)
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Takes back one counted attempt that turned out to succeed.
    pub async fn uncount_throttle(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::update_many()
            .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
            .filter(Column::Key.eq(key))
            .filter(Column::Failures.gt(0))
            .exec(&self.db)
            .await?;
        Ok(())
    }

    pub async fn clear_throttle(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::delete_by_id(key).exec(&self.db).await?;
        Ok(())
    }
}
