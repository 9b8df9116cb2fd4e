//! The operator CLI (SPEC §1). Data goes to stdout as JSON, errors to
//! stderr, and failures exit non-zero.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde::Deserialize;
use serde_json::{Value, json};

use crate::config::Config;
use crate::core::client::{Client, UriRules};
use crate::domain::{AccessTokenFormat, AuthMethod, GrantType, OrgNo, Pid, RefreshTokenUsage};
use crate::i18n::check::{self, Severity};
use crate::i18n::{LocaleSource, Locales};
use crate::keys::Keys;
use crate::store::{Citizen, Store};
use crate::web::now;
use crate::{audit, crypto, krr, seed};

#[derive(Parser)]
#[command(name = "porten", version, about = "An OpenID Connect provider for citizen login")]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run: the size of the client options does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Migrate the database, then serve until SIGTERM or SIGINT.
    Serve,
    /// Apply pending migrations and exit.
    Migrate,
    /// Manage registered clients.
    #[command(subcommand)]
    Client(ClientCommand),
    /// Manage local citizen accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Manage signing keys.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Manage the contact register (KRR).
    #[command(subcommand)]
    Krr(KrrCommand),
    /// Check translations.
    #[command(subcommand)]
    Locales(LocalesCommand),
}

#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum ClientCommand {
    /// Register a client; a generated secret is shown this once.
    Create {
        #[arg(long)]
        id: String,
        #[command(flatten)]
        options: ClientOptions,
    },
    List,
    Show {
        id: String,
    },
    /// Change the named fields of a client.
    Update {
        id: String,
        #[command(flatten)]
        options: ClientOptions,
    },
    Delete {
        id: String,
    },
    /// Replace the client's secret with a new generated one, shown this once.
    RotateSecret {
        id: String,
    },
    /// Create or update the clients of a JSON file (an array of clients).
    Import {
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create or replace a local citizen account.
    Create {
        #[arg(long)]
        pid: String,
        #[arg(long)]
        password: Option<String>,
        #[arg(long)]
        otp_secret: Option<String>,
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Subcommand)]
enum KeysCommand {
    List,
    /// Publish a new key now; it signs after the publish delay.
    Rotate,
}

#[derive(Subcommand)]
enum KrrCommand {
    /// Create or replace the persons of a JSON file, `{"personer":[Person…]}`
    /// as the API returns them; all or nothing.
    Import { file: PathBuf },
}

#[derive(Subcommand)]
enum LocalesCommand {
    /// Report, per locale, errors (missing, extra, broken messages) and
    /// warnings (texts left as in nb, messages out of nb's order).
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
        #[command(flatten)]
        source: SourceChoice,
    },
    /// Render every page in every state and language into static HTML files.
    Preview {
        /// The folder to write to; created when missing.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        source: SourceChoice,
    },
}

#[derive(Args)]
struct SourceChoice {
    /// Use the translations built into porten when no locales folder is found.
    #[arg(long)]
    built_in: bool,
}

/// Registration fields; each given option replaces the stored value.
#[derive(Args, Default)]
struct ClientOptions {
    #[arg(long)]
    secret: Option<String>,
    #[arg(long)]
    orgno: Option<String>,
    #[arg(long = "name")]
    display_name: Option<String>,
    #[arg(long = "redirect-uri")]
    redirect_uris: Vec<String>,
    #[arg(long = "post-logout-redirect-uri")]
    post_logout_redirect_uris: Vec<String>,
    #[arg(long = "scope")]
    scopes: Vec<String>,
    #[arg(long)]
    auth_method: Option<AuthMethod>,
    #[arg(long = "grant-type")]
    grant_types: Vec<GrantType>,
    #[arg(long)]
    jwks: Option<PathBuf>,
    #[arg(long)]
    authorization_lifetime: Option<i64>,
    #[arg(long)]
    access_token_lifetime: Option<i64>,
    #[arg(long)]
    refresh_token_lifetime: Option<i64>,
    #[arg(long)]
    refresh_token_usage: Option<RefreshTokenUsage>,
    #[arg(long)]
    frontchannel_logout_uri: Option<String>,
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    frontchannel_logout_session_required: Option<bool>,
    #[arg(long)]
    access_token_format: Option<AccessTokenFormat>,
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    force_pkce: Option<bool>,
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    introspection: Option<bool>,
    #[arg(long, num_args = 0..=1, default_missing_value = "true")]
    inactive: Option<bool>,
    #[arg(long)]
    sector: Option<String>,
}

/// A client as an import file gives it: every field optional but the id.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ClientRecord {
    client_id: String,
    client_secret: Option<String>,
    client_orgno: Option<String>,
    display_name: Option<String>,
    redirect_uris: Option<Vec<String>>,
    post_logout_redirect_uris: Option<Vec<String>>,
    scopes: Option<Vec<String>>,
    authorization_lifetime: Option<i64>,
    access_token_lifetime: Option<i64>,
    refresh_token_lifetime: Option<i64>,
    token_endpoint_auth_method: Option<AuthMethod>,
    grant_types: Option<Vec<GrantType>>,
    refresh_token_usage: Option<RefreshTokenUsage>,
    jwks: Option<Value>,
    frontchannel_logout_uri: Option<String>,
    frontchannel_logout_session_required: Option<bool>,
    introspection: Option<bool>,
    access_token_format: Option<AccessTokenFormat>,
    sector: Option<String>,
    force_pkce: Option<bool>,
    active: Option<bool>,
}

type CliResult = Result<Option<Value>, String>;

pub async fn run(cli: Cli) -> ExitCode {
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("porten: {error}");
            return ExitCode::FAILURE;
        }
    };
    crate::logging::init(&config, matches!(cli.command, Command::Serve));
    let result = match cli.command {
        Command::Serve => serve(config).await,
        Command::Migrate => crate::open_store(&config)
            .await
            .map(|_| None)
            .map_err(|e| e.to_string()),
        Command::Client(command) => client(&config, command).await,
        Command::User(command) => user(&config, command).await,
        Command::Keys(command) => keys(&config, command).await,
        Command::Krr(KrrCommand::Import { file }) => krr_import(&config, &file).await,
        Command::Locales(LocalesCommand::Check { strict, source }) => locales_check(&config, strict, &source),
        Command::Locales(LocalesCommand::Preview { out, source }) => locales_preview(&config, &out, &source),
    };
    match result {
        Ok(Some(output)) => {
            print_json(&output);
            ExitCode::SUCCESS
        }
        Ok(None) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("porten: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Prints data for scripts; a closed pipe (`| head`) is not an error.
fn print_json(value: &Value) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stdout(),
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_default()
    );
}

async fn serve(config: Config) -> CliResult {
    let app = crate::app(config).await.map_err(|e| e.to_string())?;
    let config = app.config.clone();
    let rocket = crate::rocket(app).ignite().await.map_err(|e| e.to_string())?;
    println!(
        "porten ({} profile) listens on http://{}:{}",
        config.profile, config.address, config.port
    );
    println!("issuer: {}", config.issuer);
    let translations = crate::locale_source(&config);
    let note = match (&translations, config.is_dev()) {
        (LocaleSource::Embedded, _) => " (no locales folder here; PORTEN_LOCALES_DIR names one)",
        (LocaleSource::Dir(_), true) => " (edits show on reload)",
        (LocaleSource::Dir(_), false) => "",
    };
    println!("translations: {translations}{note}");
    if !config.is_prod() {
        println!("translators' preview: {}preview/", config.issuer);
    }
    if config.is_dev() {
        let redirect = format!("{}demo/callback", config.issuer);
        println!(
            "demo client: id {} secret {}",
            seed::DEMO_CLIENT_ID,
            seed::DEMO_CLIENT_SECRET
        );
        println!(
            "log in: {}authorize?client_id={}&redirect_uri={}&response_type=code&scope=openid%20profile&state=demo",
            config.issuer,
            seed::DEMO_CLIENT_ID,
            url::form_urlencoded::byte_serialize(redirect.as_bytes()).collect::<String>()
        );
    }
    if config.test_users() {
        let citizen = &seed::TEST_CITIZENS[0];
        println!(
            "test citizen: pid {} password {} ({})",
            citizen.pid,
            seed::TEST_PASSWORD,
            citizen.name
        );
    }
    rocket.launch().await.map_err(|e| e.to_string())?;
    Ok(None)
}

async fn store(config: &Config) -> Result<Store, String> {
    crate::open_store(config).await.map_err(|e| e.to_string())
}

fn client_json(client: &Client, secret: Option<&str>) -> Value {
    let mut value = serde_json::to_value(client).unwrap_or_default();
    if let Some(secret) = secret {
        value["client_secret"] = json!(secret);
    }
    value
}

fn parse_orgno(value: &str) -> Result<OrgNo, String> {
    OrgNo::parse(value).ok_or_else(|| format!("{value:?} is not a valid organisation number"))
}

impl ClientOptions {
    fn apply(self, client: &mut Client) -> Result<Option<String>, String> {
        if let Some(orgno) = self.orgno {
            client.client_orgno = Some(parse_orgno(&orgno)?);
        }
        if let Some(jwks) = self.jwks {
            let text = std::fs::read_to_string(&jwks).map_err(|e| format!("cannot read {}: {e}", jwks.display()))?;
            client.jwks =
                Some(serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", jwks.display()))?);
        }
        let lists = [
            (self.redirect_uris, &mut client.redirect_uris),
            (self.post_logout_redirect_uris, &mut client.post_logout_redirect_uris),
            (self.scopes, &mut client.scopes),
        ];
        for (given, field) in lists {
            if !given.is_empty() {
                *field = given;
            }
        }
        if !self.grant_types.is_empty() {
            client.grant_types = self.grant_types;
        }
        macro_rules! replace {
            ($($option:expr => $field:expr),+ $(,)?) => { $(if let Some(value) = $option { $field = value; })+ };
        }
        replace!(
            self.display_name => client.display_name,
            self.auth_method => client.token_endpoint_auth_method,
            self.authorization_lifetime => client.authorization_lifetime,
            self.access_token_lifetime => client.access_token_lifetime,
            self.refresh_token_lifetime => client.refresh_token_lifetime,
            self.refresh_token_usage => client.refresh_token_usage,
            self.frontchannel_logout_session_required => client.frontchannel_logout_session_required,
            self.access_token_format => client.access_token_format,
            self.force_pkce => client.force_pkce,
            self.introspection => client.introspection,
        );
        if let Some(uri) = self.frontchannel_logout_uri {
            client.frontchannel_logout_uri = Some(uri);
        }
        if let Some(sector) = self.sector {
            client.sector = Some(sector);
        }
        if let Some(inactive) = self.inactive {
            client.active = !inactive;
        }
        Ok(self.secret)
    }
}

/// `client.created` or `client.updated`, with what an auditor asks first.
fn audit_client(event: &'static str, client: &Client) {
    crate::audit!(
        event,
        client = %client.client_id,
        active = client.active,
        auth_method = client.token_endpoint_auth_method.as_str(),
        scopes = %client.scopes.join(" "),
    );
}

/// SPEC §4: a client secret is stored as a plain SHA-256, safe only when
/// the secret itself is long and random.
const MIN_SECRET_CHARS: usize = 32;

/// Sets the client's secret hash and checks its registration; gives the
/// secret to show, when one was generated or given.
fn prepare(client: &mut Client, secret: Option<String>, rules: UriRules) -> Result<Option<String>, String> {
    if secret.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err("a client secret must not be empty".into());
    }
    if secret.as_deref().is_some_and(|s| s.chars().count() < MIN_SECRET_CHARS) {
        return Err(format!(
            "client {:?}: a client secret must be at least {MIN_SECRET_CHARS} characters: porten keeps only its SHA-256 hash, which protects a long random secret but not a short one; leave the secret out to get a generated one",
            client.client_id
        ));
    }
    let secret = match (client.needs_secret(), secret, client.secret_hash.is_some()) {
        (false, Some(_), _) => {
            return Err(format!(
                "auth method {} takes no client secret",
                client.token_endpoint_auth_method
            ));
        }
        (false, None, _) => {
            client.secret_hash = None;
            None
        }
        (true, Some(secret), _) => Some(secret),
        (true, None, false) => Some(crypto::random_token()),
        (true, None, true) => None,
    };
    if let Some(secret) = &secret {
        client.secret_hash = Some(crypto::token_hash(secret));
    }
    client
        .validate(rules)
        .map_err(|e| format!("client {:?}: {e}", client.client_id))?;
    Ok(secret)
}

async fn save(
    store: &Store,
    client: &mut Client,
    secret: Option<String>,
    rules: UriRules,
) -> Result<Option<String>, String> {
    let secret = prepare(client, secret, rules)?;
    store_client(store, client).await?;
    Ok(secret)
}

/// Stores a checked client; a deactivated one loses its grants at once.
async fn store_client(store: &Store, client: &Client) -> Result<(), String> {
    store.save_client(client, now()).await.map_err(|e| e.to_string())?;
    if !client.active {
        store
            .revoke_client_grants(&client.client_id)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn client(config: &Config, command: ClientCommand) -> CliResult {
    let store = store(config).await?;
    let rules = UriRules::for_prod(config.is_prod());
    let find = |id: String| {
        let store = store.clone();
        async move {
            store
                .client(&id)
                .await
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("no client {id:?}"))
        }
    };
    match command {
        ClientCommand::Create { id, options } => {
            if store.client(&id).await.map_err(|e| e.to_string())?.is_some() {
                return Err(format!("client {id:?} exists; use client update"));
            }
            let mut client = Client::new(&id);
            let given = options.apply(&mut client)?;
            let secret = save(&store, &mut client, given, rules).await?;
            audit_client(audit::CLIENT_CREATED, &client);
            Ok(Some(client_json(&client, secret.as_deref())))
        }
        ClientCommand::List => {
            let clients = store.clients().await.map_err(|e| e.to_string())?;
            Ok(Some(Value::Array(
                clients.iter().map(|c| client_json(c, None)).collect(),
            )))
        }
        ClientCommand::Show { id } => Ok(Some(client_json(&find(id).await?, None))),
        ClientCommand::Update { id, options } => {
            let mut client = find(id).await?;
            let given = options.apply(&mut client)?;
            let secret = save(&store, &mut client, given, rules).await?;
            audit_client(audit::CLIENT_UPDATED, &client);
            Ok(Some(client_json(&client, secret.as_deref())))
        }
        ClientCommand::Delete { id } => {
            // Its tokens end with it, before it is gone.
            store.revoke_client_grants(&id).await.map_err(|e| e.to_string())?;
            match store.delete_client(&id).await.map_err(|e| e.to_string())? {
                true => {
                    crate::audit!(audit::CLIENT_DELETED, client = %id,);
                    Ok(Some(json!({ "deleted": id })))
                }
                false => Err(format!("no client {id:?}")),
            }
        }
        ClientCommand::RotateSecret { id } => {
            let mut client = find(id).await?;
            if !client.needs_secret() {
                return Err(format!(
                    "client uses {}, which has no secret",
                    client.token_endpoint_auth_method
                ));
            }
            let secret = crypto::random_token();
            client.secret_hash = Some(crypto::token_hash(&secret));
            store
                .set_client_secret_hash(&client.client_id, client.secret_hash.clone(), now())
                .await
                .map_err(|e| e.to_string())?;
            crate::audit!(audit::CLIENT_SECRET_ROTATED, client = %client.client_id,);
            Ok(Some(client_json(&client, Some(&secret))))
        }
        ClientCommand::Import { file } => import_clients(&store, &file, rules).await,
    }
}

async fn import_clients(store: &Store, file: &PathBuf, rules: UriRules) -> CliResult {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let records: Vec<ClientRecord> =
        serde_json::from_str(&text).map_err(|e| format!("{}: not an array of clients: {e}", file.display()))?;
    // Check every record before writing any, so a bad file changes nothing.
    let mut clients = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in records {
        if !seen.insert(record.client_id.clone()) {
            return Err(format!(
                "client {:?} appears twice in {}",
                record.client_id,
                file.display()
            ));
        }
        let existing = store.client(&record.client_id).await.map_err(|e| e.to_string())?;
        let event = match existing {
            Some(_) => audit::CLIENT_UPDATED,
            None => audit::CLIENT_CREATED,
        };
        let mut client = existing.unwrap_or_else(|| Client::new(&record.client_id));
        let secret = record.client_secret.clone();
        merge(&mut client, record)?;
        let shown = prepare(&mut client, secret, rules)?;
        clients.push((client, shown, event));
    }
    let mut output = Vec::new();
    for (client, shown, event) in clients {
        store_client(store, &client).await?;
        audit_client(event, &client);
        output.push(client_json(&client, shown.as_deref()));
    }
    Ok(Some(Value::Array(output)))
}

fn merge(client: &mut Client, r: ClientRecord) -> Result<(), String> {
    if let Some(orgno) = r.client_orgno {
        client.client_orgno = Some(parse_orgno(&orgno)?);
    }
    macro_rules! replace {
        ($($option:expr => $field:expr),+ $(,)?) => { $(if let Some(value) = $option { $field = value; })+ };
    }
    replace!(
        r.display_name => client.display_name,
        r.redirect_uris => client.redirect_uris,
        r.post_logout_redirect_uris => client.post_logout_redirect_uris,
        r.scopes => client.scopes,
        r.authorization_lifetime => client.authorization_lifetime,
        r.access_token_lifetime => client.access_token_lifetime,
        r.refresh_token_lifetime => client.refresh_token_lifetime,
        r.token_endpoint_auth_method => client.token_endpoint_auth_method,
        r.grant_types => client.grant_types,
        r.refresh_token_usage => client.refresh_token_usage,
        r.frontchannel_logout_session_required => client.frontchannel_logout_session_required,
        r.introspection => client.introspection,
        r.access_token_format => client.access_token_format,
        r.force_pkce => client.force_pkce,
        r.active => client.active,
    );
    client.jwks = r.jwks.or(client.jwks.take());
    client.frontchannel_logout_uri = r.frontchannel_logout_uri.or(client.frontchannel_logout_uri.take());
    client.sector = r.sector.or(client.sector.take());
    Ok(())
}

async fn user(config: &Config, command: UserCommand) -> CliResult {
    let UserCommand::Create {
        pid,
        password,
        otp_secret,
        name,
    } = command;
    let pid = Pid::parse(&pid).ok_or_else(|| format!("{pid:?} is not a valid personal identification number"))?;
    if let Some(secret) = otp_secret.as_deref().filter(|s| !crypto::is_base32_secret(s)) {
        return Err(format!("{secret:?} is not a base32 secret of at least 80 bits"));
    }
    let password_hash = match password {
        Some(password) => Some(
            tokio::task::spawn_blocking(move || crypto::hash_password(&password))
                .await
                .map_err(|e| e.to_string())?
                .map_err(|e| e.to_string())?,
        ),
        None => None,
    };
    let store = store(config).await?;
    let has_otp = otp_secret.is_some();
    let (secrets, _) = crate::secrets(config, &store).await.map_err(|e| e.to_string())?;
    let otp_secret = otp_secret
        .map(|secret| secrets.seal_otp(pid.as_str(), &secret))
        .transpose()
        .map_err(|e| e.to_string())?;
    let citizen = Citizen {
        pid: pid.to_string(),
        password_hash,
        otp_secret,
        otp_last_step: None,
        name,
        created_at: now(),
    };
    store.save_citizen(citizen.clone()).await.map_err(|e| e.to_string())?;
    Ok(Some(
        json!({ "pid": citizen.pid, "name": citizen.name, "password": citizen.password_hash.is_some(), "otp": has_otp }),
    ))
}

async fn keys(config: &Config, command: KeysCommand) -> CliResult {
    let app = crate::app(config.clone()).await.map_err(|e| e.to_string())?;
    let keys: &Keys = &app.keys;
    match command {
        KeysCommand::List => Ok(Some(json!(keys.list(now()).await.map_err(|e| e.to_string())?))),
        KeysCommand::Rotate => {
            let key = keys
                .rotate(now(), config.key_publish_delay)
                .await
                .map_err(|e| e.to_string())?;
            crate::audit!(audit::KEY_ROTATED, kid = %key.kid, activates_at = key.activates_at,);
            Ok(Some(json!(key)))
        }
    }
}

/// The most errors `krr import` lists before it counts the rest.
const SHOWN_ERRORS: usize = 50;

async fn krr_import(config: &Config, file: &PathBuf) -> CliResult {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let parsed: krr::core::Personer =
        serde_json::from_str(&text).map_err(|e| format!("{}: not a {{\"personer\":[…]}} file: {e}", file.display()))?;
    // Check every person before writing any, so a bad file changes nothing.
    let now = now();
    let mut persons = Vec::new();
    let mut errors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut skipped = 0;
    for (i, person) in parsed.personer.into_iter().enumerate() {
        let pid = person.personidentifikator.clone();
        match krr::core::stored_person(person, now) {
            Ok(Some(stored)) if !seen.insert(stored.pid.clone()) => {
                errors.push(format!("personer[{i}]: {pid} appears more than once"));
            }
            Ok(Some(stored)) => persons.push(stored),
            Ok(None) => skipped += 1,
            Err(found) => errors.extend(found.into_iter().map(|e| format!("personer[{i}]: {e}"))),
        }
    }
    if !errors.is_empty() {
        let more = errors.len().saturating_sub(SHOWN_ERRORS);
        errors.truncate(SHOWN_ERRORS);
        if more > 0 {
            errors.push(format!("… and {more} more"));
        }
        return Err(format!("{}: nothing imported:\n{}", file.display(), errors.join("\n")));
    }
    let imported = persons.len();
    let store = store(config).await?;
    store.upsert_krr_persons(persons).await.map_err(|e| e.to_string())?;
    let summary = json!({ "imported": imported, "skipped_ikke_registrert": skipped });
    Ok(Some(summary))
}

/// The translations a translator's command reads: never the built-in copies
/// by accident, since then their own files would go unchecked.
fn translations(config: &Config, choice: &SourceChoice) -> Result<LocaleSource, String> {
    let source = crate::locale_source(config);
    if matches!(source, LocaleSource::Embedded) && !choice.built_in {
        return Err(
            "there is no locales folder here, so this would read the translations built into porten, \
             not your files. Run it from the project folder (the one that holds locales/), or set \
             PORTEN_LOCALES_DIR to your locales folder, e.g. PORTEN_LOCALES_DIR=/path/to/porten/locales. \
             To read the built-in translations, add --built-in."
                .into(),
        );
    }
    eprintln!("porten: translations: {source}");
    Ok(source)
}

fn locales_check(config: &Config, strict: bool, choice: &SourceChoice) -> CliResult {
    let report = check::check(&translations(config, choice)?).map_err(|e| e.to_string())?;
    let output: serde_json::Map<String, Value> = report
        .problems
        .iter()
        .map(|(lang, problems)| {
            let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
            (lang.as_str().to_owned(), json!(lines))
        })
        .collect();
    let (errors, warnings) = (report.count(Severity::Error), report.count(Severity::Warning));
    for (lang, marked) in report.review.iter().filter(|(_, marked)| !marked.is_empty()) {
        eprintln!("porten: {lang}: marked for review: {}", marked.join(", "));
    }
    eprintln!("porten: {errors} error(s), {warnings} warning(s)");
    if report.passes(strict) {
        Ok(Some(Value::Object(output)))
    } else {
        print_json(&Value::Object(output));
        Err(if errors > 0 {
            "translations have errors".into()
        } else {
            "translations have warnings (--strict)".into()
        })
    }
}

fn locales_preview(config: &Config, out: &Path, choice: &SourceChoice) -> CliResult {
    let locales = Locales::load(translations(config, choice)?, false).map_err(|e| e.to_string())?;
    let css = crate::web::assets::read(config.static_dir.as_ref(), "porten.css")
        .ok_or("cannot read porten.css from the static folder")?;
    let written = crate::preview::write(&locales, &css, out).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(Some(json!({
        "index": out.join("index.html").display().to_string(),
        "pages": written,
    })))
}
