//! The bad-input suite: documents that are wrong in the ways real ones are, each with the
//! diagnostic it must produce (a located error, or a warning when the generator can repair it),
//! plus the sizes that break naive generators: a 50 MB document and 10,000 levels of nesting.

use std::path::Path;
use std::time::Instant;

use serde_json::{json, Value};

/// A minimal valid document with `paths` and `schemas`.
fn doc(paths: Value, schemas: Value) -> Value {
    json!({
        "openapi": "3.0.3",
        "info": {"title": "bad input", "version": "1"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

fn ok_response() -> Value {
    json!({"200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}})
}

/// The error line the generator gives for `doc` (named `bad.yaml`).
fn error_of(doc: Value) -> String {
    match codegen::generate_document("bad", Path::new("bad.yaml"), doc) {
        Ok(_) => panic!("the document was accepted"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn cyclic_ref_chain() {
    let err = error_of(doc(
        json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/A"}}}}}}}}),
        json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}),
    ));
    assert!(err.starts_with("error: bad.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: cyclic $ref chain"), "{err}");
    assert!(err.contains("#/components/schemas/A → #/components/schemas/B → #/components/schemas/A"), "{err}");
}

#[test]
fn ref_to_a_missing_other_file() {
    let err = error_of(doc(
        json!({"/a": {"get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "missing.yaml#/Pet"}}}}}}}}),
        json!({}),
    ));
    assert!(err.starts_with("error: bad.yaml#/paths/~1a/get/responses/200/content/application~1json/schema/$ref: unresolvable $ref `missing.yaml#/Pet`"), "{err}");
    assert!(err.contains("references to other documents (`missing.yaml`) are not supported"), "{err}");
}

#[test]
fn duplicate_operation_ids() {
    let paths = json!({
        "/a": {"get": {"operationId": "GetThing", "responses": ok_response()}},
        "/b": {"get": {"operationId": "GetThing", "responses": ok_response()}},
    });
    let err = error_of(doc(paths, json!({})));
    assert_eq!(
        err,
        "error: bad.yaml#/paths/~1b/get/operationId: operation `GetThing` would be named `get_thing`, which another operation of this document already uses; rename one with x-rust-name"
    );
}

#[test]
fn undeclared_path_parameter() {
    let err = error_of(doc(json!({"/users/{id}": {"get": {"operationId": "GetUser", "responses": ok_response()}}}), json!({})));
    assert!(err.starts_with("error: bad.yaml#/paths/~1users~1{id}/get"), "{err}");
    assert!(err.contains("`id`"), "{err}");
}

/// Two different operationIds that give one Rust name (ClickSend's `List rules` and
/// `list_rules`): the later one gets a numeric suffix, with a warning.
#[test]
fn operations_that_would_get_the_same_rust_name() {
    let paths = json!({
        "/a": {"get": {"operationId": "getUser", "responses": ok_response()}},
        "/b": {"get": {"operationId": "get_user", "responses": ok_response()}},
    });
    let generated = codegen::generate_document("bad", Path::new("bad.yaml"), doc(paths, json!({}))).expect("generates");
    let names: Vec<&str> = generated.api.modules[0].operations.iter().map(|op| op.fn_name.as_str()).collect();
    assert_eq!(names, ["get_user", "get_user2"]);
    let warning = generated.report.warnings.iter().find(|w| w.message.contains("already uses")).expect("a warning");
    assert_eq!(
        warning.to_string(),
        "warning: bad.yaml#/paths/~1b/get/operationId: operation `get_user` would be named `get_user`, which another operation of this document already uses: named `get_user2` (set x-rust-name to choose)"
    );
}

#[test]
fn non_utf8_bytes() {
    let err = codegen::load::parse_document(b"openapi: 3.0.3\ninfo: \xff\xfe\n", Path::new("bad.yaml")).unwrap_err().to_string();
    assert_eq!(err, "error: bad.yaml#: file is not valid UTF-8 (invalid byte at offset 21)");
}

#[test]
fn ten_thousand_levels_of_nesting() {
    let levels = 10_000;
    let json_text = format!("{{\"openapi\": \"3.0.3\", \"x-deep\": {}{}}}", "[".repeat(levels), "]".repeat(levels));
    let err = codegen::load::parse_document(json_text.as_bytes(), Path::new("deep.json")).unwrap_err().to_string();
    assert!(err.starts_with("error: deep.json#: invalid JSON") && err.contains("recursion limit"), "{err}");
    let yaml_text = format!("openapi: 3.0.3\nx-deep: {}{}\n", "[".repeat(levels), "]".repeat(levels));
    let err = match codegen::load::parse_document(yaml_text.as_bytes(), Path::new("deep.yaml")) {
        Err(e) => e.to_string(),
        // A YAML parser without a depth limit: the nesting check refuses it.
        Ok(value) => error_of(value),
    };
    assert!(err.starts_with("error: deep.yaml#"), "{err}");
}

/// Peak resident memory of this process so far, from `/proc/self/status` (Linux).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The memory a 50 MB document may take: the generator holds the parsed document, its model
/// and the emitted text (about 420 MiB measured; the bound leaves room for the other tests of
/// this binary, which run on other threads of the same process).
const MEMORY_BOUND_MIB: f64 = 1536.0;

#[test]
fn a_50_mb_document_finishes_within_its_memory_bound() {
    // 500 operations, each with a 50 kB description and a 50 kB response schema description.
    let prose: String = "Lorem ipsum <dolor> [sit] amet, https://example.com/x consectetur. ".chars().cycle().take(50_000).collect();
    let mut paths = serde_json::Map::new();
    for i in 0..500 {
        paths.insert(
            format!("/things/{i}"),
            json!({"get": {"operationId": format!("GetThing{i}"), "description": prose,
                "responses": {"200": {"description": "ok", "content": {"application/json": {"schema":
                    {"type": "object", "description": prose, "properties": {"id": {"type": "string"}}}}}}}}}),
        );
    }
    let text = serde_json::to_vec(&doc(Value::Object(paths), json!({}))).expect("serialises");
    assert!(text.len() >= 50_000_000, "{} bytes", text.len());
    let started = Instant::now();
    let value = codegen::load::parse_document(&text, Path::new("big.json")).expect("parses");
    drop(text);
    let generated = codegen::generate_document("big", Path::new("big.json"), value).expect("generates");
    let bytes: usize = generated.files.values().map(String::len).sum();
    println!(
        "50 MB document: {} operations, {:.1} MB of Rust emitted in {:.1?}, peak RSS {}",
        generated.operation_count(),
        bytes as f64 / 1e6,
        started.elapsed(),
        peak_rss_mib().map_or("unknown".to_string(), |m| format!("{m:.0} MiB"))
    );
    assert_eq!(generated.operation_count(), 500);
    let peak = peak_rss_mib().expect("peak memory is readable from /proc/self/status (Linux)");
    assert!(peak < MEMORY_BOUND_MIB, "peak RSS {peak:.0} MiB is over the bound of {MEMORY_BOUND_MIB} MiB");
}

/// A declared path parameter that the path has no `{name}` for is left out with a warning.
#[test]
fn path_parameter_not_in_the_path() {
    let paths = json!({"/numbers/{country}": {"get": {"operationId": "Search", "responses": ok_response(), "parameters": [
        {"name": "country", "in": "path", "required": true, "schema": {"type": "string"}},
        {"name": "search", "in": "path", "required": true, "schema": {"type": "string"}}
    ]}}});
    let generated = codegen::generate_document("bad", Path::new("bad.yaml"), doc(paths, json!({}))).expect("generates");
    let params: Vec<&str> = generated.api.modules[0].operations[0].params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["country"]);
    assert!(generated.report.warnings.iter().any(|w| w.to_string()
        == "warning: bad.yaml#/paths/~1numbers~1{country}/get/parameters: path parameter `search` does not appear in `/numbers/{country}`: left out"));
}
