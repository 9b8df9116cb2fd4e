//! `POST personer`: up to a thousand Persons for a server.

use rocket::State;
use serde::Deserialize;

use super::bad_request;
use super::core::{self, Blocks, Reader};
use super::reply::{Format, Reply};
use crate::core::error::{ErrorCode, OAuthError};
use crate::oidc::bearer::{self, BearerHeader, one_token, require_any_scope};
use crate::oidc::reply::{BearerError, internal};
use crate::web::guards::JsonBody;
use crate::web::{App, now};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonerRequest {
    personidentifikatorer: Vec<String>,
}

#[rocket::post("/personer", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id, count))]
pub async fn post_personer(
    app: &State<App>,
    header: BearerHeader,
    format: Format,
    body: JsonBody<PersonerRequest>,
) -> Result<Reply, BearerError> {
    let now = now();
    let access = bearer::access(app, &one_token(header.0, None)?, now).await?;
    tracing::Span::current().record("client_id", access.token.client_id.as_str());
    require_any_scope(&access, Reader::Server.read_scopes())?;
    if access.grant.pid.is_some() {
        return Err(BearerError(OAuthError::new(
            ErrorCode::InsufficientScope,
            "POST personer needs a server token, not a citizen's",
        )));
    }
    let request = body.0.map_err(bad_request)?;
    let pids = core::parse_personidentifikatorer(&request.personidentifikatorer).map_err(bad_request)?;
    tracing::Span::current().record("count", pids.len());
    let stored = app
        .store
        .krr_persons(&pids)
        .await
        .map_err(|e| BearerError(internal(&e)))?;
    let blocks = Blocks::granted(&access.token.scopes, Reader::Server);
    let personer = core::personer(&pids, &stored, blocks, now);
    crate::audit!(
        crate::audit::KRR_READ,
        client = %access.client.client_id,
        persons = pids.len(),
        scopes = %access.token.scopes,
    );
    Reply::new(app, format, &core::Personer { personer }, now).await
}

#[cfg(test)]
mod proptests;
