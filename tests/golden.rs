//! Golden tests: the committed `generated/` is exactly what `specs/` produce, and the fixture
//! specs produce their committed snapshots (and a crate that compiles warning-free).
//!
//! Update the snapshots with `UPDATE_EXPECT=1 cargo test -p tests --test golden`.

use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::write::stale_files;
use tests::{fixture, workspace_root};

/// (a) Regenerating from `specs/` reproduces the committed `generated/` byte for byte.
#[test]
fn generated_crate_is_up_to_date() {
    let root = workspace_root();
    // The same prediction as `cargo xtask codegen --check` (it carries CHANGELOG.md over).
    let (generated, _) = codegen::regen::prepare(&root.join("specs/codegen.toml"), &root.join("generated"), false)
        .expect("the specs generate");
    let stale = stale_files(&root.join("generated"), &generated.files, &[]).expect("generated/ is readable");
    assert!(
        stale.is_empty(),
        "generated/ is stale; run `cargo xtask codegen`. Stale files: {}",
        stale.iter().map(|p| format!("generated/{}", p.display())).collect::<Vec<_>>().join(", ")
    );
    assert_eq!(generated.operation_count(), 25, "sso 12 + teammates 9 + scopes 4");
}

/// Generating twice gives identical bytes (no hash-map order, time or machine in the output).
#[test]
fn generation_is_deterministic() {
    let config = workspace_root().join("specs/codegen.toml");
    let first = codegen::generate(&config).expect("the specs generate").files;
    let second = codegen::generate(&config).expect("the specs generate").files;
    assert_eq!(first, second);
}

/// The fixture crate's files, generated from `tests/fixtures/emit/codegen.toml`.
fn fixture_files() -> codegen::emit::Files {
    codegen::generate(&fixture("emit/codegen.toml")).expect("the fixtures generate").files
}

/// (b) Each fixture module matches its snapshot: model types, call builders and the API handle.
#[test]
fn fixture_snapshots() {
    let files = fixture_files();
    for module in ["models", "calls", "three_one", "constructs", "recursive", "shapes", "wire", "postman_graphql", "postman_auth_headers", "structure", "webhooks", "bidi", "postman_nonstandard", "streaming", "oauth2"] {
        let mut text = String::new();
        for part in ["mod.rs", "types.rs", "calls.rs"] {
            let path = PathBuf::from("src").join(module).join(part);
            text.push_str(&format!("// ===== {} =====\n", path.display()));
            text.push_str(files.get(&path).map(String::as_str).unwrap_or("(missing)"));
        }
        expect_test::expect_file![fixture(&format!("emit/expected/{module}.rs"))].assert_eq(&text);
    }
    expect_test::expect_file![fixture("emit/expected/client.rs")].assert_eq(&files[Path::new("src/client.rs")]);
    expect_test::expect_file![fixture("emit/expected/NORMALIZATION.md")].assert_eq(&files[Path::new("NORMALIZATION.md")]);
}

/// The fixture crate compiles with clippy warnings denied, and its generated tests pass (every
/// operation against a mock server, every example round-tripped), recursive schemas included.
#[test]
fn fixture_crate_compiles_warning_free_and_passes_its_tests() {
    let files = fixture_files();
    let root = workspace_root();
    let out = root.join("target/fixture-client");
    codegen::write::write_atomically(&out, &files).expect("fixture crate is written");
    // Its own workspace, the workspace's lock file: same dependency versions, shared artifacts.
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(&cargo)
        // Every feature: the `mock` test doubles and `tracing` of every fixture shape are linted
        // too; the tests below build the default features, which must be warning-free as well.
        .args(["clippy", "--quiet", "--all-targets", "--all-features", "--manifest-path"])
        .arg(&manifest)
        .args(["--", "-D", "warnings"])
        .env("CARGO_TARGET_DIR", root.join("target/fixture-build"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "fixture crate does not compile cleanly:\n{}", String::from_utf8_lossy(&output.stderr));
    let output = Command::new(&cargo)
        .args(["test", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", root.join("target/fixture-build"))
        .output()
        .expect("cargo runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    assert!(output.status.success(), "fixture crate tests fail:\n{report}");
    assert!(!report.contains("warning: `fixture-client`"), "the fixture crate warns with default features:\n{report}");
    assert!(report.contains("test recursive_create_person ... ok"), "the recursive fixture's operation tests ran:\n{report}");
    // Issue 15: a parameter named `client`, an enum with a length constraint, derived names that
    // coincide, an operation without responses.
    // Issue 21: hidden characters everywhere, a collection of non-standard methods only.
    // Issue 25: the written-out `Deserialize` of structs and enums (tests/decoding.rs).
    for test in ["structure_list_files", "structure_get_users", "structure_get_users2", "structure_ping", "bidi_get_note", "bidi_put_note", "postman_nonstandard_list_properties", "postman_nonstandard_link_two_files", "streaming_watch_ticks", "streaming_create_chat_completion_stream", "events_arrive_as_the_server_sends_them", "a_struct_is_an_object_not_an_array_or_a_scalar", "streaming_render_file", "an_untagged_union_buffers_and_still_decodes_its_alternatives"] {
        assert!(report.contains(&format!("test {test} ... ok")), "the structure fixture's `{test}` ran:\n{report}");
    }
}

/// The corpus figures in the README are the ones the corpus configuration produces.
#[test]
fn readme_corpus_figures_are_current() {
    let root = workspace_root();
    let config = root.join("tests/corpus/codegen.toml");
    let generated = codegen::generate(&config).expect("the corpus generates");
    let examples: usize = generated.api.modules.iter().map(|m| m.examples.len()).sum();
    let exceptions = codegen::config::Config::load(&config).expect("config").example_mismatches.len();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README");
    let claim = format!("**{} of {}** examples", examples - exceptions, examples);
    assert!(readme.contains(&claim), "README should say {claim}");
    assert!(readme.contains(&format!("The {exceptions} exceptions")), "README exception count");
    assert!(readme.contains(&format!("{} operations, warning-free", generated.operation_count())));
}

/// A crate without operations (a webhooks-only document) sends no request: its runtime module,
/// and only that, allows dead code, so the crate is still warning-free. (`cargo xtask wild`
/// compiles such a crate: ipinfodb.)
#[test]
fn a_crate_without_operations_allows_only_the_runtime_unused() {
    let doc = serde_json::json!({
        "openapi": "3.1.0", "info": {"title": "hooks", "version": "1"},
        "webhooks": {"ping": {"post": {"requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Ping"}}}}}}},
        "components": {"schemas": {"Ping": {"type": "object", "properties": {"at": {"type": "string"}}}}}
    });
    let generated = codegen::generate_document("hooks", Path::new("hooks.yaml"), doc).expect("generates");
    let lib = &generated.files[Path::new("src/lib.rs")];
    assert!(lib.contains("#[allow(dead_code)]\nmod runtime;"), "{lib}");
    let with_ops = codegen::generate_document("pets", Path::new("pets.yaml"), serde_json::json!({
        "openapi": "3.0.3", "info": {"title": "pets", "version": "1"},
        "paths": {"/pets": {"get": {"operationId": "ListPets", "responses": {"204": {"description": "none"}}}}}
    }))
    .expect("generates");
    assert!(!with_ops.files[Path::new("src/lib.rs")].contains("allow(dead_code)"));
}

/// Public names in the product read like a person wrote them: no type, alias or re-export of
/// `generated/` is longer than 36 characters (issue 21: names such as
/// `SsoTeammatesRestrictedSubuserResponsePropsSubuserAccessItem` are renamed in the overlays).
#[test]
fn product_public_names_are_at_most_36_characters() {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("readable").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&workspace_root().join("generated/src"), &mut files);
    let mut names = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        for line in text.lines().map(str::trim_start) {
            let declared = ["pub struct ", "pub enum ", "pub type ", "pub trait "]
                .iter()
                .find_map(|kw| line.strip_prefix(kw))
                .map(|rest| rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default().to_string());
            // `pub use path::Name;` and `pub use path::Name as Other;`: the name users write.
            let used = line.strip_prefix("pub use ").filter(|rest| !rest.contains('{')).map(|rest| {
                let rest = rest.trim_end_matches(';');
                rest.rsplit(" as ").next().unwrap_or(rest).rsplit("::").next().unwrap_or(rest).to_string()
            });
            names.extend(declared.into_iter().chain(used).filter(|n| !n.is_empty()).map(|n| (n, file.clone())));
        }
    }
    assert!(names.len() > 50, "the scan found the crate's names ({})", names.len());
    let long: Vec<String> = names.iter().filter(|(n, _)| n.chars().count() > 36).map(|(n, f)| format!("{n} ({})", f.display())).collect();
    assert!(long.is_empty(), "public names longer than 36 characters:\n{}", long.join("\n"));
}

/// Every request of the Scopes collection replays through the product (issue 26): its generated
/// `tests/postman_replay.rs` calls all four methods and lists none as not replayable. The calls
/// themselves run with the crate's tests (`cargo test -p sendgrid-access`), where any difference
/// from the collection fails.
#[test]
fn the_scopes_collection_replays_through_the_product() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("generated/tests/postman_replay.rs")).expect("the product has a replay test");
    assert!(text.contains("const NOT_REPLAYED: &[(&str, &str, &str, &str)] = &[];"), "every Scopes request is replayed");
    let tests: Vec<&str> = text.lines().filter(|l| l.starts_with("async fn scopes_")).collect();
    assert_eq!(tests.len(), 4, "one replay per request of specs/scopes.postman_collection.json: {tests:?}");
}
