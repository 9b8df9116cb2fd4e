//! Assertions already used, each kept until it expires so it is accepted
//! once (SPEC §5: single-use `jti`).

use sea_orm::{DbErr, EntityTrait, IntoActiveModel, TransactionTrait, TryInsertResult};

use super::Store;
use super::entities::assertion;

/// One use of an assertion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsedAssertion {
    pub client_id: String,
    /// The hash of its `jti`, or of the whole assertion when it has none.
    pub jti_hash: String,
    pub expires_at: i64,
}

impl Store {
    /// Records the uses, all or none, each with one insert that fails on the
    /// unique (client, jti) key: of two concurrent uses exactly one wins.
    /// `Some(i)` when `uses[i]` was used before; then nothing is recorded.
    pub async fn use_assertions(&self, uses: &[&UsedAssertion]) -> Result<Option<usize>, DbErr> {
        let txn = self.writer.begin().await?;
        for (index, used) in uses.iter().enumerate() {
            let model = assertion::Model {
                client_id: used.client_id.clone(),
                jti_hash: used.jti_hash.clone(),
                expires_at: used.expires_at,
            };
            let inserted = assertion::Entity::insert(model.into_active_model())
                .on_conflict_do_nothing()
                .exec_without_returning(&txn)
                .await?;
            if !matches!(inserted, TryInsertResult::Inserted(1)) {
                txn.rollback().await?;
                return Ok(Some(index));
            }
        }
        txn.commit().await?;
        Ok(None)
    }
}
