//! Authorization codes, the grants they start and the tokens of each grant.

use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult, IntoActiveModel, QueryFilter, Statement,
    TransactionTrait,
    sea_query::{Expr, OnConflict},
};

use super::entities::{auth_code, client, oauth_grant, sso_session, token};
use super::{Store, by_key, from_json, select_as, to_json};
use crate::core::client::Client;
use crate::domain::{Acr, Amr, Scopes};

/// What a code is bound to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthCode {
    pub grant_id: String,
    pub client_id: String,
    pub redirect_uri: String,
    pub pid: String,
    pub sid: String,
    pub scopes: Scopes,
    pub nonce: Option<String>,
    pub code_challenge: Option<String>,
    pub acr: Acr,
    pub amr: Vec<Amr>,
    pub auth_time: i64,
    pub locale: String,
    pub expires_at: i64,
}

/// Everything that descends from one authorization.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grant {
    pub id: String,
    pub client_id: String,
    pub pid: Option<String>,
    pub sid: Option<String>,
    pub scopes: Scopes,
    pub acr: Option<Acr>,
    pub amr: Vec<Amr>,
    pub auth_time: Option<i64>,
    pub locale: Option<String>,
    pub expires_at: i64,
    pub revoked: bool,
}

impl Grant {
    pub fn from_code(code: &AuthCode, expires_at: i64) -> Grant {
        Grant {
            id: code.grant_id.clone(),
            client_id: code.client_id.clone(),
            pid: Some(code.pid.clone()),
            sid: Some(code.sid.clone()),
            scopes: code.scopes.clone(),
            acr: Some(code.acr),
            amr: code.amr.clone(),
            auth_time: Some(code.auth_time),
            locale: Some(code.locale.clone()),
            expires_at,
            revoked: false,
        }
    }

    pub fn is_live(&self, now: i64) -> bool {
        !self.revoked && self.expires_at > now
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    Access,
    Refresh,
}

impl TokenKind {
    fn as_str(self) -> &'static str {
        match self {
            TokenKind::Access => "access",
            TokenKind::Refresh => "refresh",
        }
    }
}

/// A stored access or refresh token (the hash only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssuedToken {
    pub grant_id: String,
    pub kind: TokenKind,
    pub client_id: String,
    pub scopes: Scopes,
    pub created_at: i64,
    pub expires_at: i64,
    pub used: bool,
}

impl IssuedToken {
    /// Whether the token still counts: unexpired, its grant live, and for a
    /// refresh token not rotated out.
    pub fn is_live(&self, grant: &Grant, now: i64) -> bool {
        self.expires_at > now && grant.is_live(now) && !(self.kind == TokenKind::Refresh && self.used)
    }
}

/// How a code redemption ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redemption {
    /// The code is spent; its grant and tokens are stored.
    Redeemed,
    /// Another redemption (or a logout) spent the code first.
    CodeUsed,
    /// The code's SSO session has ended: the code is spent, nothing issued.
    SessionEnded,
}

/// A stored code and whether it has been redeemed.
pub struct StoredCode {
    pub code: AuthCode,
    pub used: bool,
}

fn code_from_model(m: auth_code::Model) -> Result<AuthCode, DbErr> {
    Ok(AuthCode {
        scopes: Scopes::parse(&m.scopes),
        amr: from_json("amr", &m.amr)?,
        acr: Acr::parse(&m.acr).ok_or_else(|| DbErr::Type(format!("acr {:?}", m.acr)))?,
        grant_id: m.grant_id,
        client_id: m.client_id,
        redirect_uri: m.redirect_uri,
        pid: m.pid,
        sid: m.sid,
        nonce: m.nonce,
        code_challenge: m.code_challenge,
        auth_time: m.auth_time,
        locale: m.locale,
        expires_at: m.expires_at,
    })
}

fn grant_model(g: &Grant, now: i64) -> oauth_grant::Model {
    oauth_grant::Model {
        id: g.id.clone(),
        client_id: g.client_id.clone(),
        pid: g.pid.clone(),
        sid: g.sid.clone(),
        scopes: g.scopes.to_string(),
        acr: g.acr.map(|a| a.as_str().to_owned()),
        amr: Some(to_json(&g.amr)),
        auth_time: g.auth_time,
        locale: g.locale.clone(),
        created_at: now,
        expires_at: g.expires_at,
        revoked: g.revoked,
    }
}

fn token_model(hash: &str, token: &IssuedToken) -> token::Model {
    token::Model {
        hash: hash.to_owned(),
        grant_id: token.grant_id.clone(),
        kind: token.kind.as_str().into(),
        client_id: token.client_id.clone(),
        scopes: token.scopes.to_string(),
        created_at: token.created_at,
        expires_at: token.expires_at,
        used: token.used,
    }
}

async fn insert_tokens(db: &impl ConnectionTrait, tokens: &[(String, IssuedToken)]) -> Result<(), DbErr> {
    if tokens.is_empty() {
        return Ok(());
    }
    let models = tokens.iter().map(|(hash, t)| token_model(hash, t).into_active_model());
    token::Entity::insert_many(models).exec_without_returning(db).await?;
    Ok(())
}

/// Stores a grant unless it exists (it may already be revoked by a
/// concurrent second use of its code; that revocation stands).
async fn insert_grant(db: &impl ConnectionTrait, grant: &Grant, now: i64) -> Result<(), DbErr> {
    oauth_grant::Entity::insert(grant_model(grant, now).into_active_model())
        .on_conflict_do_nothing()
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Spends a code with one conditional write: of two concurrent tries
/// exactly one gets true.
async fn consume_code(db: &impl ConnectionTrait, code_hash: &str) -> Result<bool, DbErr> {
    let result = auth_code::Entity::update_many()
        .col_expr(auth_code::Column::Used, Expr::value(true))
        .filter(auth_code::Column::CodeHash.eq(code_hash))
        .filter(auth_code::Column::Used.eq(false))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// Marks a refresh token rotated out, the same way.
async fn use_token(db: &impl ConnectionTrait, hash: &str) -> Result<bool, DbErr> {
    let result = token::Entity::update_many()
        .col_expr(token::Column::Used, Expr::value(true))
        .filter(token::Column::Hash.eq(hash))
        .filter(token::Column::Used.eq(false))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

fn grant_from_model(m: oauth_grant::Model) -> Result<Grant, DbErr> {
    Ok(Grant {
        scopes: Scopes::parse(&m.scopes),
        acr: m.acr.as_deref().and_then(Acr::parse),
        amr: m
            .amr
            .as_deref()
            .map(|a| from_json("amr", a))
            .transpose()?
            .unwrap_or_default(),
        id: m.id,
        client_id: m.client_id,
        pid: m.pid,
        sid: m.sid,
        auth_time: m.auth_time,
        locale: m.locale,
        expires_at: m.expires_at,
        revoked: m.revoked,
    })
}

impl Store {
    pub async fn insert_code(&self, code_hash: &str, code: &AuthCode) -> Result<(), DbErr> {
        let model = auth_code::Model {
            code_hash: code_hash.to_owned(),
            grant_id: code.grant_id.clone(),
            client_id: code.client_id.clone(),
            redirect_uri: code.redirect_uri.clone(),
            pid: code.pid.clone(),
            sid: code.sid.clone(),
            scopes: code.scopes.to_string(),
            nonce: code.nonce.clone(),
            code_challenge: code.code_challenge.clone(),
            acr: code.acr.as_str().into(),
            amr: to_json(&code.amr),
            auth_time: code.auth_time,
            locale: code.locale.clone(),
            expires_at: code.expires_at,
            used: false,
        };
        auth_code::Entity::insert(model.into_active_model())
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    /// A stored code and whether it was redeemed.
    pub async fn code(&self, code_hash: &str) -> Result<Option<StoredCode>, DbErr> {
        let Some(model) = by_key(auth_code::Entity::find_by_id(code_hash), &self.db).await? else {
            return Ok(None);
        };
        let used = model.used;
        Ok(Some(StoredCode {
            code: code_from_model(model)?,
            used,
        }))
    }

    /// Marks a code redeemed with one conditional write: of two concurrent
    /// redemptions exactly one gets true.
    pub async fn consume_code(&self, code_hash: &str) -> Result<bool, DbErr> {
        consume_code(&self.writer, code_hash).await
    }

    /// Stores a grant unless it exists.
    pub async fn insert_grant(&self, grant: &Grant, now: i64) -> Result<(), DbErr> {
        insert_grant(&self.writer, grant, now).await
    }

    /// Redeems a code in one transaction: spends it, and unless its SSO
    /// session has ended, stores its grant and the tokens issued. A crash or
    /// a logout never leaves half of it (SPEC §5, RFC 6749 4.1.2).
    pub async fn redeem_code(
        &self,
        code_hash: &str,
        grant: &Grant,
        tokens: &[(String, IssuedToken)],
        now: i64,
    ) -> Result<Redemption, DbErr> {
        let txn = self.writer.begin().await?;
        if !consume_code(&txn, code_hash).await? {
            txn.rollback().await?;
            return Ok(Redemption::CodeUsed);
        }
        // A logout deletes the session before it revokes the session's
        // grants: a grant stored after that revocation would outlive it.
        if let Some(sid) = &grant.sid {
            // `all`, not `one`: see `by_key`; this runs while holding the writer.
            let sessions = sso_session::Entity::find()
                .filter(sso_session::Column::Sid.eq(sid.as_str()))
                .filter(sso_session::Column::ExpiresAt.gt(now))
                .all(&txn)
                .await?;
            if sessions.is_empty() {
                txn.commit().await?;
                return Ok(Redemption::SessionEnded);
            }
        }
        insert_grant(&txn, grant, now).await?;
        insert_tokens(&txn, tokens).await?;
        txn.commit().await?;
        Ok(Redemption::Redeemed)
    }

    /// One refresh in one transaction: spends the presented refresh token
    /// (when it rotates) and stores the new tokens; false, with nothing
    /// written, when the token was already spent.
    pub async fn refresh_grant(&self, spent: Option<&str>, tokens: &[(String, IssuedToken)]) -> Result<bool, DbErr> {
        let txn = self.writer.begin().await?;
        if let Some(hash) = spent
            && !use_token(&txn, hash).await?
        {
            txn.rollback().await?;
            return Ok(false);
        }
        insert_tokens(&txn, tokens).await?;
        txn.commit().await?;
        Ok(true)
    }

    /// A new grant and its tokens, all or nothing (the jwt-bearer grant).
    pub async fn insert_grant_with_tokens(
        &self,
        grant: &Grant,
        tokens: &[(String, IssuedToken)],
        now: i64,
    ) -> Result<(), DbErr> {
        let txn = self.writer.begin().await?;
        insert_grant(&txn, grant, now).await?;
        insert_tokens(&txn, tokens).await?;
        txn.commit().await
    }

    /// Revokes a grant, creating it revoked if its code's first use has not
    /// stored it yet.
    pub async fn revoke_grant_record(&self, grant: &Grant, now: i64) -> Result<(), DbErr> {
        let mut revoked = grant.clone();
        revoked.revoked = true;
        oauth_grant::Entity::insert(grant_model(&revoked, now).into_active_model())
            .on_conflict(
                OnConflict::column(oauth_grant::Column::Id)
                    .update_column(oauth_grant::Column::Revoked)
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn revoke_grant(&self, grant_id: &str) -> Result<(), DbErr> {
        oauth_grant::Entity::update_many()
            .col_expr(oauth_grant::Column::Revoked, Expr::value(true))
            .filter(oauth_grant::Column::Id.eq(grant_id))
            .exec(&self.writer)
            .await?;
        Ok(())
    }

    /// Revokes every grant of a client and spends its unredeemed codes: for
    /// a client that is deleted or deactivated.
    pub async fn revoke_client_grants(&self, client_id: &str) -> Result<(), DbErr> {
        auth_code::Entity::update_many()
            .col_expr(auth_code::Column::Used, Expr::value(true))
            .filter(auth_code::Column::ClientId.eq(client_id))
            .exec(&self.writer)
            .await?;
        oauth_grant::Entity::update_many()
            .col_expr(oauth_grant::Column::Revoked, Expr::value(true))
            .filter(oauth_grant::Column::ClientId.eq(client_id))
            .exec(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn grant(&self, grant_id: &str) -> Result<Option<Grant>, DbErr> {
        by_key(oauth_grant::Entity::find_by_id(grant_id), &self.db)
            .await?
            .map(grant_from_model)
            .transpose()
    }

    pub async fn insert_token(&self, hash: &str, token: &IssuedToken) -> Result<(), DbErr> {
        insert_tokens(&self.writer, &[(hash.to_owned(), token.clone())]).await
    }

    /// A token by its hash, with its grant.
    pub async fn token(&self, hash: &str) -> Result<Option<(IssuedToken, Grant)>, DbErr> {
        Ok(self.token_record(hash).await?.map(|(token, grant, _)| (token, grant)))
    }

    /// A token by its hash, with its grant and its client (none once the
    /// client is deleted): one query, for the endpoints that read a token on
    /// every call.
    pub async fn token_record(&self, hash: &str) -> Result<Option<(IssuedToken, Grant, Option<Client>)>, DbErr> {
        static SQL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
        let sql = SQL.get_or_init(|| {
            format!(
                "SELECT {}, {}, {} FROM token t JOIN oauth_grant g ON g.id = t.grant_id \
                 LEFT JOIN client c ON c.client_id = t.client_id WHERE t.hash = $1",
                select_as::<token::Entity>("t"),
                select_as::<oauth_grant::Entity>("g"),
                select_as::<client::Entity>("c"),
            )
        });
        let statement = Statement::from_sql_and_values(self.db.get_database_backend(), sql.as_str(), [hash.into()]);
        let Some(row) = self.db.query_one_raw(statement).await? else {
            return Ok(None);
        };
        let model = token::Model::from_query_result(&row, "t_")?;
        let grant = grant_from_model(oauth_grant::Model::from_query_result(&row, "g_")?)?;
        let client = match row.try_get::<Option<String>>("c_", "client_id")? {
            Some(_) => Some(super::clients::from_model(client::Model::from_query_result(
                &row, "c_",
            )?)?),
            None => None,
        };
        let kind = if model.kind == TokenKind::Refresh.as_str() {
            TokenKind::Refresh
        } else {
            TokenKind::Access
        };
        let token = IssuedToken {
            grant_id: model.grant_id,
            kind,
            client_id: model.client_id,
            scopes: Scopes::parse(&model.scopes),
            created_at: model.created_at,
            expires_at: model.expires_at,
            used: model.used,
        };
        Ok(Some((token, grant, client)))
    }

    /// Marks a refresh token rotated out; false when it already was.
    pub async fn use_token(&self, hash: &str) -> Result<bool, DbErr> {
        use_token(&self.writer, hash).await
    }
}

impl Store {
    /// Revokes every grant and code issued in SSO session `sid`; the ids of the
    /// clients they were issued to.
    pub async fn revoke_session_grants(&self, sid: &str) -> Result<Vec<String>, DbErr> {
        use sea_orm::QuerySelect;
        let txn = self.writer.begin().await?;
        // A client that got a code in this session logged the citizen in,
        // whether or not it has redeemed it yet.
        let mut client_ids: Vec<String> = oauth_grant::Entity::find()
            .select_only()
            .column(oauth_grant::Column::ClientId)
            .distinct()
            .filter(oauth_grant::Column::Sid.eq(sid))
            .into_tuple()
            .all(&txn)
            .await?;
        let code_client_ids: Vec<String> = auth_code::Entity::find()
            .select_only()
            .column(auth_code::Column::ClientId)
            .distinct()
            .filter(auth_code::Column::Sid.eq(sid))
            .into_tuple()
            .all(&txn)
            .await?;
        client_ids.extend(code_client_ids);
        client_ids.sort_unstable();
        client_ids.dedup();
        // Codes first: a redemption holding a code makes this wait until it
        // has committed its grant, which the next statement then revokes.
        // Codes not yet redeemed count as used: redeeming one now fails.
        auth_code::Entity::update_many()
            .col_expr(auth_code::Column::Used, Expr::value(true))
            .filter(auth_code::Column::Sid.eq(sid))
            .exec(&txn)
            .await?;
        oauth_grant::Entity::update_many()
            .col_expr(oauth_grant::Column::Revoked, Expr::value(true))
            .filter(oauth_grant::Column::Sid.eq(sid))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(client_ids)
    }
}
