//! The operator CLI, run as the real binary against a temporary database.
//!
//! Every test runs `porten` in its own temporary folder with the `dev`
//! profile and a fresh SQLite file, and checks what an operator sees: the
//! JSON on stdout, the message on stderr, the exit status, and what ended up
//! in the database.

use std::path::Path;
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use tempfile::TempDir;

const VALID_PID: &str = "01019010046";
const VALID_ORGNO: &str = "974760673";

fn database_url(dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", dir.join("porten.db").display())
}

/// Runs `porten ARGS` in `dir` with `extra` environment variables on top of
/// the dev profile and the folder's own database. Returns whether it exited
/// successfully, stdout (parsed as JSON when it is JSON, else as a string)
/// and stderr.
fn porten_env(dir: &Path, args: &[&str], extra: &[(&str, &str)]) -> (bool, Value, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_porten"));
    command.current_dir(dir).args(args).stdin(Stdio::null());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PORTEN_") {
            command.env_remove(&key);
        }
    }
    command
        .env_remove("RUST_LOG")
        .env("PORTEN_PROFILE", "dev")
        .env("PORTEN_DATABASE_URL", database_url(dir));
    for (key, value) in extra {
        command.env(key, value);
    }
    let output = command.output().expect("porten runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    let stdout = serde_json::from_str(&stdout).unwrap_or(Value::String(stdout));
    (output.status.success(), stdout, stderr)
}

fn porten(dir: &Path, args: &[&str]) -> (bool, Value, String) {
    porten_env(dir, args, &[])
}

/// Runs a command that must succeed and returns its JSON.
/// `client create` with an id, a redirect URI and `extra` options.
fn client_create<'a>(id: &'a str, redirect_uri: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["client", "create", "--id", id, "--redirect-uri", redirect_uri];
    args.extend_from_slice(extra);
    args
}

fn ok(dir: &Path, args: &[&str]) -> Value {
    let (success, out, err) = porten(dir, args);
    assert!(success, "porten {args:?} failed: {err}\nstdout: {out}");
    assert!(!out.is_string(), "porten {args:?} printed no JSON: {out}");
    out
}

/// Runs a command that must fail; returns its stderr, which must say why.
fn fails(dir: &Path, args: &[&str]) -> String {
    let (success, out, err) = porten(dir, args);
    assert!(!success, "porten {args:?} should fail, printed {out}");
    assert!(!err.trim().is_empty(), "porten {args:?} failed without a message");
    err
}

fn tmp() -> TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// The ids `client list` shows.
fn client_ids(dir: &Path) -> Vec<String> {
    let list = ok(dir, &["client", "list"]);
    list.as_array()
        .unwrap_or_else(|| panic!("client list is not an array: {list}"))
        .iter()
        .map(|c| c["client_id"].as_str().expect("client_id").to_owned())
        .collect()
}

/// The client as stored, read through porten's own store: to check which
/// secret hash the CLI wrote.
fn stored_client(dir: &Path, id: &str) -> Option<porten::core::client::Client> {
    let runtime = rocket::tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = porten::store::Store::connect(&database_url(dir))
            .await
            .expect("database opens");
        store.client(id).await.expect("client query")
    })
}

fn assert_generated_secret(secret: &str) {
    assert_eq!(secret.len(), 43, "a 256-bit base64url secret: {secret:?}");
    assert!(
        secret
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "secret uses only A-Z a-z 0-9 - _: {secret:?}"
    );
}

/// Every object key anywhere in `value`.
fn object_keys(value: &Value, keys: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map {
                keys.push(key.clone());
                object_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| object_keys(item, keys)),
        _ => {}
    }
}

/// Neither the secret nor its hash, under any name, in what the CLI shows.
fn assert_no_secret(shown: &Value, secret: &str) {
    let text = shown.to_string();
    let mut keys = Vec::new();
    object_keys(shown, &mut keys);
    assert!(
        !keys.iter().any(|k| k.contains("secret") || k.contains("hash")),
        "a secret or hash field shown: {text}"
    );
    assert!(!text.contains(secret), "the secret itself shown: {text}");
    assert!(
        !text.contains(&porten::crypto::token_hash(secret)),
        "the secret's hash shown: {text}"
    );
}

fn create_app(dir: &Path) -> Value {
    ok(
        dir,
        &client_create(
            "app",
            "https://app.example/cb",
            &["--scope", "openid", "--scope", "profile", "--name", "App"],
        ),
    )
}

#[test]
fn create_prints_the_client_with_a_generated_secret_shown_once() {
    let dir = tmp();
    let created = create_app(dir.path());
    assert_eq!(created["client_id"], "app");
    assert_eq!(created["display_name"], "App");
    assert_eq!(created["redirect_uris"], json!(["https://app.example/cb"]));
    assert_eq!(created["scopes"], json!(["openid", "profile"]));
    assert_eq!(created["token_endpoint_auth_method"], "client_secret_basic");
    assert_eq!(created["active"], true);
    let secret = created["client_secret"].as_str().expect("a generated client_secret");
    assert_generated_secret(secret);
    let mut keys = Vec::new();
    object_keys(&created, &mut keys);
    assert!(!keys.iter().any(|k| k.contains("hash")), "{created}");

    // What is stored is the hash of the secret shown.
    let stored = stored_client(dir.path(), "app").expect("client stored");
    assert_eq!(stored.secret_hash, Some(porten::crypto::token_hash(secret)));

    let shown = ok(dir.path(), &["client", "show", "app"]);
    assert_eq!(shown["client_id"], "app");
    assert_eq!(shown["display_name"], "App");
    assert_eq!(shown["redirect_uris"], json!(["https://app.example/cb"]));
    assert_no_secret(&shown, secret);

    let list = ok(dir.path(), &["client", "list"]);
    assert_eq!(list.as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(list[0]["client_id"], "app");
    assert_no_secret(&list, secret);

    // The same id again is refused and leaves the client as it was.
    let err = fails(
        dir.path(),
        &client_create("app", "https://other.example/cb", &["--name", "Other"]),
    );
    assert!(err.contains("app"), "{err}");
    let shown = ok(dir.path(), &["client", "show", "app"]);
    assert_eq!(shown["display_name"], "App");
    assert_eq!(shown["redirect_uris"], json!(["https://app.example/cb"]));
    let stored = stored_client(dir.path(), "app").expect("client stored");
    assert_eq!(stored.secret_hash, Some(porten::crypto::token_hash(secret)));
}

#[test]
fn a_given_secret_is_shown_once_and_stored_as_its_hash() {
    let dir = tmp();
    let secret = "my-own-secret-0123456789-abcdefghij";
    let created = ok(
        dir.path(),
        &client_create("app", "https://app.example/cb", &["--secret", secret]),
    );
    assert_eq!(created["client_secret"], secret);
    assert_eq!(created.to_string().matches(secret).count(), 1, "{created}");
    let stored = stored_client(dir.path(), "app").expect("client stored");
    assert_eq!(stored.secret_hash, Some(porten::crypto::token_hash(secret)));
    assert_no_secret(&ok(dir.path(), &["client", "show", "app"]), secret);
    assert_no_secret(&ok(dir.path(), &["client", "list"]), secret);
}

#[test]
fn a_public_client_gets_no_secret() {
    let dir = tmp();
    let created = ok(
        dir.path(),
        &client_create("spa", "https://spa.example/cb", &["--auth-method", "none"]),
    );
    assert_eq!(created["token_endpoint_auth_method"], "none");
    assert!(created.get("client_secret").is_none(), "{created}");
    assert_eq!(stored_client(dir.path(), "spa").expect("stored").secret_hash, None);
    let err = fails(dir.path(), &["client", "rotate-secret", "spa"]);
    assert!(err.contains("none"), "{err}");
}

#[test]
fn update_replaces_the_named_fields_and_keeps_the_rest() {
    let dir = tmp();
    let created = ok(
        dir.path(),
        &[
            "client",
            "create",
            "--id",
            "app",
            "--name",
            "App",
            "--redirect-uri",
            "https://app.example/cb",
            "--post-logout-redirect-uri",
            "https://app.example/bye",
            "--scope",
            "openid",
            "--scope",
            "profile",
            "--orgno",
            VALID_ORGNO,
            "--refresh-token-lifetime",
            "600",
        ],
    );
    let secret = created["client_secret"].as_str().expect("secret").to_owned();
    assert_eq!(created["client_orgno"], VALID_ORGNO);
    assert_eq!(created["force_pkce"], false);
    assert_eq!(created["access_token_lifetime"], 120);

    let updated = ok(
        dir.path(),
        &[
            "client",
            "update",
            "app",
            "--redirect-uri",
            "https://app.example/new",
            "--force-pkce",
            "--access-token-lifetime",
            "300",
        ],
    );
    assert_eq!(updated["redirect_uris"], json!(["https://app.example/new"]));
    assert_eq!(updated["force_pkce"], true);
    assert_eq!(updated["access_token_lifetime"], 300);
    // Untouched fields are kept, and the secret is neither shown nor changed.
    assert_eq!(updated["display_name"], "App");
    assert_eq!(updated["post_logout_redirect_uris"], json!(["https://app.example/bye"]));
    assert_eq!(updated["scopes"], json!(["openid", "profile"]));
    assert_eq!(updated["client_orgno"], VALID_ORGNO);
    assert_eq!(updated["refresh_token_lifetime"], 600);
    assert_eq!(updated["active"], true);
    assert_no_secret(&updated, &secret);
    assert_eq!(
        stored_client(dir.path(), "app").expect("stored").secret_hash,
        Some(porten::crypto::token_hash(&secret))
    );

    // The change is stored, not only printed.
    let shown = ok(dir.path(), &["client", "show", "app"]);
    assert_eq!(shown["redirect_uris"], json!(["https://app.example/new"]));
    assert_eq!(shown["force_pkce"], true);
    assert_eq!(shown["access_token_lifetime"], 300);
    assert_eq!(shown["display_name"], "App");

    let inactive = ok(dir.path(), &["client", "update", "app", "--inactive"]);
    assert_eq!(inactive["active"], false);
    assert_eq!(ok(dir.path(), &["client", "show", "app"])["active"], false);
    assert_eq!(ok(dir.path(), &["client", "show", "app"])["force_pkce"], true);
    // And it can be switched back on.
    let active = ok(dir.path(), &["client", "update", "app", "--inactive=false"]);
    assert_eq!(active["active"], true);
    assert_eq!(ok(dir.path(), &["client", "show", "app"])["active"], true);

    // An unknown client cannot be updated, and is not created by trying.
    let err = fails(dir.path(), &["client", "update", "nobody", "--name", "X"]);
    assert!(err.contains("nobody"), "{err}");
    assert_eq!(client_ids(dir.path()), ["app"]);
}

#[test]
fn a_refused_update_changes_nothing() {
    let dir = tmp();
    create_app(dir.path());
    let err = fails(
        dir.path(),
        &[
            "client",
            "update",
            "app",
            "--redirect-uri",
            "https://app.example/cb#frag",
        ],
    );
    assert!(err.contains("fragment"), "{err}");
    let err = fails(dir.path(), &["client", "update", "app", "--access-token-lifetime", "0"]);
    assert!(err.contains("access_token_lifetime"), "{err}");
    let shown = ok(dir.path(), &["client", "show", "app"]);
    assert_eq!(shown["redirect_uris"], json!(["https://app.example/cb"]));
    assert_eq!(shown["access_token_lifetime"], 120);
}

#[test]
fn rotate_secret_prints_a_new_secret_and_stores_only_it() {
    let dir = tmp();
    let created = create_app(dir.path());
    let first = created["client_secret"].as_str().expect("secret").to_owned();

    let rotated = ok(dir.path(), &["client", "rotate-secret", "app"]);
    assert_eq!(rotated["client_id"], "app");
    let second = rotated["client_secret"].as_str().expect("a new secret").to_owned();
    assert_generated_secret(&second);
    assert_ne!(first, second);

    let stored = stored_client(dir.path(), "app").expect("stored");
    assert_eq!(stored.secret_hash, Some(porten::crypto::token_hash(&second)));
    let shown = ok(dir.path(), &["client", "show", "app"]);
    assert_no_secret(&shown, &first);
    assert_no_secret(&shown, &second);
    assert_eq!(shown["display_name"], "App");

    fails(dir.path(), &["client", "rotate-secret", "nobody"]);
}

#[test]
fn delete_removes_the_client() {
    let dir = tmp();
    create_app(dir.path());
    let deleted = ok(dir.path(), &["client", "delete", "app"]);
    assert!(deleted.to_string().contains("app"), "{deleted}");

    let (success, out, err) = porten(dir.path(), &["client", "show", "app"]);
    assert!(!success, "show of a deleted client printed {out}");
    assert!(err.contains("app"), "stderr names the client: {err:?}");
    assert_eq!(out, Value::String(String::new()), "nothing on stdout");
    assert!(client_ids(dir.path()).is_empty());
    assert!(stored_client(dir.path(), "app").is_none());

    let err = fails(dir.path(), &["client", "delete", "app"]);
    assert!(err.contains("app"), "{err}");
}

#[test]
fn bad_registrations_are_refused_and_write_nothing() {
    let dir = tmp();
    let base = [
        "client",
        "create",
        "--id",
        "app",
        "--redirect-uri",
        "https://app.example/cb",
    ];
    let cases: &[(&[&str], &str)] = &[
        (&["--orgno", "123456789"], "123456789"),
        (&["--orgno", "97476067"], "97476067"),
        (&["--redirect-uri", "https://app.example/cb#x"], "fragment"),
        (&["--post-logout-redirect-uri", "https://app.example/bye#x"], "fragment"),
        (&["--scope", "openid", "--scope", "no-such-scope"], "no-such-scope"),
        (
            &[
                "--auth-method",
                "none",
                "--refresh-token-usage",
                "reuse",
                "--grant-type",
                "authorization_code",
                "--grant-type",
                "refresh_token",
            ],
            "reuse",
        ),
        (&["--auth-method", "foo"], "foo"),
        (&["--grant-type", "implicit"], "implicit"),
        (
            &["--frontchannel-logout-uri", "https://evil.example/logout"],
            "frontchannel",
        ),
        (
            &["--frontchannel-logout-uri", "http://app.example/logout"],
            "frontchannel",
        ),
        (&["--access-token-lifetime", "0"], "access_token_lifetime"),
        (&["--name", "  "], "display_name"),
        (&["--auth-method", "private_key_jwt"], "private_key_jwt"),
    ];
    for (extra, expected) in cases {
        let args: Vec<&str> = base.iter().chain(extra.iter()).copied().collect();
        let err = fails(dir.path(), &args);
        assert!(
            err.contains(expected),
            "porten {args:?}: stderr should mention {expected:?}: {err}"
        );
        assert!(client_ids(dir.path()).is_empty(), "porten {args:?} wrote a client");
    }

    // Without a redirect URI a code-flow client is refused too.
    let err = fails(dir.path(), &["client", "create", "--id", "app"]);
    assert!(err.contains("redirect_uri"), "{err}");
    assert!(client_ids(dir.path()).is_empty());

    // The valid variants of the same options are accepted.
    let created = ok(
        dir.path(),
        &client_create(
            "app",
            "https://app.example/cb",
            &[
                "--orgno",
                VALID_ORGNO,
                "--frontchannel-logout-uri",
                "https://app.example/logout",
                "--frontchannel-logout-session-required",
            ],
        ),
    );
    assert_eq!(created["client_orgno"], VALID_ORGNO);
    assert_eq!(created["frontchannel_logout_uri"], "https://app.example/logout");
    assert_eq!(created["frontchannel_logout_session_required"], true);
    assert_eq!(client_ids(dir.path()), ["app"]);

    let public = ok(
        dir.path(),
        &client_create(
            "spa",
            "https://spa.example/cb",
            &[
                "--auth-method",
                "none",
                "--grant-type",
                "authorization_code",
                "--grant-type",
                "refresh_token",
            ],
        ),
    );
    assert_eq!(public["refresh_token_usage"], "onetime");
    assert_eq!(public["grant_types"], json!(["authorization_code", "refresh_token"]));
}

fn write(dir: &Path, name: &str, content: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("file written");
    path.display().to_string()
}

fn import_file(one_name: &str, second: Value) -> String {
    json!([
        {
            "client_id": "one",
            "client_secret": "one-secret-0123456789-abcdefghijkl",
            "display_name": one_name,
            "redirect_uris": ["https://one.example/cb"],
            "scopes": ["openid", "profile"],
            "token_endpoint_auth_method": "client_secret_post",
            "grant_types": ["authorization_code", "refresh_token"]
        },
        second
    ])
    .to_string()
}

fn second_client() -> Value {
    json!({
        "client_id": "two",
        "display_name": "Two",
        "redirect_uris": ["https://two.example/cb"],
        "scopes": ["openid"],
        "token_endpoint_auth_method": "none",
        "grant_types": ["authorization_code"]
    })
}

#[test]
fn import_creates_and_then_updates_clients() {
    let dir = tmp();
    let file = write(dir.path(), "clients.json", &import_file("One", second_client()));
    let imported = ok(dir.path(), &["client", "import", &file]);
    assert_eq!(imported.as_array().map(Vec::len), Some(2), "{imported}");
    assert_eq!(client_ids(dir.path()), ["one", "two"]);

    let one = ok(dir.path(), &["client", "show", "one"]);
    assert_eq!(one["display_name"], "One");
    assert_eq!(one["redirect_uris"], json!(["https://one.example/cb"]));
    assert_eq!(one["token_endpoint_auth_method"], "client_secret_post");
    assert_eq!(one["grant_types"], json!(["authorization_code", "refresh_token"]));
    assert_no_secret(&one, "one-secret-0123456789-abcdefghijkl");
    assert_eq!(
        stored_client(dir.path(), "one").expect("stored").secret_hash,
        Some(porten::crypto::token_hash("one-secret-0123456789-abcdefghijkl"))
    );
    let two = ok(dir.path(), &["client", "show", "two"]);
    assert_eq!(two["display_name"], "Two");
    assert_eq!(two["token_endpoint_auth_method"], "none");
    assert_eq!(two["scopes"], json!(["openid"]));
    assert_eq!(stored_client(dir.path(), "two").expect("stored").secret_hash, None);

    // Importing again with a changed name updates; nothing is duplicated.
    let file = write(dir.path(), "clients.json", &import_file("One renamed", second_client()));
    ok(dir.path(), &["client", "import", &file]);
    assert_eq!(client_ids(dir.path()), ["one", "two"]);
    let one = ok(dir.path(), &["client", "show", "one"]);
    assert_eq!(one["display_name"], "One renamed");
    assert_eq!(one["redirect_uris"], json!(["https://one.example/cb"]));

    // A record that leaves out a field keeps the stored value, secret included.
    let partial = json!([{ "client_id": "one", "access_token_lifetime": 60 }]).to_string();
    let file = write(dir.path(), "partial.json", &partial);
    let imported = ok(dir.path(), &["client", "import", &file]);
    assert!(imported[0].get("client_secret").is_none(), "{imported}");
    let one = ok(dir.path(), &["client", "show", "one"]);
    assert_eq!(one["access_token_lifetime"], 60);
    assert_eq!(one["display_name"], "One renamed");
    assert_eq!(one["grant_types"], json!(["authorization_code", "refresh_token"]));
    assert_eq!(
        stored_client(dir.path(), "one").expect("stored").secret_hash,
        Some(porten::crypto::token_hash("one-secret-0123456789-abcdefghijkl"))
    );
}

#[test]
fn import_generates_a_secret_for_a_new_confidential_client_without_one() {
    let dir = tmp();
    let file = write(
        dir.path(),
        "clients.json",
        &json!([{ "client_id": "conf", "redirect_uris": ["https://conf.example/cb"] }]).to_string(),
    );
    let imported = ok(dir.path(), &["client", "import", &file]);
    let secret = imported[0]["client_secret"].as_str().expect("a generated secret");
    assert_generated_secret(secret);
    assert_eq!(
        stored_client(dir.path(), "conf").expect("stored").secret_hash,
        Some(porten::crypto::token_hash(secret))
    );
}

#[test]
fn a_bad_import_file_writes_nothing() {
    let dir = tmp();
    // The second client is invalid: neither is written.
    let mut bad = second_client();
    bad["redirect_uris"] = json!(["https://two.example/cb#frag"]);
    let file = write(dir.path(), "bad.json", &import_file("One", bad));
    let err = fails(dir.path(), &["client", "import", &file]);
    assert!(err.contains("two"), "stderr names the bad client: {err}");
    assert!(client_ids(dir.path()).is_empty(), "a failed import wrote clients");

    // Nor when the first record would update an existing client.
    let good = write(dir.path(), "good.json", &import_file("One", second_client()));
    ok(dir.path(), &["client", "import", &good]);
    let mut bad = second_client();
    bad["scopes"] = json!(["openid", "no-such-scope"]);
    let file = write(dir.path(), "bad.json", &import_file("Changed", bad));
    let err = fails(dir.path(), &["client", "import", &file]);
    assert!(err.contains("no-such-scope"), "{err}");
    assert_eq!(ok(dir.path(), &["client", "show", "one"])["display_name"], "One");
    assert_eq!(ok(dir.path(), &["client", "show", "two"])["scopes"], json!(["openid"]));

    // A bad orgno in the second record.
    let mut bad = second_client();
    bad["client_orgno"] = json!("123456789");
    let file = write(dir.path(), "bad.json", &import_file("Changed", bad));
    fails(dir.path(), &["client", "import", &file]);
    assert_eq!(ok(dir.path(), &["client", "show", "one"])["display_name"], "One");

    // Not JSON, not an array, a misspelt field, a missing file.
    let file = write(dir.path(), "clients.txt", "client_id = one\n");
    fails(dir.path(), &["client", "import", &file]);
    let file = write(dir.path(), "object.json", &second_client().to_string());
    fails(dir.path(), &["client", "import", &file]);
    let typo = json!([{ "client_id": "three", "redirect_uri": ["https://three.example/cb"] }]);
    let file = write(dir.path(), "typo.json", &typo.to_string());
    let err = fails(dir.path(), &["client", "import", &file]);
    assert!(err.contains("redirect_uri"), "{err}");
    let missing = dir.path().join("missing.json").display().to_string();
    fails(dir.path(), &["client", "import", &missing]);
    assert_eq!(client_ids(dir.path()), ["one", "two"]);
}

#[test]
fn user_create_checks_the_pid_and_otp_secret() {
    let dir = tmp();
    let (success, out, err) = porten(
        dir.path(),
        &[
            "user",
            "create",
            "--pid",
            VALID_PID,
            "--password",
            "hunter2-pw",
            "--name",
            "Test",
        ],
    );
    assert!(success, "{err}");
    assert_eq!(out["pid"], VALID_PID);
    assert_eq!(out["name"], "Test");
    let text = out.to_string();
    assert!(!text.contains("hunter2-pw"), "password shown: {text}");
    assert!(!text.contains("$argon2"), "password hash shown: {text}");

    let err = fails(
        dir.path(),
        &["user", "create", "--pid", "01019010047", "--password", "pw"],
    );
    assert!(err.contains("01019010047"), "{err}");
    fails(
        dir.path(),
        &["user", "create", "--pid", "0101901004", "--password", "pw"],
    );

    let err = fails(
        dir.path(),
        &["user", "create", "--pid", VALID_PID, "--otp-secret", "not-base32!"],
    );
    assert!(err.contains("base32"), "{err}");
    // Too short to be a real TOTP secret (RFC 4226 wants at least 128 bits, 80 is the floor).
    fails(
        dir.path(),
        &["user", "create", "--pid", VALID_PID, "--otp-secret", "JBSWY3DP"],
    );

    let out = ok(
        dir.path(),
        &[
            "user",
            "create",
            "--pid",
            VALID_PID,
            "--password",
            "pw",
            "--otp-secret",
            "JBSWY3DPEHPK3PXPJBSWY3DP",
        ],
    );
    assert_eq!(out["pid"], VALID_PID);
    assert!(
        !out.to_string().contains("JBSWY3DPEHPK3PXPJBSWY3DP"),
        "otp secret shown: {out}"
    );
}

fn keys(dir: &Path) -> Vec<Value> {
    let list = ok(dir, &["keys", "list"]);
    list.as_array()
        .unwrap_or_else(|| panic!("keys list is not an array: {list}"))
        .clone()
}

#[test]
fn keys_list_and_rotate() {
    let dir = tmp();
    let first = keys(dir.path());
    assert_eq!(first.len(), 1, "a fresh database gets one key: {first:?}");
    for key in &first {
        for field in ["kid", "alg", "state", "created_at", "activates_at", "retires_at"] {
            assert!(key.get(field).is_some(), "key lacks {field}: {key}");
        }
        assert_eq!(key["alg"], "RS256");
        assert!(!key["kid"].as_str().unwrap_or_default().is_empty(), "{key}");
        assert!(key["created_at"].is_i64(), "{key}");
        let text = key.to_string();
        assert!(!text.contains("PRIVATE"), "private key material shown: {text}");
    }
    assert_eq!(first[0]["state"], "active");
    assert!(first[0]["retires_at"].is_null());
    let old_kid = first[0]["kid"].as_str().expect("kid").to_owned();

    // The key persists: a second run lists the same one.
    assert_eq!(keys(dir.path()), first);

    let rotated = ok(dir.path(), &["keys", "rotate"]);
    let new_kid = rotated["kid"].as_str().expect("rotate prints the new kid").to_owned();
    assert_ne!(new_kid, old_kid);

    let listed = keys(dir.path());
    assert_eq!(listed.len(), 2, "{listed:?}");
    let new = listed
        .iter()
        .find(|k| k["kid"] == new_kid.as_str())
        .expect("new key listed");
    let old = listed
        .iter()
        .find(|k| k["kid"] == old_kid.as_str())
        .expect("old key still listed");
    assert_eq!(new["alg"], "RS256");
    assert_eq!(
        new["state"], "published",
        "the new key signs only after the publish delay"
    );
    let created = new["created_at"].as_i64().expect("created_at");
    let activates = new["activates_at"].as_i64().expect("activates_at");
    assert!(
        activates >= created + 3600 - 5,
        "default publish delay is an hour: {new}"
    );
    assert!(
        matches!(old["state"].as_str(), Some("active" | "retiring")),
        "the old key keeps signing until the new one activates: {old}"
    );
    let retires = old["retires_at"].as_i64().expect("old key gets a retirement time");
    assert!(
        retires > activates,
        "the old key stays published after the new one activates: {old}"
    );
}

#[test]
fn migrate_runs_and_prod_refuses_to_start_without_secrets() {
    let dir = tmp();
    let (success, _, err) = porten(dir.path(), &["migrate"]);
    assert!(success, "{err}");
    assert!(dir.path().join("porten.db").exists(), "the database file is created");
    let (success, _, err) = porten(dir.path(), &["migrate"]);
    assert!(success, "migrating twice is fine: {err}");

    let prod = tmp();
    let (success, out, err) = porten_env(prod.path(), &["migrate"], &[("PORTEN_PROFILE", "prod")]);
    assert!(!success, "prod without secrets ran: {out}");
    assert!(err.contains("https"), "{err}");

    let (success, _, err) = porten_env(
        prod.path(),
        &["migrate"],
        &[
            ("PORTEN_PROFILE", "prod"),
            ("PORTEN_ISSUER", "https://login.example/idporten-oidc-provider/"),
        ],
    );
    assert!(!success);
    assert!(err.contains("PORTEN_SECRET_KEY"), "{err}");
    assert!(!prod.path().join("porten.db").exists(), "nothing was written");

    let (success, _, err) = porten_env(dir.path(), &["migrate"], &[("PORTEN_PROFILE", "staging")]);
    assert!(!success);
    assert!(err.contains("staging"), "{err}");
}

/// A copy of the project's locales in `dir/my-locales`, for a test to edit.
fn copy_locales(dir: &Path) -> std::path::PathBuf {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales");
    let copy = dir.join("my-locales");
    for lang in ["nb", "nn", "en", "se"] {
        std::fs::create_dir_all(copy.join(lang)).expect("dir");
        for entry in std::fs::read_dir(source.join(lang)).expect("locale folder") {
            let path = entry.expect("entry").path();
            std::fs::copy(&path, copy.join(lang).join(path.file_name().expect("name"))).expect("copy");
        }
    }
    copy
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replace(from, to)).expect("write");
}

#[test]
fn locales_check_reports_per_locale_and_names_the_folder() {
    let dir = tmp();
    let copy = copy_locales(dir.path());
    let (success, report, err) = porten_env(
        dir.path(),
        &["locales", "check", "--strict"],
        &[("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))],
    );
    assert!(success, "{err}\n{report}");
    let object = report.as_object().expect("a JSON object");
    let mut langs: Vec<&str> = object.keys().map(String::as_str).collect();
    langs.sort_unstable();
    assert_eq!(langs, ["en", "nb", "nn", "se"]);
    for (lang, problems) in object {
        assert_eq!(problems, &json!([]), "{lang} has problems");
    }
    assert!(err.contains("my-locales"), "the folder read is not named: {err}");
}

#[test]
fn locales_check_refuses_the_built_in_copies_unless_asked() {
    let dir = tmp();
    let err = fails(dir.path(), &["locales", "check"]);
    assert!(err.contains("PORTEN_LOCALES_DIR"), "{err}");
    assert!(err.contains("project folder"), "{err}");
    assert!(err.contains("--built-in"), "{err}");

    let (success, report, err) = porten(dir.path(), &["locales", "check", "--built-in"]);
    assert!(success, "{err}");
    assert!(err.contains("built into porten"), "{err}");
    assert_eq!(report["se"], json!([]), "{report}");
}

#[test]
fn warnings_fail_only_a_strict_check() {
    let dir = tmp();
    let copy = copy_locales(dir.path());
    edit(&copy.join("nn").join("porten.ftl"), "Vel språk", "Velg språk");
    let env = [("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))];

    let (success, report, err) = porten_env(dir.path(), &["locales", "check"], &env);
    assert!(success, "a warning failed the check: {err}");
    let nn = report["nn"].to_string();
    assert!(
        nn.contains("warning: language-switcher is the same as in nb"),
        "{report}"
    );
    assert!(err.contains("0 error(s), 1 warning(s)"), "{err}");

    let (success, _, err) = porten_env(dir.path(), &["locales", "check", "--strict"], &env);
    assert!(!success, "--strict passed a warning");
    assert!(err.contains("--strict"), "{err}");
}

#[test]
fn locales_check_reports_a_dropped_variable_and_a_missing_dual() {
    let dir = tmp();
    let copy = copy_locales(dir.path());
    edit(
        &copy.join("en").join("porten.ftl"),
        "You are logging in to { $client }.",
        "You are logging in.",
    );
    edit(&copy.join("se").join("session.ftl"), "    [two] guokte minuhta\n", "");
    let (success, report, _) = porten_env(
        dir.path(),
        &["locales", "check"],
        &[("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))],
    );
    assert!(!success, "errors passed: {report}");
    assert!(
        report["en"].to_string().contains("login-client drops $client"),
        "{report}"
    );
    assert!(
        report["se"]
            .to_string()
            .contains("login-throttled lacks the plural form [two]"),
        "{report}"
    );
}

#[test]
fn locales_preview_writes_every_page_in_every_language_from_the_files() {
    let dir = tmp();
    let copy = copy_locales(dir.path());
    edit(
        &copy.join("nn").join("porten.ftl"),
        "Gå til hovudinnhaldet",
        "Hopp til hovudinnhaldet",
    );
    let out = dir.path().join("gallery");
    let (success, printed, err) = porten_env(
        dir.path(),
        &["locales", "preview", "--out", out.to_str().expect("utf-8 path")],
        &[("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))],
    );
    assert!(success, "{err}");
    assert!(printed["pages"].as_u64().is_some_and(|n| n > 80), "{printed}");
    assert!(out.join("porten.css").is_file());
    let index = std::fs::read_to_string(out.join("index.html")).expect("index.html");
    for lang in ["nb", "nn", "en", "se"] {
        for page in [
            "login",
            "login-throttled-2",
            "consent",
            "logged-out",
            "form-post-nojs",
            "error-not-found",
        ] {
            assert!(
                index.contains(&format!("href=\"{lang}/{page}.html\"")),
                "index lacks {lang}/{page}"
            );
            let html = std::fs::read_to_string(out.join(lang).join(format!("{page}.html"))).expect("page");
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{lang}/{page}");
            assert!(html.contains("href=\"../porten.css\""), "{lang}/{page}");
            assert!(!html.contains("<script"), "{lang}/{page} would leave the preview");
        }
    }
    let nn = std::fs::read_to_string(out.join("nn").join("login.html")).expect("page");
    assert!(nn.contains("Hopp til hovudinnhaldet"), "the edit on disk does not show");
    let se = std::fs::read_to_string(out.join("se").join("login-throttled-2.html")).expect("page");
    assert!(se.contains("guokte minuhta"), "the Sami dual does not show");

    let err = fails(dir.path(), &["locales", "preview", "--out", "elsewhere"]);
    assert!(err.contains("PORTEN_LOCALES_DIR"), "{err}");
}

#[test]
fn locales_check_fails_on_a_broken_translation() {
    let dir = tmp();
    let copy = copy_locales(dir.path());
    let nn = copy.join("nn").join("porten.ftl");
    let mut text = std::fs::read_to_string(&nn).expect("nn");
    text.push_str("\ncli-test-only-in-nn = Berre på nynorsk\n");
    std::fs::write(&nn, text).expect("nn written");

    let (success, out, err) = porten_env(
        dir.path(),
        &["locales", "check"],
        &[("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))],
    );
    assert!(!success, "a broken translation passed: {out}");
    assert!(!err.trim().is_empty());
    let nn_errors = out["nn"].to_string();
    assert!(nn_errors.contains("cli-test-only-in-nn"), "report: {out}");
    assert_eq!(out["nb"], json!([]), "{out}");
}

/// The lines `porten serve` prints on start, until it prints `last`.
fn serve_banner(dir: &Path, extra: &[(&str, &str)], last: &str) -> Vec<String> {
    use std::io::BufRead;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let mut command = Command::new(env!("CARGO_BIN_EXE_porten"));
    command
        .current_dir(dir)
        .arg("serve")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("PORTEN_") {
            command.env_remove(&key);
        }
    }
    command
        .env("PORTEN_PROFILE", "dev")
        .env("PORTEN_DATABASE_URL", database_url(dir))
        .env("PORTEN_PORT", port.to_string())
        .envs(extra.iter().copied());
    let mut child = command.spawn().expect("porten serve starts");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = Vec::new();
    for line in std::io::BufReader::new(stdout).lines() {
        let line = line.expect("a line");
        let done = line.starts_with(last);
        lines.push(line);
        if done {
            break;
        }
    }
    child.kill().ok();
    child.wait().ok();
    lines
}

#[test]
fn serve_names_the_translations_it_uses() {
    let dir = tmp();
    let lines = serve_banner(dir.path(), &[], "translators' preview:");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("translations: the copies built into porten")),
        "{lines:?}"
    );
    let copy = copy_locales(dir.path());
    let lines = serve_banner(
        dir.path(),
        &[("PORTEN_LOCALES_DIR", copy.to_str().expect("utf-8 path"))],
        "translators' preview:",
    );
    let shown = lines
        .iter()
        .find(|l| l.starts_with("translations: "))
        .expect("a translations line");
    assert!(
        shown.contains("my-locales") && shown.contains("edits show on reload"),
        "{shown}"
    );
}
