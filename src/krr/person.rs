//! `GET person` and `PATCH person`: the logged-in citizen's own Person.

use rocket::State;
use rocket::http::Status;
use serde::Deserialize;

use super::core::{self, Blocks, Reader, not_a_language};
use super::reply::{Format, Reply};
use super::{bad_request, citizen};
use crate::domain::KRR_SPRAAK_WRITE;
use crate::oidc::bearer::{self, BearerHeader, one_token, require_any_scope};
use crate::oidc::reply::{BearerError, internal};
use crate::web::guards::JsonBody;
use crate::web::{App, now};

#[rocket::get("/person")]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn get_person(app: &State<App>, header: BearerHeader, format: Format) -> Result<Reply, BearerError> {
    let now = now();
    let access = bearer::access(app, &one_token(header.0, None)?, now).await?;
    tracing::Span::current().record("client_id", access.token.client_id.as_str());
    require_any_scope(&access, Reader::Citizen.read_scopes())?;
    let pid = citizen(&access)?;
    let stored = app.store.krr_person(pid).await.map_err(|e| BearerError(internal(&e)))?;
    let blocks = Blocks::granted(&access.token.scopes, Reader::Citizen);
    let person = core::person(pid, stored.as_ref(), blocks, now);
    crate::audit!(
        crate::audit::KRR_READ,
        client = %access.client.client_id,
        persons = 1,
        scopes = %access.token.scopes,
    );
    Reply::new(app, format, &person, now).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpraakUpdate {
    spraak: String,
}

/// Sets the citizen's language; 204.
#[rocket::patch("/person", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn patch_person(
    app: &State<App>,
    header: BearerHeader,
    body: JsonBody<SpraakUpdate>,
) -> Result<Status, BearerError> {
    let now = now();
    let access = bearer::access(app, &one_token(header.0, None)?, now).await?;
    tracing::Span::current().record("client_id", access.token.client_id.as_str());
    require_any_scope(&access, &[KRR_SPRAAK_WRITE])?;
    let pid = citizen(&access)?;
    let update = body.0.map_err(bad_request)?;
    let spraak = core::parse_spraak(&update.spraak).ok_or_else(|| bad_request(not_a_language(&update.spraak)))?;
    app.store
        .set_krr_spraak(pid, &spraak, now)
        .await
        .map_err(|e| BearerError(internal(&e)))?;
    tracing::info!(spraak, "language updated");
    Ok(Status::NoContent)
}

#[cfg(test)]
mod proptests;
