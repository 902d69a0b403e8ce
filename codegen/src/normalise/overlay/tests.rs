//! Unit tests of the overlay engine: strictness, merge rules, remove, copy, validation errors and
//! report lines.

use std::path::Path;

use serde_json::{json, Value};

use super::{apply, apply_with, OverlayOptions};
use crate::report::Report;

const FILE: &str = "specs/fix.overlay.yaml";

/// An Overlay document of `version` with `actions`.
fn overlay(version: &str, actions: Value) -> Value {
    json!({ "overlay": version, "info": { "title": "t", "version": "1" }, "actions": actions })
}

/// Applies strictly; returns the report or the error text.
fn run(doc: &mut Value, overlay: &Value) -> Result<Report, String> {
    let mut report = Report::default();
    apply(doc, overlay, Path::new(FILE), &mut report).map_err(|e| e.to_string())?;
    Ok(report)
}

/// The report's changes as `source | pointer | what` lines.
fn lines(report: &Report) -> Vec<String> {
    report.changes.iter().map(|c| format!("{} | {} | {}", c.source, c.location.pointer, c.what)).collect()
}

fn sample() -> Value {
    json!({
        "openapi": "3.1.0",
        "info": { "title": "A", "version": "1" },
        "paths": {
            "/a": { "get": { "summary": "old", "tags": ["x", "dummy", "y"],
                             "parameters": [{ "name": "dummy", "in": "query" }, { "name": "keep", "in": "query" }] } },
            "/b": { "get": { "summary": "b", "tags": ["dummy"] } }
        }
    })
}

#[test]
fn unmatched_target_is_an_error_naming_file_and_action() {
    let mut doc = sample();
    let before = doc.clone();
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.info", "update": { "x-a": 1 } },
            { "target": "$.paths['/x']", "remove": true }
        ]),
    );
    let err = run(&mut doc, &ov).unwrap_err();
    assert_eq!(
        err,
        "error: specs/fix.overlay.yaml#/actions/1/target: overlay action 1 (target `$.paths['/x']`) \
         matches nothing; upstream may have fixed what it patches"
    );
    assert_eq!(doc, before, "a failed overlay must leave the document unchanged");
}

#[test]
fn unmatched_target_is_a_warning_when_not_strict() {
    let mut doc = sample();
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.paths['/x']", "remove": true },
            { "target": "$.info", "update": { "x-a": 1 } }
        ]),
    );
    let mut report = Report::default();
    apply_with(&mut doc, &ov, Path::new(FILE), &OverlayOptions { strict: false }, &mut report).unwrap();
    assert_eq!(report.warnings.len(), 1);
    let warning = report.warnings[0].to_string();
    assert!(warning.starts_with("warning: specs/fix.overlay.yaml#/actions/0/target: overlay action 0"), "{warning}");
    assert!(warning.contains("matches nothing"), "{warning}");
    assert_eq!(doc["info"]["x-a"], 1, "later actions still run");
    assert_eq!(lines(&report), ["overlay fix.overlay.yaml action 1 | /info | updated: set x-a"]);
}

#[test]
fn update_merges_objects_recursively_and_concatenates_arrays() {
    let mut doc = sample();
    let ov = overlay(
        "1.1.0",
        json!([{ "target": "$.paths['/a'].get", "update": {
            "summary": "new", "tags": ["z"], "x-rust-name": "get_a", "responses": { "200": { "description": "OK" } }
        }}]),
    );
    let report = run(&mut doc, &ov).unwrap();
    let get = &doc["paths"]["/a"]["get"];
    assert_eq!(get["summary"], "new");
    assert_eq!(get["tags"], json!(["x", "dummy", "y", "z"]));
    assert_eq!(get["x-rust-name"], "get_a");
    assert_eq!(get["responses"]["200"]["description"], "OK");
    assert_eq!(get["parameters"].as_array().map(Vec::len), Some(2), "untouched properties stay");
    assert_eq!(
        lines(&report),
        ["overlay fix.overlay.yaml action 0 | /paths/~1a/get | updated: set summary, tags, x-rust-name, responses"]
    );
}

#[test]
fn update_on_arrays_and_primitives_follows_the_version() {
    // 1.1: an array value is concatenated, a primitive target is replaced.
    let mut doc = sample();
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.paths['/b'].get.tags", "update": ["p", "q"] },
            { "target": "$.paths['/b'].get.summary", "update": "B" }
        ]),
    );
    let report = run(&mut doc, &ov).unwrap();
    assert_eq!(doc["paths"]["/b"]["get"]["tags"], json!(["dummy", "p", "q"]));
    assert_eq!(doc["paths"]["/b"]["get"]["summary"], "B");
    assert_eq!(
        lines(&report),
        [
            "overlay fix.overlay.yaml action 0 | /paths/~1b/get/tags | updated: appended 2 items",
            "overlay fix.overlay.yaml action 1 | /paths/~1b/get/summary | updated: replaced value with \"B\"",
        ]
    );
    // 1.0: the value is appended as one entry, and primitive targets are refused.
    let mut doc = sample();
    run(&mut doc, &overlay("1.0.0", json!([{ "target": "$.paths['/b'].get.tags", "update": ["p"] }]))).unwrap();
    assert_eq!(doc["paths"]["/b"]["get"]["tags"], json!(["dummy", ["p"]]));
    let err = run(&mut doc, &overlay("1.0.0", json!([{ "target": "$.info.title", "update": "T" }]))).unwrap_err();
    assert!(err.contains("#/actions/0/update: ") && err.contains("overlay 1.0 cannot update the primitive"), "{err}");
}

#[test]
fn incompatible_merge_is_an_error_at_the_conflicting_node() {
    let mut doc = sample();
    let ov = overlay("1.1.0", json!([{ "target": "$.paths['/a']", "update": { "get": { "tags": "x" } } }]));
    let err = run(&mut doc, &ov).unwrap_err();
    assert!(err.contains("#/actions/0/update: "), "{err}");
    assert!(err.contains("cannot merge a string into a list at `/paths/~1a/get/tags`"), "{err}");
}

#[test]
fn update_refuses_targets_of_mixed_kinds() {
    let mut doc = sample();
    let ov = overlay("1.1.0", json!([{ "target": "$.paths['/b'].get.*", "update": "s" }]));
    let err = run(&mut doc, &ov).unwrap_err();
    assert!(err.contains("they must all be of one kind"), "{err}");
}

#[test]
fn remove_from_object_and_from_array() {
    let mut doc = sample();
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.paths['/a'].get.summary", "remove": true },
            { "target": "$.paths.*.get.tags[?@ == 'dummy']", "remove": true },
            { "target": "$.paths.*.get.parameters[?@.name == 'dummy']", "remove": true }
        ]),
    );
    let report = run(&mut doc, &ov).unwrap();
    let get = &doc["paths"]["/a"]["get"];
    assert!(get.get("summary").is_none());
    assert_eq!(get["tags"], json!(["x", "y"]));
    assert_eq!(doc["paths"]["/b"]["get"]["tags"], json!([]));
    assert_eq!(get["parameters"], json!([{ "name": "keep", "in": "query" }]));
    let keys: Vec<&String> = doc["paths"]["/a"]["get"].as_object().map(|m| m.keys().collect()).unwrap_or_default();
    assert_eq!(keys, ["tags", "parameters"], "removal keeps the order of the other keys");
    assert_eq!(
        lines(&report),
        [
            "overlay fix.overlay.yaml action 0 | /paths/~1a/get/summary | removed",
            "overlay fix.overlay.yaml action 1 | /paths/~1a/get/tags/1 | removed",
            "overlay fix.overlay.yaml action 1 | /paths/~1b/get/tags/0 | removed",
            "overlay fix.overlay.yaml action 2 | /paths/~1a/get/parameters/0 | removed",
        ]
    );
}

#[test]
fn remove_several_elements_of_one_array_and_nested_matches() {
    let mut doc = json!({ "a": [1, 2, 3, 4, 5], "b": { "x": { "x": 1 } } });
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.a[?@ > 1 && @ < 5]", "remove": true },
            { "target": "$..x", "remove": true }
        ]),
    );
    run(&mut doc, &ov).unwrap();
    assert_eq!(doc, json!({ "a": [1, 5], "b": {} }));
    let err = run(&mut doc, &overlay("1.1.0", json!([{ "target": "$", "remove": true }]))).unwrap_err();
    assert!(err.contains("cannot remove the document root"), "{err}");
}

#[test]
fn copy_merges_the_single_source_node_into_each_target() {
    let mut doc = sample();
    let ov = overlay(
        "1.1.0",
        json!([
            { "target": "$.paths", "update": { "/c": {} } },
            { "target": "$.paths['/c']", "copy": "$.paths['/b']" },
            { "target": "$.paths['/b']", "remove": true }
        ]),
    );
    let report = run(&mut doc, &ov).unwrap();
    assert_eq!(doc["paths"]["/c"], json!({ "get": { "summary": "b", "tags": ["dummy"] } }));
    assert!(doc["paths"].get("/b").is_none());
    assert_eq!(
        lines(&report),
        [
            "overlay fix.overlay.yaml action 0 | /paths | updated: set /c",
            "overlay fix.overlay.yaml action 1 | /paths/~1c | copied from /paths/~1b: set get",
            "overlay fix.overlay.yaml action 2 | /paths/~1b | removed",
        ]
    );
    let err = run(&mut doc, &overlay("1.1.0", json!([{ "target": "$.info", "copy": "$.paths.*" }]))).unwrap_err();
    assert!(err.contains("#/actions/0/copy: ") && err.contains("selects 2 nodes; it must select exactly one"), "{err}");
}

#[test]
fn copy_is_unknown_in_overlay_1_0() {
    let mut doc = sample();
    let err = run(&mut doc, &overlay("1.0.0", json!([{ "target": "$.info", "copy": "$.paths" }]))).unwrap_err();
    assert!(err.starts_with("error: specs/fix.overlay.yaml#/actions/0/copy: unknown field `copy`"), "{err}");
}

#[test]
fn validation_errors_name_the_pointer() {
    let cases = [
        (json!({ "overlay": "1.1.0", "info": { "title": "t", "version": "1" } }), "#: missing `actions`"),
        (json!({ "overlay": "2.0.0", "info": {}, "actions": [] }), "#/overlay: unsupported overlay version `2.0.0`"),
        (
            overlay("1.1.0", json!([{ "target": "$" }, { "update": {} }])),
            "#/actions/1: missing required field `target`",
        ),
        (
            overlay("1.1.0", json!([{ "target": "$", "remove": "yes" }])),
            "#/actions/0/remove: action 0: `remove` must be true or false",
        ),
        (
            overlay("1.1.0", json!([{ "target": "$", "update": {}, "copy": "$.a" }])),
            "#/actions/0: action 0 has both `update` and `copy`",
        ),
        (
            overlay("1.1.0", json!([{ "target": "$.a[" }])),
            "#/actions/0/target: action 0: `$.a[` is not an RFC 9535 JSONPath query",
        ),
        (
            overlay("1.1.0", json!([{ "target": "a.b" }])),
            "#/actions/0/target: action 0: target `a.b` is not a JSONPath query",
        ),
    ];
    for (ov, expected) in cases {
        let err = run(&mut sample(), &ov).unwrap_err();
        assert!(err.starts_with(&format!("error: {FILE}{expected}")), "expected `{expected}`, got `{err}`");
    }
}

#[test]
fn update_with_remove_removes_and_warns() {
    let mut doc = sample();
    let ov = overlay("1.1.0", json!([{ "target": "$.paths['/b']", "update": { "x": 1 }, "remove": true }]));
    let report = run(&mut doc, &ov).unwrap();
    assert!(doc["paths"].get("/b").is_none());
    assert_eq!(report.warnings.len(), 1);
    assert!(report.warnings[0].to_string().contains("#/actions/0/update: action 0: `update` is ignored"));
}
