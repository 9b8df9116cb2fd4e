//! Validating an authorization request (SPEC §3) and deciding what the
//! citizen must do next (SPEC §2). Pure functions: no HTTP, no SQL.

use std::collections::HashMap;

use super::client::Client;
use super::error::{ErrorCode, OAuthError};
use crate::config::Levels;
use crate::domain::{Acr, Amr, OPENID, Pid, Prompt, ResponseMode, Scopes, is_server_scope};

/// The longest value accepted for any parameter.
pub const MAX_PARAM_LEN: usize = 4096;

/// The raw parameters of a request, in order, with duplicates kept.
#[derive(Clone, Debug, Default)]
pub struct Params(pub Vec<(String, String)>);

impl Params {
    /// Lenient: bytes that are not UTF-8 become U+FFFD. For what porten wrote itself.
    pub fn parse(encoded: &str) -> Params {
        Params(url::form_urlencoded::parse(encoded.as_bytes()).into_owned().collect())
    }

    /// For what a request brings: `None` when a name or value is not UTF-8
    /// once decoded, so that `state` and the like come back exactly as sent.
    pub fn parse_strict(encoded: &str) -> Option<Params> {
        encoded
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
                Some((form_decode(name)?, form_decode(value)?))
            })
            .collect::<Option<Vec<_>>>()
            .map(Params)
    }

    /// A parameter's value; empty values count as absent (OIDC Core 3.1.2.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, v)| k == name && !v.is_empty())
            .map(|(_, v)| v.as_str())
    }

    pub fn pairs(&self) -> Vec<(&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
    }

    pub fn is_repeated(&self, name: &str) -> bool {
        self.0.iter().filter(|(k, _)| k == name).count() > 1
    }

    /// RFC 6749 3.1: parameters must not be included more than once.
    pub fn first_repeated(&self) -> Option<&str> {
        let mut seen = HashMap::new();
        self.0
            .iter()
            .find(|(k, _)| seen.insert(k.as_str(), ()).is_some())
            .map(|(k, _)| k.as_str())
    }
}

/// One form-urlencoded name or value: `+` is a space, `%XX` a byte, and the
/// bytes must be UTF-8.
pub fn form_decode(value: &str) -> Option<String> {
    let spaced = value.replace('+', " ");
    percent_encoding::percent_decode_str(&spaced)
        .decode_utf8()
        .ok()
        .map(|decoded| decoded.into_owned())
}

/// `uri` with `pairs` added to its query, which it may already have.
pub fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return uri.to_owned();
    }
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    query.extend_pairs(pairs);
    let separator = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{separator}{}", query.finish())
}

/// Why a request gets the error page instead of a redirect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoRedirect {
    MissingClient,
    UnknownClient,
    MissingRedirectUri,
    UnregisteredRedirectUri,
}

/// Where, and how, an answer goes back to the client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplyTo {
    pub redirect_uri: String,
    pub state: Option<String>,
    pub response_mode: ResponseMode,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuthorizeError {
    // RFC 6749 4.1.2.1: MUST NOT redirect to an invalid redirection URI.
    Page(NoRedirect),
    Redirect(ReplyTo, OAuthError),
}

/// A valid authorization request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorizeRequest {
    pub client_id: String,
    pub reply: ReplyTo,
    pub scopes: Scopes,
    pub nonce: Option<String>,
    /// The level asked for: the lowest of `acr_values` porten knows, else the lowest configured.
    pub acr: Acr,
    pub ui_locales: Option<String>,
    pub prompt: Vec<Prompt>,
    pub max_age: Option<i64>,
    pub login_hint: Option<Pid>,
    pub id_token_hint: Option<String>,
    pub code_challenge: Option<String>,
}

impl AuthorizeRequest {
    pub fn has_prompt(&self, prompt: Prompt) -> bool {
        self.prompt.contains(&prompt)
    }
}

/// Every parameter an authorization request is read for; a request is kept
/// with these only (OIDC Core 3.1.2.1: others are ignored).
pub const PARAMETERS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "acr_values",
    "ui_locales",
    "prompt",
    "max_age",
    "login_hint",
    "id_token_hint",
    "code_challenge",
    "code_challenge_method",
    "response_mode",
    "request",
    "request_uri",
    "lang",
];

impl Params {
    /// Only the parameters in `names`.
    pub fn only(mut self, names: &[&str]) -> Params {
        self.0.retain(|(name, _)| names.contains(&name.as_str()));
        self
    }

    /// What of a request may be stored: the parameters in `names`, unless
    /// one of them is longer than `MAX_PARAM_LEN` (then nothing).
    pub fn storable(&self, names: &[&str]) -> Option<Params> {
        let kept = self.clone().only(names);
        kept.0
            .iter()
            .all(|(_, value)| value.len() <= MAX_PARAM_LEN)
            .then_some(kept)
    }
}

/// Looks up the client id of a request, for the caller to load the client.
pub fn client_id(params: &Params) -> Result<&str, AuthorizeError> {
    match params.get("client_id") {
        Some(id) if !params.is_repeated("client_id") && id.len() <= 255 => Ok(id),
        Some(_) => Err(AuthorizeError::Page(NoRedirect::UnknownClient)),
        None => Err(AuthorizeError::Page(NoRedirect::MissingClient)),
    }
}

pub fn validate(params: &Params, client: Option<&Client>, levels: &Levels) -> Result<AuthorizeRequest, AuthorizeError> {
    let client = match client {
        Some(client) if client.active => client,
        _ => return Err(AuthorizeError::Page(NoRedirect::UnknownClient)),
    };
    let redirect_uri = match params.get("redirect_uri") {
        None => return Err(AuthorizeError::Page(NoRedirect::MissingRedirectUri)),
        Some(_) if params.is_repeated("redirect_uri") => {
            return Err(AuthorizeError::Page(NoRedirect::UnregisteredRedirectUri));
        }
        // Exact string comparison: no normalisation, no prefix matching.
        Some(uri) if client.redirect_uris.iter().any(|r| r == uri) => uri,
        Some(_) => return Err(AuthorizeError::Page(NoRedirect::UnregisteredRedirectUri)),
    };
    let state = params
        .get("state")
        .filter(|s| s.len() <= MAX_PARAM_LEN)
        .map(str::to_owned);
    let mut reply = ReplyTo {
        redirect_uri: redirect_uri.to_owned(),
        state,
        response_mode: ResponseMode::Query,
    };
    let fail = |reply: &ReplyTo, code: ErrorCode, description: &str| {
        Err(AuthorizeError::Redirect(
            reply.clone(),
            OAuthError::new(code, description),
        ))
    };

    match params.get("response_mode").map(ResponseMode::parse) {
        None => {}
        Some(Some(mode)) => reply.response_mode = mode,
        Some(None) => {
            return fail(
                &reply,
                ErrorCode::InvalidRequest,
                "response_mode must be query or form_post",
            );
        }
    }
    if let Some(name) = params.first_repeated() {
        return fail(
            &reply,
            ErrorCode::InvalidRequest,
            &format!("parameter {name} is repeated"),
        );
    }
    if let Some((name, _)) = params.0.iter().find(|(_, v)| v.len() > MAX_PARAM_LEN) {
        return fail(
            &reply,
            ErrorCode::InvalidRequest,
            &format!("parameter {name} is too long"),
        );
    }
    if params.get("request").is_some() {
        return fail(
            &reply,
            ErrorCode::RequestNotSupported,
            "request objects are not supported",
        );
    }
    if params.get("request_uri").is_some() {
        return fail(
            &reply,
            ErrorCode::RequestUriNotSupported,
            "request_uri is not supported",
        );
    }
    match params.get("response_type") {
        None => return fail(&reply, ErrorCode::InvalidRequest, "response_type is required"),
        Some("code") => {}
        Some(_) => {
            return fail(
                &reply,
                ErrorCode::UnsupportedResponseType,
                "only response_type code is supported",
            );
        }
    }
    if !client.has_grant_type(crate::domain::GrantType::AuthorizationCode) {
        return fail(
            &reply,
            ErrorCode::UnauthorizedClient,
            "client is not registered for the authorization_code grant",
        );
    }
    let scopes = match params.get("scope") {
        None => return fail(&reply, ErrorCode::InvalidRequest, "scope is required"),
        Some(scope) => Scopes::parse(scope),
    };
    if scopes.is_empty() {
        return fail(&reply, ErrorCode::InvalidRequest, "scope is required");
    }
    if let Some(scope) = scopes.iter().find(|s| !client.scopes().contains(s)) {
        return fail(
            &reply,
            ErrorCode::InvalidScope,
            &format!("scope {scope} is not registered for this client"),
        );
    }
    if let Some(scope) = scopes.iter().find(|s| is_server_scope(s)) {
        return fail(
            &reply,
            ErrorCode::InvalidScope,
            &format!("scope {scope} is only for server-to-server tokens"),
        );
    }
    let mut prompt = Vec::new();
    for value in params
        .get("prompt")
        .unwrap_or_default()
        .split(' ')
        .filter(|p| !p.is_empty())
    {
        match Prompt::parse(value) {
            Some(p) => prompt.push(p),
            None => {
                return fail(
                    &reply,
                    ErrorCode::InvalidRequest,
                    &format!("unknown prompt value {value}"),
                );
            }
        }
    }
    if prompt.contains(&Prompt::None) && prompt.len() > 1 {
        return fail(
            &reply,
            ErrorCode::InvalidRequest,
            "prompt none cannot be combined with other values",
        );
    }
    let max_age = match params.get("max_age").map(str::parse::<i64>) {
        None => None,
        Some(Ok(age)) if age >= 0 => Some(age),
        Some(_) => {
            return fail(
                &reply,
                ErrorCode::InvalidRequest,
                "max_age must be a non-negative integer",
            );
        }
    };
    let acr = params
        .get("acr_values")
        .unwrap_or_default()
        .split(' ')
        .filter_map(Acr::parse)
        .min()
        .unwrap_or_else(|| levels.lowest());
    let code_challenge = match (params.get("code_challenge"), params.get("code_challenge_method")) {
        (None, None) if client.requires_pkce() => {
            return fail(
                &reply,
                ErrorCode::InvalidRequest,
                "code_challenge is required for this client",
            );
        }
        (None, None) => None,
        (None, Some(_)) => {
            return fail(
                &reply,
                ErrorCode::InvalidRequest,
                "code_challenge_method without code_challenge",
            );
        }
        // RFC 7636 4.3: a missing method means plain, which porten does not support.
        (Some(_), None | Some("plain")) => {
            return fail(&reply, ErrorCode::InvalidRequest, "code_challenge_method must be S256");
        }
        (Some(challenge), Some("S256")) if is_s256_challenge(challenge) => Some(challenge.to_owned()),
        (Some(_), Some("S256")) => {
            return fail(
                &reply,
                ErrorCode::InvalidRequest,
                "code_challenge must be 43 base64url characters",
            );
        }
        (Some(_), Some(_)) => return fail(&reply, ErrorCode::InvalidRequest, "code_challenge_method must be S256"),
    };
    Ok(AuthorizeRequest {
        client_id: client.client_id.clone(),
        reply,
        scopes,
        nonce: params.get("nonce").map(str::to_owned),
        acr,
        ui_locales: params.get("ui_locales").map(str::to_owned),
        prompt,
        max_age,
        login_hint: params.get("login_hint").and_then(Pid::parse),
        id_token_hint: params.get("id_token_hint").map(str::to_owned),
        code_challenge,
    })
}

fn is_s256_challenge(challenge: &str) -> bool {
    challenge.len() == 43
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// A citizen's login in one browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SsoSession {
    pub sid: String,
    pub pid: String,
    pub acr: Acr,
    pub amr: Vec<Amr>,
    pub auth_time: i64,
}

/// What the citizen must do next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    Login,
    Consent,
    Issue,
    Fail(OAuthError),
}

/// What porten knows about the browser when it decides.
pub struct Situation<'a> {
    pub session: Option<&'a SsoSession>,
    /// The session was created by a login for this very request.
    pub fresh_login: bool,
    /// With `prompt=none`: whether `id_token_hint` is ours and names the session's user.
    pub hint_matches: bool,
    /// The scopes this citizen has granted this client, when not expired.
    pub consented: Option<&'a Scopes>,
    /// Consent was given for this very request.
    pub consent_given: bool,
    pub now: i64,
}

/// Whether `session` may stand for a login to `request`, its level aside:
/// no `prompt=login`, and no older than `max_age`.
fn is_fresh_enough(request: &AuthorizeRequest, session: &SsoSession, now: i64) -> bool {
    // OIDC Core 3.1.2.1: max_age=0 is prompt=login, even within the same second.
    !request.has_prompt(Prompt::Login)
        && request
            .max_age
            .is_none_or(|age| age > 0 && now - session.auth_time <= age)
}

/// Whether a citizen logged in with a password at too low a level may reach
/// the requested level with the one-time code alone (step-up).
pub fn can_step_up(request: &AuthorizeRequest, session: &SsoSession, now: i64) -> bool {
    session.acr < request.acr && session.amr.contains(&Amr::Pwd) && is_fresh_enough(request, session, now)
}

pub fn next_step(request: &AuthorizeRequest, situation: &Situation) -> Next {
    let prompt_none = request.has_prompt(Prompt::None);
    let session_ok = situation.session.is_some_and(|session| {
        (situation.fresh_login || is_fresh_enough(request, session, situation.now)) && session.acr >= request.acr
    });
    if !session_ok || (prompt_none && request.id_token_hint.is_some() && !situation.hint_matches) {
        return if prompt_none {
            Next::Fail(OAuthError::new(ErrorCode::LoginRequired, "the citizen must log in"))
        } else {
            Next::Login
        };
    }
    let wanted: Vec<&str> = request.scopes.iter().filter(|s| *s != OPENID).collect();
    let consented = situation
        .consented
        .is_some_and(|granted| wanted.iter().all(|s| granted.contains(s)));
    let needs_consent =
        !situation.consent_given && (request.has_prompt(Prompt::Consent) || (!wanted.is_empty() && !consented));
    match (needs_consent, prompt_none) {
        (true, true) => Next::Fail(OAuthError::new(ErrorCode::ConsentRequired, "the citizen must consent")),
        (true, false) => Next::Consent,
        (false, _) => Next::Issue,
    }
}

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;
