//! SSO sessions, pending authorization requests and remembered consents.

use sea_orm::{ActiveValue::Set, ColumnTrait, DbErr, EntityTrait, IntoActiveModel, QueryFilter, sea_query::OnConflict};

use super::entities::{consent, pending_request, sso_session};
use super::{Store, by_key, from_json, to_json};
use crate::core::authorize::SsoSession;
use crate::domain::{Acr, Lang, Scopes};

/// Who may take a pending request back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Holder {
    /// The browser whose cookie has this hash.
    Browser(String),
    /// Any browser, once: a cross-site POST on its way to a GET.
    Parked,
    /// Whoever comes with its `request_uri` and client (RFC 9126).
    Pushed,
}

impl Holder {
    /// The column value; a browser's hash is hex, never empty or a word.
    fn to_column(&self) -> String {
        match self {
            Holder::Browser(hash) => hash.clone(),
            Holder::Parked => String::new(),
            Holder::Pushed => "pushed".into(),
        }
    }

    fn from_column(value: String) -> Holder {
        match value.as_str() {
            "" => Holder::Parked,
            "pushed" => Holder::Pushed,
            _ => Holder::Browser(value),
        }
    }
}

/// An authorization request waiting for the citizen's login or consent.
#[derive(Clone, Debug)]
pub struct PendingRequest {
    pub holder: Holder,
    pub client_id: String,
    pub params: Vec<(String, String)>,
    /// The session of a login made for this request, which satisfies its
    /// `prompt=login` and `max_age`.
    pub login_sid: Option<String>,
    /// The language the citizen picked on a page of this request.
    pub lang: Option<Lang>,
}

impl Store {
    /// Stores a new session under the hash of its cookie value.
    pub async fn create_session(
        &self,
        id_hash: &str,
        session: &SsoSession,
        now: i64,
        max_lifetime: i64,
    ) -> Result<(), DbErr> {
        let model = sso_session::Model {
            id_hash: id_hash.to_owned(),
            sid: session.sid.clone(),
            pid: session.pid.clone(),
            acr: session.acr.as_str().into(),
            amr: to_json(&session.amr),
            auth_time: session.auth_time,
            last_seen_at: now,
            expires_at: now + max_lifetime,
        };
        sso_session::Entity::insert(model.into_active_model())
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    /// The live session behind a cookie, marked as seen now.
    pub async fn session(&self, id_hash: &str, now: i64, idle_timeout: i64) -> Result<Option<SsoSession>, DbErr> {
        let Some(model) = by_key(sso_session::Entity::find_by_id(id_hash), &self.db).await? else {
            return Ok(None);
        };
        if model.expires_at <= now || model.last_seen_at + idle_timeout <= now {
            return Ok(None);
        }
        let Some(acr) = Acr::parse(&model.acr) else {
            return Ok(None);
        };
        if now > model.last_seen_at {
            sso_session::Entity::update(sso_session::ActiveModel {
                id_hash: Set(model.id_hash.clone()),
                last_seen_at: Set(now),
                ..Default::default()
            })
            .exec(&self.writer)
            .await?;
        }
        Ok(Some(SsoSession {
            amr: from_json("amr", &model.amr)?,
            sid: model.sid,
            pid: model.pid,
            acr,
            auth_time: model.auth_time,
        }))
    }

    pub async fn end_session(&self, sid: &str) -> Result<(), DbErr> {
        sso_session::Entity::delete_many()
            .filter(sso_session::Column::Sid.eq(sid))
            .exec(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn save_pending(&self, id_hash: &str, request: &PendingRequest, expires_at: i64) -> Result<(), DbErr> {
        let model = pending_request::Model {
            id_hash: id_hash.to_owned(),
            browser_hash: request.holder.to_column(),
            client_id: request.client_id.clone(),
            params: to_json(&request.params),
            login_sid: request.login_sid.clone(),
            lang: request.lang.map(|l| l.as_str().to_owned()),
            expires_at,
        };
        pending_request::Entity::insert(model.into_active_model())
            .on_conflict(
                OnConflict::column(pending_request::Column::IdHash)
                    .update_columns([
                        pending_request::Column::Params,
                        pending_request::Column::LoginSid,
                        pending_request::Column::Lang,
                        pending_request::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn pending(&self, id_hash: &str, now: i64) -> Result<Option<PendingRequest>, DbErr> {
        let Some(model) = by_key(pending_request::Entity::find_by_id(id_hash), &self.db).await? else {
            return Ok(None);
        };
        if model.expires_at <= now {
            return Ok(None);
        }
        Ok(Some(PendingRequest {
            params: from_json("params", &model.params)?,
            holder: Holder::from_column(model.browser_hash),
            client_id: model.client_id,
            login_sid: model.login_sid,
            lang: model.lang.as_deref().and_then(Lang::parse),
        }))
    }

    /// Removes a finished request; false when another submission got it first.
    pub async fn take_pending(&self, id_hash: &str) -> Result<bool, DbErr> {
        Ok(pending_request::Entity::delete_by_id(id_hash)
            .exec(&self.writer)
            .await?
            .rows_affected
            == 1)
    }

    /// The scopes this citizen has granted this client and not yet expired.
    pub async fn consented_scopes(&self, pid: &str, client_id: &str, now: i64) -> Result<Option<Scopes>, DbErr> {
        let found = by_key(
            consent::Entity::find_by_id((pid.to_owned(), client_id.to_owned())),
            &self.db,
        )
        .await?;
        match found {
            Some(c) if c.expires_at > now => Ok(Some(Scopes::from_vec(from_json("scopes", &c.scopes)?))),
            _ => Ok(None),
        }
    }

    pub async fn save_consent(
        &self,
        pid: &str,
        client_id: &str,
        scopes: &Scopes,
        now: i64,
        lifetime: i64,
    ) -> Result<(), DbErr> {
        let model = consent::Model {
            pid: pid.to_owned(),
            client_id: client_id.to_owned(),
            scopes: to_json(&scopes.to_vec()),
            granted_at: now,
            expires_at: now + lifetime,
        };
        consent::Entity::insert(model.into_active_model())
            .on_conflict(
                OnConflict::columns([consent::Column::Pid, consent::Column::ClientId])
                    .update_columns([
                        consent::Column::Scopes,
                        consent::Column::GrantedAt,
                        consent::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }
}
