//! `codegen new`: from one OpenAPI document, and from one Postman collection, to a crate that
//! compiles, in a temporary directory. Both crates (library and generated tests) are checked by
//! one `cargo clippy --all-targets` of a workspace holding them, warnings denied, with the
//! repository's lock file (the same dependency versions as the product, nothing downloaded), in
//! the target directory of the golden test's fixture crate, whose identical `cargo clippy` step
//! checks the same dependencies with the same features: whichever runs first checks them, the
//! other only its own crates.

mod support;

use std::path::Path;
use std::process::Command;

use support::{codegen, root, texts};

#[test]
fn new_turns_one_document_into_a_crate_that_compiles() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("api")).expect("api dir");
    std::fs::copy(root().join("specs/sso.openapi.yaml"), dir.path().join("api/sso.openapi.yaml")).expect("copy");
    std::fs::copy(root().join("specs/scopes.postman_collection.json"), dir.path().join("api/scopes.postman_collection.json")).expect("copy");

    let output = codegen(dir.path(), &["new", "api/sso.openapi.yaml", "--name", "sso-client", "--out", "sso-client", "--config", "sso.toml"], None);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stdout.starts_with("wrote sso.toml (1 module)\nwrote sso-client/: 1 module, 12 operations"), "{stdout}");
    let config = std::fs::read_to_string(dir.path().join("sso.toml")).expect("the starter configuration");
    assert!(config.contains("[crate]\nname = \"sso-client\"\nversion = \"0.1.0\""), "{config}");
    assert!(config.contains("output = \"sso-client\"\n\n[[module]]\nname = \"sso\"\ninput = \"api/sso.openapi.yaml\"\n"), "{config}");

    // The default configuration path, a Postman collection.
    let output = codegen(dir.path(), &["new", "api/scopes.postman_collection.json", "--name", "scopes-client", "--out", "scopes-client"], None);
    assert!(output.status.success(), "{}", texts(&output).1);
    let config = std::fs::read_to_string(dir.path().join("codegen.toml")).expect("codegen.toml");
    assert!(config.contains("name = \"scopes\"\ninput = \"api/scopes.postman_collection.json\""), "{config}");
    assert!(dir.path().join("scopes-client/src/scopes/mod.rs").is_file());

    // Nothing is overwritten: neither the configuration nor a non-empty output directory.
    let again = codegen(dir.path(), &["new", "api/sso.openapi.yaml", "--name", "other", "--out", "elsewhere"], None);
    assert_eq!(again.status.code(), Some(1));
    assert!(texts(&again).1.contains("codegen.toml"), "{}", texts(&again).1);
    let occupied = codegen(dir.path(), &["new", "api/sso.openapi.yaml", "--name", "other", "--out", "sso-client", "--config", "other.toml"], None);
    assert_eq!(occupied.status.code(), Some(1));
    assert!(!dir.path().join("other.toml").exists());
    assert_eq!(std::fs::read_to_string(dir.path().join("codegen.toml")).expect("kept"), config);

    // Regenerating from the starter configuration changes nothing.
    let check = codegen(dir.path(), &["--check"], Some("sso.toml"));
    assert!(check.status.success(), "{}", texts(&check).1);

    cargo_check(dir.path(), &["sso-client", "scopes-client"]);
}

/// `cargo clippy --all-targets -- -D warnings` of `crates` (directories of `dir`) as one workspace.
fn cargo_check(dir: &Path, crates: &[&str]) {
    let members: Vec<String> = crates.iter().map(|c| format!("\"{c}\"")).collect();
    std::fs::write(dir.join("Cargo.toml"), format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "))).expect("workspace");
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .current_dir(dir)
        .args(["clippy", "--quiet", "--offline", "--workspace", "--all-targets", "--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root().join("target/fixture-build"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "the new crates do not compile:\n{}", String::from_utf8_lossy(&output.stderr));
}
