//! Registered clients.

use sea_orm::{ActiveValue::Set, DbErr, EntityTrait, IntoActiveModel, QueryOrder, sea_query::OnConflict};

use super::entities::client;
use super::{Store, by_key, from_json, to_json};
use crate::core::client::Client;
use crate::domain::{AccessTokenFormat, AuthMethod, OrgNo, RefreshTokenUsage};

fn enum_column<T>(column: &str, value: &str, parse: fn(&str) -> Option<T>) -> Result<T, DbErr> {
    parse(value).ok_or_else(|| DbErr::Type(format!("column {column}: unknown value {value:?}")))
}

pub(super) fn from_model(m: client::Model) -> Result<Client, DbErr> {
    Ok(Client {
        client_orgno: m.orgno.as_deref().and_then(OrgNo::parse),
        redirect_uris: from_json("redirect_uris", &m.redirect_uris)?,
        post_logout_redirect_uris: from_json("post_logout_redirect_uris", &m.post_logout_redirect_uris)?,
        scopes: from_json("scopes", &m.scopes)?,
        token_endpoint_auth_method: enum_column("auth_method", &m.auth_method, AuthMethod::parse)?,
        grant_types: from_json("grant_types", &m.grant_types)?,
        refresh_token_usage: enum_column("refresh_token_usage", &m.refresh_token_usage, RefreshTokenUsage::parse)?,
        jwks: m.jwks.as_deref().map(|j| from_json("jwks", j)).transpose()?,
        access_token_format: enum_column("access_token_format", &m.access_token_format, AccessTokenFormat::parse)?,
        client_id: m.client_id,
        secret_hash: m.secret_hash,
        display_name: m.display_name,
        authorization_lifetime: m.authorization_lifetime,
        access_token_lifetime: m.access_token_lifetime,
        refresh_token_lifetime: m.refresh_token_lifetime,
        frontchannel_logout_uri: m.frontchannel_logout_uri,
        frontchannel_logout_session_required: m.frontchannel_logout_session_required,
        introspection: m.introspection,
        sector: m.sector,
        force_pkce: m.force_pkce,
        active: m.active,
    })
}

fn to_model(c: &Client, now: i64) -> client::Model {
    client::Model {
        client_id: c.client_id.clone(),
        secret_hash: c.secret_hash.clone(),
        orgno: c.client_orgno.as_ref().map(|o| o.as_str().to_owned()),
        display_name: c.display_name.clone(),
        redirect_uris: to_json(&c.redirect_uris),
        post_logout_redirect_uris: to_json(&c.post_logout_redirect_uris),
        scopes: to_json(&c.scopes),
        authorization_lifetime: c.authorization_lifetime,
        access_token_lifetime: c.access_token_lifetime,
        refresh_token_lifetime: c.refresh_token_lifetime,
        auth_method: c.token_endpoint_auth_method.as_str().into(),
        grant_types: to_json(&c.grant_types),
        refresh_token_usage: c.refresh_token_usage.as_str().into(),
        jwks: c.jwks.as_ref().map(to_json),
        frontchannel_logout_uri: c.frontchannel_logout_uri.clone(),
        frontchannel_logout_session_required: c.frontchannel_logout_session_required,
        introspection: c.introspection,
        access_token_format: c.access_token_format.as_str().into(),
        sector: c.sector.clone(),
        force_pkce: c.force_pkce,
        active: c.active,
        created_at: now,
        updated_at: now,
    }
}

impl Store {
    pub async fn client(&self, client_id: &str) -> Result<Option<Client>, DbErr> {
        by_key(client::Entity::find_by_id(client_id), &self.db)
            .await?
            .map(from_model)
            .transpose()
    }

    /// The clients with these ids, in one query.
    pub async fn clients_by_ids(&self, ids: &[String]) -> Result<Vec<Client>, DbErr> {
        use sea_orm::{ColumnTrait, QueryFilter};
        let models = client::Entity::find()
            .filter(client::Column::ClientId.is_in(ids.to_vec()))
            .all(&self.db)
            .await?;
        models.into_iter().map(from_model).collect()
    }

    pub async fn clients(&self) -> Result<Vec<Client>, DbErr> {
        let models = client::Entity::find()
            .order_by_asc(client::Column::ClientId)
            .all(&self.db)
            .await?;
        models.into_iter().map(from_model).collect()
    }

    /// Creates the client, or replaces every field of an existing one but its creation time.
    pub async fn save_client(&self, client: &Client, now: i64) -> Result<(), DbErr> {
        let mut columns: Vec<client::Column> = <client::Column as sea_orm::Iterable>::iter().collect();
        columns.retain(|c| !matches!(c, client::Column::ClientId | client::Column::CreatedAt));
        client::Entity::insert(to_model(client, now).into_active_model())
            .on_conflict(
                OnConflict::column(client::Column::ClientId)
                    .update_columns(columns)
                    .to_owned(),
            )
            .exec_without_returning(&self.writer)
            .await?;
        Ok(())
    }

    pub async fn delete_client(&self, client_id: &str) -> Result<bool, DbErr> {
        Ok(client::Entity::delete_by_id(client_id)
            .exec(&self.writer)
            .await?
            .rows_affected
            > 0)
    }

    pub async fn set_client_secret_hash(&self, client_id: &str, hash: Option<String>, now: i64) -> Result<(), DbErr> {
        client::Entity::update(client::ActiveModel {
            client_id: Set(client_id.to_owned()),
            secret_hash: Set(hash),
            updated_at: Set(now),
            ..Default::default()
        })
        .exec(&self.writer)
        .await?;
        Ok(())
    }
}
