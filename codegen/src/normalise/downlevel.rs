//! Down-level OpenAPI 3.1 → 3.0 forms, so that the 3.0 typed parser reads them correctly.
//!
//! Quirk: SendGrid's documents say `openapi: 3.1.0` but are written with 3.0 habits, and some
//! real 3.1 constructs appear. `openapiv3` models 3.0 and silently mis-reads or drops 3.1 forms.
//! This pass rewrites each such form into its 3.0 equivalent and reports it:
//!
//! - `type: [T, "null"]` → `type: T` + `nullable: true` (several non-null types → `anyOf`);
//! - a schema `$ref` with sibling keys → `allOf: [{$ref}]` with the siblings kept beside it (a
//!   redundant sibling `type` is dropped and reported); siblings of non-schema references are
//!   reported and dropped, because 3.0 Reference objects cannot carry them;
//! - schema `examples: [..]` → `example` (the first; the others are reported);
//! - `const: v` → `enum: [v]`;
//! - boolean schemas: a property whose schema is `false` (it can never be present) is left out,
//!   a `true` schema (anything) in a property, `items` or `allOf`/`anyOf`/`oneOf` → `{}`;
//! - numeric `exclusiveMinimum`/`exclusiveMaximum` → `minimum`/`maximum` + boolean flag;
//! - `info.summary` → `info.x-summary`; the version line → `3.0.3`;
//! - an operation without `responses` (optional in 3.1) → `responses: {}`: no declared
//!   responses, so the call returns `()` for any 2xx and `Error::Api` for any other status;
//! - top-level `webhooks` → `x-webhooks` (requests the API sends, not operations a client calls:
//!   the model names them in the module's docs);
//! - a `mutualTLS` security scheme → its name listed in `components.x-mutual-tls`, with a warning:
//!   the client presents no certificate itself (the model notes it in the module's docs; the user
//!   configures one on the `reqwest::Client` given to `http_client()`).

use std::path::Path;

use serde_json::{json, Map, Value};

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::walk::for_each_schema;
use crate::normalise::METHODS;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "downlevel";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let at = |pointer: &str| Location::new(file, pointer);
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("").to_string();
    // The schema rewrites run whatever the version says: 3.0 documents in the wild use 3.1 forms.
    if version.starts_with("3.1") {
        doc["openapi"] = json!("3.0.3");
        report.change(NAME, at("/openapi"), format!("version {version} → 3.0.3 (3.1 forms below rewritten)"));
    }
    if let Some(info) = doc.get_mut("info").and_then(Value::as_object_mut) {
        if let Some(summary) = info.remove("summary") {
            info.insert("x-summary".into(), summary);
            report.change(NAME, at("/info/summary"), "3.1 `info.summary` kept as `x-summary`");
        }
    }
    if let Some(map) = doc.as_object_mut() {
        if let Some(webhooks) = map.shift_remove("webhooks") {
            map.insert("x-webhooks".into(), webhooks);
            report.change(NAME, at("/webhooks"), "3.1 `webhooks` kept as `x-webhooks` (no client operations)");
        }
    }
    default_responses(doc, file, report);
    mutual_tls(doc, file, report);
    let mut changes = Vec::new();
    for_each_schema(doc, &mut |schema, pointer| {
        if let Value::Object(map) = schema {
            downlevel_schema(map, pointer, &mut changes);
        }
    });
    strip_reference_siblings(doc, "", &mut changes);
    for (pointer, what) in changes {
        report.change(NAME, at(&pointer), what);
    }
    Ok(())
}

/// Gives every operation without `responses` (3.1 made the field optional) an empty one.
fn default_responses(doc: &mut Value, file: &Path, report: &mut Report) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
            if !op.contains_key("responses") {
                op.insert("responses".into(), json!({}));
                let pointer = pointer_push(&pointer_push("/paths", path), method);
                report.change(NAME, Location::new(file, pointer), "no `responses` (optional in 3.1) → none declared: any 2xx is `()`, any other status an error");
            }
        }
    }
}

/// Moves `mutualTLS` security schemes, which 3.0 (and the typed parser) does not know, into the
/// list `components.x-mutual-tls`, warning once per scheme.
fn mutual_tls(doc: &mut Value, file: &Path, report: &mut Report) {
    let Some(components) = doc.get_mut("components").and_then(Value::as_object_mut) else { return };
    let Some(schemes) = components.get_mut("securitySchemes").and_then(Value::as_object_mut) else { return };
    let names: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(name, _)| name.clone())
        .collect();
    if names.is_empty() {
        return;
    }
    for name in &names {
        schemes.shift_remove(name);
        let at = Location::new(file, pointer_push("/components/securitySchemes", name));
        report.change(NAME, at.clone(), "3.1 `mutualTLS` scheme → listed in `components.x-mutual-tls`");
        report.warn(
            at,
            format!("security scheme `{name}` is mutual TLS: calls send no client certificate themselves; configure one on the `reqwest::Client` given to `http_client()` (noted in the module's docs)"),
        );
    }
    components.insert("x-mutual-tls".into(), json!(names));
}

/// Rewrites the 3.1 forms of one schema object in place.
fn downlevel_schema(map: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<(String, String)>) {
    boolean_schemas(map, pointer, changes);
    if let Some(Value::Array(types)) = map.get("type").cloned() {
        let names: Vec<String> = types.iter().filter_map(Value::as_str).map(str::to_string).collect();
        let non_null: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
        let nullable = non_null.len() != names.len();
        map.remove("type");
        match non_null.as_slice() {
            [] => {}
            [one] => {
                map.insert("type".into(), json!(one));
            }
            many => {
                let alternatives: Vec<Value> = many.iter().map(|t| json!({ "type": t })).collect();
                map.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
        if nullable {
            map.insert("nullable".into(), json!(true));
        }
        changes.push((pointer_push(pointer, "type"), format!("type list {names:?} → 3.0 form (nullable: {nullable})")));
    }
    if map.contains_key("$ref") && map.len() > 1 {
        let Some(reference) = map.remove("$ref") else { return };
        let mut dropped = Vec::new();
        if map.remove("type").is_some() {
            dropped.push("type");
        }
        let kept: Vec<String> = map.keys().cloned().collect();
        map.insert("allOf".into(), json!([{ "$ref": reference }]));
        let mut what = format!("$ref with sibling keys → allOf[$ref] keeping {kept:?}");
        if !dropped.is_empty() {
            what.push_str(&format!("; dropped redundant {dropped:?}"));
        }
        changes.push((pointer.to_string(), what));
    }
    if let Some(Value::Array(examples)) = map.get("examples").cloned() {
        map.remove("examples");
        if let Some(first) = examples.first() {
            if !map.contains_key("example") {
                map.insert("example".into(), first.clone());
            }
        }
        changes.push((
            pointer_push(pointer, "examples"),
            format!("schema `examples` list of {} → `example` (first kept)", examples.len()),
        ));
    }
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), json!([value]));
        changes.push((pointer_push(pointer, "const"), "`const` → single-value `enum`".into()));
    }
    for (key, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(limit) = map.get(key).filter(|v| v.is_number()).cloned() {
            map.insert(bound.into(), limit);
            map.insert(key.into(), json!(true));
            changes.push((pointer_push(pointer, key), format!("numeric `{key}` → `{bound}` + `{key}: true`")));
        }
    }
}

/// Replaces 3.1 boolean schemas below `map` (see the module docs).
fn boolean_schemas(map: &mut Map<String, Value>, pointer: &str, changes: &mut Vec<(String, String)>) {
    if let Some(Value::Object(properties)) = map.get_mut("properties") {
        let never: Vec<String> = properties.iter().filter(|(_, v)| **v == Value::Bool(false)).map(|(k, _)| k.clone()).collect();
        for name in never {
            properties.shift_remove(&name);
            changes.push((pointer_push(&pointer_push(pointer, "properties"), &name), "property with the schema `false` (never present) left out".into()));
        }
        for (name, schema) in properties.iter_mut().filter(|(_, v)| **v == Value::Bool(true)) {
            *schema = json!({});
            changes.push((pointer_push(&pointer_push(pointer, "properties"), name), "schema `true` → `{}`".into()));
        }
    }
    if map.get("items") == Some(&Value::Bool(true)) {
        map.insert("items".into(), json!({}));
        changes.push((pointer_push(pointer, "items"), "schema `true` → `{}`".into()));
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(Value::Array(parts)) = map.get_mut(key) {
            for (i, part) in parts.iter_mut().enumerate().filter(|(_, p)| **p == Value::Bool(true)) {
                *part = json!({});
                changes.push((pointer_push(&pointer_push(pointer, key), &i.to_string()), "schema `true` → `{}`".into()));
            }
        }
    }
}

/// Drops and reports sibling keys of non-schema `$ref`s (parameters, responses, bodies, ...).
/// The keys of a `properties` map are property names: one called `$ref` is a name, not a
/// reference.
fn strip_reference_siblings(node: &mut Value, pointer: &str, changes: &mut Vec<(String, String)>) {
    strip_siblings_at(node, pointer, false, changes);
}

fn strip_siblings_at(node: &mut Value, pointer: &str, names: bool, changes: &mut Vec<(String, String)>) {
    match node {
        Value::Object(map) => {
            let is_schema_ref = map.get("$ref").and_then(Value::as_str).is_some_and(|r| r.contains("/schemas/"));
            if !names && map.contains_key("$ref") && map.len() > 1 && !is_schema_ref {
                let dropped: Vec<String> = map.keys().filter(|k| *k != "$ref").cloned().collect();
                map.retain(|k, _| k == "$ref");
                changes.push((pointer.to_string(), format!("reference siblings {dropped:?} dropped (3.0 references cannot carry them)")));
                return;
            }
            for (key, child) in map.iter_mut() {
                if !names && (key.starts_with("x-") || key == "example" || key == "examples") {
                    continue;
                }
                let child_names = !names && (key == "properties" || key == "patternProperties");
                strip_siblings_at(child, &pointer_push(pointer, key), child_names, changes);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                strip_siblings_at(child, &pointer_push(pointer, &i.to_string()), false, changes);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(mut doc: Value) -> (Value, Report) {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).unwrap();
        (doc, report)
    }

    #[test]
    fn boolean_schemas_become_objects_or_leave() {
        let mut doc = json!({"openapi": "3.1.0", "info": {}, "paths": {}, "components": {"schemas": {"A": {
            "type": "object",
            "properties": {"never": false, "any": true, "list": {"type": "array", "items": true}}
        }}}});
        run(&mut doc, Path::new("a.json"), &mut Report::default()).expect("runs");
        assert_eq!(doc["components"]["schemas"]["A"]["properties"], json!({"any": {}, "list": {"type": "array", "items": {}}}));
    }

    #[test]
    fn rewrites_31_forms_and_reports_each() {
        let (doc, report) = run_on(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1", "summary": "s"},
            "components": {"schemas": {
                "A": {"type": ["string", "null"]},
                "B": {"type": "object", "properties": {
                    "p": {"$ref": "#/components/schemas/A", "type": "string", "description": "d"},
                    "c": {"const": "x"},
                    "n": {"type": "number", "exclusiveMinimum": 0, "examples": [1, 2]}
                }}
            }}
        }));
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["info"]["x-summary"], "s");
        assert_eq!(doc["components"]["schemas"]["A"], json!({"type": "string", "nullable": true}));
        let b = &doc["components"]["schemas"]["B"]["properties"];
        assert_eq!(b["p"], json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}]}));
        assert_eq!(b["c"], json!({"enum": ["x"]}));
        assert_eq!(b["n"], json!({"type": "number", "exclusiveMinimum": true, "minimum": 0, "example": 1}));
        assert_eq!(report.changes.len(), 7, "{:#?}", report.changes);
        assert!(report.changes.iter().any(|c| c.location.pointer == "/components/schemas/B/properties/p"));
    }

    #[test]
    fn keeps_30_version_but_still_rewrites_31_forms() {
        let (doc, report) = run_on(json!({"openapi": "3.0.3", "components": {"schemas": {"A": {"type": "string"}, "B": {"const": 1}}}}));
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(doc["components"]["schemas"]["A"], json!({"type": "string"}));
        assert_eq!(doc["components"]["schemas"]["B"], json!({"enum": [1]}));
        assert_eq!(report.changes.len(), 1);
    }

    #[test]
    fn optional_responses_webhooks_and_mutual_tls() {
        let (doc, report) = run_on(json!({"openapi": "3.1.0",
            "paths": {"/a": {"post": {"operationId": "A"}, "get": {"responses": {"200": {"description": "ok"}}}}},
            "webhooks": {"newPet": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "string"}}}}}}},
            "components": {"securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "K"}}}}));
        assert_eq!(doc["paths"]["/a"]["post"]["responses"], json!({}));
        assert_eq!(doc["paths"]["/a"]["get"]["responses"], json!({"200": {"description": "ok"}}));
        assert!(doc.get("webhooks").is_none());
        assert!(doc["x-webhooks"]["newPet"].is_object());
        assert_eq!(doc["components"]["securitySchemes"], json!({"key": {"type": "apiKey", "in": "header", "name": "K"}}));
        assert_eq!(doc["components"]["x-mutual-tls"], json!(["mtls"]));
        let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(warnings.len(), 1, "{warnings:#?}");
        assert!(warnings[0].starts_with("warning: t.yaml#/components/securitySchemes/mtls: security scheme `mtls` is mutual TLS"), "{warnings:#?}");
        let pointers: Vec<&str> = report.changes.iter().map(|c| c.location.pointer.as_str()).collect();
        assert!(pointers.contains(&"/paths/~1a/post") && pointers.contains(&"/webhooks"), "{pointers:?}");
        // The result is a valid 3.0 document for the typed parser.
        let _: openapiv3::OpenAPI = serde_json::from_value(json!({"info": {"title": "t", "version": "1"}, "openapi": doc["openapi"], "paths": doc["paths"], "components": doc["components"]})).unwrap();
    }

    #[test]
    fn drops_and_reports_parameter_reference_siblings() {
        let (doc, report) = run_on(json!({"openapi": "3.1.0", "paths": {"/x": {"get": {
            "parameters": [{"$ref": "#/components/parameters/P", "description": "d"}]}}}}));
        assert_eq!(doc["paths"]["/x"]["get"]["parameters"][0], json!({"$ref": "#/components/parameters/P"}));
        assert!(report.changes.iter().any(|c| c.what.contains("dropped")));
    }
}
