//! Counters of failed logins.

use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, TryInsertResult};

use super::entities::throttle::{self, Column};
use super::{Store, by_key};
use crate::core::throttle::Counter;

impl Store {
    pub async fn throttle(&self, key: &str) -> Result<Option<Counter>, DbErr> {
        let row = by_key(throttle::Entity::find_by_id(key), &self.db).await?;
        Ok(row.map(|row| Counter {
            failures: row.failures,
            window_start: row.window_start,
            blocked_until: row.blocked_until,
        }))
    }

    /// Replaces the counter `seen` (none: no row yet) with `next`, unless
    /// another request changed it in between: of concurrent attempts, each
    /// counts once.
    pub async fn swap_throttle(&self, key: &str, seen: Option<Counter>, next: Counter) -> Result<bool, DbErr> {
        let Some(seen) = seen else {
            let inserted = throttle::Entity::insert(row(key, next).into_active_model())
                .on_conflict_do_nothing()
                .exec_without_returning(&self.writer)
                .await?;
            return Ok(matches!(inserted, TryInsertResult::Inserted(1)));
        };
        let updated = throttle::Entity::update_many()
            .col_expr(Column::Failures, Expr::value(next.failures))
            .col_expr(Column::WindowStart, Expr::value(next.window_start))
            .col_expr(Column::BlockedUntil, Expr::value(next.blocked_until))
            .filter(Column::Key.eq(key))
            .filter(Column::Failures.eq(seen.failures))
            .filter(Column::WindowStart.eq(seen.window_start))
            .filter(Column::BlockedUntil.eq(seen.blocked_until))
            .exec(&self.writer)
            .await?;
        Ok(updated.rows_affected == 1)
    }

    /// Counts one failure in one statement, however many run at once: a
    /// counter whose window began at or before `window_start` starts a new
    /// window at one. The counter after it.
    pub async fn count_failure(&self, key: &str, window_start: i64, now: i64) -> Result<Counter, DbErr> {
        let first = row(
            key,
            Counter {
                failures: 1,
                window_start: now,
                blocked_until: 0,
            },
        );
        let ended = || Expr::col((throttle::Entity, Column::WindowStart)).lte(window_start);
        let failures = Expr::case(ended(), 1).finally(Expr::col((throttle::Entity, Column::Failures)).add(1));
        let started = Expr::case(ended(), now).finally(Expr::col((throttle::Entity, Column::WindowStart)));
        throttle::Entity::insert(first.into_active_model())
            .on_conflict(
                OnConflict::column(Column::Key)
                    .value(Column::Failures, failures)
                    .value(Column::WindowStart, started)
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(self.throttle(key).await?.unwrap_or(Counter {
            failures: 1,
            window_start: now,
            blocked_until: 0,
        }))
    }

    /// Blocks the key until `until`, unless it is blocked longer already.
    pub async fn block_throttle(&self, key: &str, until: i64) -> Result<(), DbErr> {
        throttle::Entity::update_many()
            .col_expr(Column::BlockedUntil, Expr::value(until))
            .filter(Column::Key.eq(key))
            .filter(Column::BlockedUntil.lt(until))
            .exec(&self.writer)
            .await?;
        Ok(())
    }

    /// Takes back one failure counted ahead of a check that succeeded.
    pub async fn release_failure(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::update_many()
            .col_expr(Column::Failures, Expr::col(Column::Failures).sub(1))
            .filter(Column::Key.eq(key))
            .filter(Column::Failures.gt(0))
            .exec(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn clear_throttle(&self, key: &str) -> Result<(), DbErr> {
        throttle::Entity::delete_by_id(key).exec(&self.writer).await?;
        Ok(())
    }
}

fn row(key: &str, counter: Counter) -> throttle::Model {
    throttle::Model {
        key: key.to_owned(),
        failures: counter.failures,
        window_start: counter.window_start,
        blocked_until: counter.blocked_until,
    }
}
