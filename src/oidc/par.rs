//! `par`: pushed authorization requests (RFC 9126). The client posts the
//! request over the back channel, authenticated, and sends the browser to
//! `authorize` with only `client_id` and the `request_uri` it got back.

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::client_auth::{CLIENT_AUTH_PARAMS, authenticated_form};
use super::reply::{JsonError, NoStoreJson, internal};
use crate::core::authorize::{self, AuthorizeError, Params};
use crate::core::error::OAuthError;
use crate::crypto;
use crate::store::{Holder, PendingRequest};
use crate::web::guards::{Authorization, FormBody};
use crate::web::page::{PageError, PageReason};
use crate::web::{App, now};

/// RFC 9126 2.2: `request_uri` values are URNs of this form.
pub const REQUEST_URI_PREFIX: &str = "urn:ietf:params:oauth:request_uri:";
/// Seconds a pushed request waits for the browser (SPEC §3: 60–120).
pub const PUSHED_LIFETIME: i64 = 90;
#[rocket::post("/par", data = "<body>")]
#[tracing::instrument(skip_all, fields(client_id))]
pub async fn par(app: &State<App>, body: FormBody, authorization: Authorization) -> Result<NoStoreJson, JsonError> {
    let (form, client) = authenticated_form(app, body, &authorization).await?;
    if form.get("request_uri").is_some() {
        return Err(OAuthError::invalid_request("request_uri cannot be pushed").into());
    }
    let mut params = Params(
        form.0
            .into_iter()
            .filter(|(name, _)| !CLIENT_AUTH_PARAMS.contains(&name.as_str()))
            .collect(),
    );
    if params.get("client_id").is_none() {
        params.0.push(("client_id".into(), client.client_id.clone()));
    }
    match authorize::validate(&params, Some(&client), &app.config.levels()) {
        Ok(_) => {}
        Err(AuthorizeError::Redirect(_, error)) => return Err(error.into()),
        Err(AuthorizeError::Page(_)) => {
            return Err(OAuthError::invalid_request("redirect_uri is missing or not registered").into());
        }
    }
    let reference = crypto::random_token();
    let pushed = PendingRequest {
        holder: Holder::Pushed,
        client_id: client.client_id.clone(),
        params: params.0,
        login_sid: None,
        lang: None,
    };
    app.store
        .save_pending(&pushed_key(&reference), &pushed, now() + PUSHED_LIFETIME)
        .await
        .map_err(|e| internal(&e))?;
    let body = json!({
        "request_uri": format!("{REQUEST_URI_PREFIX}{reference}"),
        "expires_in": PUSHED_LIFETIME,
    });
    Ok(NoStoreJson(Status::Created, body))
}

/// Where a pushed request is stored: apart from the ids of requests on
/// their way through the pages, so neither can stand for the other.
pub fn pushed_key(reference: &str) -> String {
    crypto::token_hash(&format!("par:{reference}"))
}

/// The request an `authorize` with `request_uri` stands for: the pushed
/// parameters, once, for the client that pushed them. Parameters sent
/// beside it must match the pushed ones or be absent. Without a request to
/// trust there is no verified redirect URI, so failures are pages.
pub async fn take_pushed(app: &App, front: &Params, now: i64) -> Result<Params, PageError> {
    let expired = || PageError::new(PageReason::RequestExpired);
    let reference = front
        .get("request_uri")
        .and_then(|uri| uri.strip_prefix(REQUEST_URI_PREFIX))
        .ok_or_else(expired)?;
    let key = pushed_key(reference);
    let pushed = app
        .store
        .pending(&key, now)
        .await?
        .filter(|p| p.holder == Holder::Pushed && Some(p.client_id.as_str()) == front.get("client_id"))
        .ok_or_else(expired)?;
    // Single use: of two browsers racing with one request_uri, one wins.
    if !app.store.take_pending(&key).await? {
        return Err(expired());
    }
    let pushed = Params(pushed.params);
    let conflicting = front
        .0
        .iter()
        .filter(|(name, value)| name != "request_uri" && !value.is_empty())
        .find(|(name, value)| pushed.get(name) != Some(value.as_str()));
    if let Some((name, _)) = conflicting {
        tracing::info!(parameter = %name, "authorize parameter differs from the pushed request");
        return Err(PageError::new(PageReason::BadRequest));
    }
    Ok(pushed)
}
