//! `userinfo` (OIDC Core 5.3, RFC 6750 2.1–2.2).

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::bearer::{self, BearerHeader, one_token, require_any_scope};
use super::reply::{BearerError, NoStoreJson};
use crate::core::claims::pairwise_sub;
use crate::core::error::{ErrorCode, OAuthError};
use crate::domain::{OPENID, PROFILE};
use crate::web::guards::FormBody;
use crate::web::{App, now};

#[rocket::get("/userinfo")]
pub async fn userinfo_get(app: &State<App>, header: BearerHeader) -> Result<NoStoreJson, BearerError> {
    userinfo(app, &one_token(header.0, None)?).await
}

#[rocket::post("/userinfo", data = "<body>")]
pub async fn userinfo_post(app: &State<App>, header: BearerHeader, body: FormBody) -> Result<NoStoreJson, BearerError> {
    let form = body.0.ok();
    if form.as_ref().is_some_and(|form| form.is_repeated("access_token")) {
        let error = OAuthError::invalid_request("parameter access_token is repeated");
        return Err(BearerError(error));
    }
    let form_token = form.and_then(|form| form.get("access_token").map(str::to_owned));
    userinfo(app, &one_token(header.0, form_token)?).await
}

async fn userinfo(app: &App, token: &str) -> Result<NoStoreJson, BearerError> {
    let access = bearer::access(app, token, now()).await?;
    require_any_scope(&access, &[OPENID])?;
    let Some(pid) = &access.grant.pid else {
        return Err(BearerError(OAuthError::new(
            ErrorCode::InsufficientScope,
            "the token is not a citizen's",
        )));
    };
    let sector = access.client.sector();
    let mut claims = json!({ "sub": pairwise_sub(&app.secrets.pairwise_salt, sector, pid) });
    if access.token.scopes.contains(PROFILE) {
        claims["pid"] = json!(pid);
        claims["locale"] = json!(access.grant.locale.as_deref().unwrap_or("nb"));
    }
    Ok(NoStoreJson(Status::Ok, claims))
}
