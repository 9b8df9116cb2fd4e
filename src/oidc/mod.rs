//! The OpenID Connect provider, mounted under the issuer's path: discovery
//! and keys, authorize with its pages, par, token with its grants, userinfo,
//! revoke, tokeninfo and endsession.

mod assertion;
pub mod authorize;
pub mod bearer;
mod client_auth;
pub(crate) mod consent;
pub(crate) mod demo;
pub mod discovery;
pub(crate) mod endsession;
mod health;
pub mod hint;
pub(crate) mod login;
mod par;
pub mod reply;
mod revoke;
pub mod session;
mod token;
mod tokeninfo;
mod userinfo;

use rocket::fairing::AdHoc;

use crate::web::trace::traced;

/// Mounts the provider's routes under the issuer path; in `dev` also the
/// demo client's landing page.
pub fn stage(issuer_path: String, dev: bool) -> AdHoc {
    AdHoc::on_ignite("OpenID Connect provider", move |rocket| async move {
        let rocket = if dev {
            rocket.mount(
                issuer_path.as_str(),
                traced(rocket::routes![demo::callback, demo::callback_form_post]),
            )
        } else {
            rocket
        };
        rocket
            .mount(
                issuer_path.as_str(),
                traced(rocket::routes![
                    discovery::openid_configuration,
                    discovery::oauth_metadata_suffix,
                    discovery::jwk,
                    authorize::authorize_get,
                    authorize::authorize_post,
                    authorize::authorize_resume,
                    login::login_page,
                    login::login_submit,
                    consent::consent_page,
                    consent::consent_submit,
                    token::token,
                    revoke::revoke,
                    par::par,
                    endsession::endsession_get,
                    endsession::endsession_post,
                    endsession::endsession_resume,
                    endsession::endsession_confirm,
                    tokeninfo::tokeninfo,
                    userinfo::userinfo_get,
                    userinfo::userinfo_post,
                ]),
            )
            .mount(
                "/",
                traced(rocket::routes![discovery::oauth_metadata, health::live, health::ready]),
            )
    })
}
