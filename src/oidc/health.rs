//! Health for load balancers: live = the process answers, ready = the
//! database answers and a signing key is loaded.

use rocket::State;
use rocket::http::Status;
use serde_json::json;

use super::reply::NoStoreJson;
use crate::web::{App, now};

#[rocket::get("/health/live")]
pub fn live() -> NoStoreJson {
    NoStoreJson(Status::Ok, json!({ "status": "live" }))
}

#[rocket::get("/health/ready")]
pub async fn ready(app: &State<App>) -> NoStoreJson {
    let database = app.store.ping().await;
    let keys = app.keys.signer(now()).await.is_ok();
    let status = if database && keys {
        Status::Ok
    } else {
        Status::ServiceUnavailable
    };
    NoStoreJson(
        status,
        json!({ "status": if status == Status::Ok { "ready" } else { "unavailable" }, "database": database, "keys": keys }),
    )
}
