//! Every wire format, checked by a validator nobody here wrote. The fixture crate's generated
//! operation tests send each call to their mock server and, when `CODEGEN_PRISM_<MODULE>` names
//! a URL, the same call to Stoplight Prism serving the module's document, failing on any
//! request-side violation Prism reports (`sl-violations`) and on an answer saying the route or
//! the credentials are not the document's (see `emit/op_tests.rs`). This test starts one Prism per
//! document and runs the fixture crate's tests with those variables.
//!
//! Covered: `wire` (form, nested form and multipart bodies with files, binary and text bodies
//! and responses, every query style, header and cookie parameters, every security scheme kind),
//! `structure` (3.1 structure, colliding names), `streaming` (event streams, JSON lines, binary
//! downloads and uploads, the `stream` flag of an OpenAI-style twin) and the Postman fixtures (converted with
//! `codegen postman2openapi`, since Prism reads OpenAPI): requests of every URL shape, GraphQL,
//! auth at every level, hand-written auth headers, v2.0 auth.
//! What Prism cannot check, and where it is checked instead (each generated test compares its
//! request with the document's byte for byte in any case): requests with a method OpenAPI has no
//! field for (`PROPFIND`, `LINK`, `PURGE`: no OpenAPI tool can route them; the
//! `postman_nonstandard` module has only such requests and is left out); `http` security schemes
//! other than basic, bearer and digest (`Authorization: Token …`), which Prism says it does not
//! support; examples holding `$ref` members, which Prism tries to resolve and which are left out
//! of the documents it serves.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tests::prism::{find_prism, Prism};
use tests::{fixture, workspace_root};

/// The modules checked, with their document (relative to `tests/fixtures/emit/`).
const MODULES: &[(&str, &str)] = &[
    ("wire", "wire.yaml"),
    ("structure", "structure.yaml"),
    ("streaming", "streaming.yaml"),
    ("postman_requests", "../postman/requests.json"),
    ("postman_graphql", "../postman/graphql.json"),
    ("postman_auth", "../postman/auth.json"),
    ("postman_auth_headers", "../postman/auth_headers.json"),
    ("postman_v20_auth", "../postman/v20_auth.json"),
];

/// The OpenAPI document Prism serves for `input` (a Postman collection converted first), written
/// into `dir`, less the examples that hold a `$ref` member: Prism's reference parser reads such
/// example data (a SCIM resource's own URL, a JSON Schema uploaded as a body) as a reference to
/// resolve and does not start. Examples are data, not the contract: the requests are still
/// validated against every schema and parameter. Returns the path and the examples left out.
fn served_document(input: &Path, dir: &Path) -> (PathBuf, Vec<String>) {
    let name = input.file_stem().and_then(|s| s.to_str()).unwrap_or("document");
    let mut doc = if input.to_string_lossy().contains("/postman/") {
        let converted = dir.join(format!("{name}.converted.json"));
        codegen::cli::postman_to_openapi(input, &converted).unwrap_or_else(|e| panic!("{} converts: {e}", input.display()));
        codegen::load::read_document(&converted, &converted).expect("the converted document loads")
    } else {
        codegen::load::read_document(input, input).expect("the fixture loads")
    };
    let mut left_out = Vec::new();
    drop_examples_with_refs(&mut doc, "", &mut left_out);
    let out = dir.join(format!("{name}.served.json"));
    std::fs::write(&out, serde_json::to_string_pretty(&doc).expect("serialises")).expect("written");
    (out, left_out)
}

/// Removes every `example`/`examples` member whose data holds a `$ref` key; records their pointers.
fn drop_examples_with_refs(node: &mut Value, pointer: &str, left_out: &mut Vec<String>) {
    fn holds_ref(value: &Value) -> bool {
        match value {
            Value::Object(map) => map.contains_key("$ref") || map.values().any(holds_ref),
            Value::Array(items) => items.iter().any(holds_ref),
            _ => false,
        }
    }
    match node {
        Value::Object(map) => {
            let examples: Vec<String> = map.iter().filter(|(k, v)| (*k == "example" || *k == "examples") && holds_ref(v)).map(|(k, _)| k.clone()).collect();
            for key in examples {
                map.remove(&key);
                left_out.push(format!("{pointer}/{key}"));
            }
            for (key, child) in map.iter_mut() {
                drop_examples_with_refs(child, &format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")), left_out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                drop_examples_with_refs(child, &format!("{pointer}/{i}"), left_out);
            }
        }
        _ => {}
    }
}

#[test]
#[cfg_attr(contract_tests_skipped, ignore = "CONTRACT_TESTS=skip: the Prism contract tests were not run")]
fn prism_finds_no_request_violation_in_any_wire_format() {
    let bin = find_prism();
    let root = workspace_root();
    let files = codegen::generate(&fixture("emit/codegen.toml")).expect("the fixtures generate").files;
    let out = root.join("target/fixture-contract-client");
    codegen::write::write_atomically(&out, &files).expect("fixture crate is written");
    let manifest = out.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    std::fs::write(&manifest, format!("{text}\n[workspace]\n")).expect("manifest");
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).expect("lock file");

    let converted = tempfile::tempdir().expect("temp dir");
    let mut servers = Vec::new();
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(["test", "--test", "operations", "--manifest-path"]).arg(&manifest).env("CARGO_TARGET_DIR", root.join("target/fixture-build"));
    for (module, document) in MODULES {
        let (served, left_out) = served_document(&fixture(&format!("emit/{document}")), converted.path());
        if !left_out.is_empty() {
            eprintln!("{module}: served without the examples holding `$ref` members (Prism would resolve them): {left_out:?}");
        }
        let prism = Prism::start(&bin, &served);
        command.env(format!("CODEGEN_PRISM_{}", module.to_ascii_uppercase()), &prism.base_url);
        servers.push(prism);
    }
    let output = command.output().expect("cargo runs");
    let report = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let logs: String = servers.iter().map(Prism::output).collect::<Vec<_>>().join("\n");
    assert!(output.status.success(), "the fixture crate's calls, sent to Prism:\n{report}\n--- prism ---\n{logs}");
    for (module, _) in MODULES {
        assert!(report.contains(&format!("test {module}_")), "the tests of `{module}` ran:\n{report}");
    }
}
