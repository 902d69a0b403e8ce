//! Path-item parameters are merged into each operation of the path item.
//!
//! Quirk: Teammates declares the query parameters of "list subuser access" (`after_subuser_id`,
//! `limit`, `username`) at the path-item level, beside the path parameter. OpenAPI says such
//! parameters apply to every operation below, unless an operation overrides one with the same name
//! and location. This pass copies them into each operation (the operation's own declaration wins)
//! and removes the path-item list, so later stages only look at operations.

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::refs::resolve;
use crate::normalise::METHODS;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "path-item-parameters";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    // First, reading only (parameters may be `$ref`s into the document): what each operation
    // gains. Then the changes. (Not a copy of the whole document to resolve references in:
    // Microsoft Graph's is 47 MB.)
    let mut plan: Vec<(String, Vec<Gains>)> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return Ok(()) };
    for (path, item) in paths {
        let shared = match item.get("parameters") {
            Some(Value::Array(shared)) => shared,
            // Not a list: removed, as the typed parse would refuse it.
            Some(_) => {
                plan.push((path.clone(), Vec::new()));
                continue;
            }
            None => continue,
        };
        let shared_keys: Vec<Option<(String, String)>> = shared.iter().map(|p| key_of(doc, p)).collect();
        let mut methods = Vec::new();
        for method in METHODS {
            let Some(op) = item.get(method).and_then(Value::as_object) else { continue };
            let own_keys: Vec<(String, String)> = match op.get("parameters") {
                None => Vec::new(),
                Some(Value::Array(own)) => own.iter().filter_map(|p| key_of(doc, p)).collect(),
                Some(_) => continue,
            };
            let (mut added, mut names) = (Vec::new(), Vec::new());
            for (param, key) in shared.iter().zip(&shared_keys) {
                match key {
                    Some(key) if own_keys.contains(key) => {}
                    key => {
                        added.push(param.clone());
                        names.push(key.as_ref().map_or_else(|| "?".to_string(), |(name, _)| name.clone()));
                    }
                }
            }
            methods.push((method, added, names));
        }
        plan.push((path.clone(), methods));
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return Ok(()) };
    for (path, methods) in plan {
        let Some(item) = paths.get_mut(&path).and_then(Value::as_object_mut) else { continue };
        item.remove("parameters");
        let item_ptr = pointer_push("/paths", &path);
        for (method, added, names) in methods {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else { continue };
            let own = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
            let Some(own) = own.as_array_mut() else { continue };
            own.extend(added);
            if !names.is_empty() {
                let at = Location::new(file, format!("{}/parameters", pointer_push(&item_ptr, method)));
                report.change(NAME, at, format!("merged path-item parameters {names:?}"));
            }
        }
    }
    Ok(())
}

/// What one operation gains: its method, the parameters added and their names.
type Gains = (&'static str, Vec<Value>, Vec<String>);

/// The (name, location) of a parameter, following a `$ref`.
fn key_of(root: &Value, param: &Value) -> Option<(String, String)> {
    let param = match param.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(root, r).ok()?,
        None => param,
    };
    Some((param.get("name")?.as_str()?.to_string(), param.get("in")?.as_str()?.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merges_and_respects_overrides() {
        let mut doc = json!({"paths": {"/a/{id}": {
            "parameters": [{"name": "id", "in": "path"}, {"name": "limit", "in": "query", "description": "shared"}],
            "get": {"parameters": [{"name": "limit", "in": "query", "description": "own"}]},
            "delete": {}
        }}});
        let mut report = Report::default();
        run(&mut doc, Path::new("a.yaml"), &mut report).unwrap();
        let item = &doc["paths"]["/a/{id}"];
        assert!(item.get("parameters").is_none());
        assert_eq!(item["get"]["parameters"].as_array().unwrap().len(), 2);
        assert_eq!(item["get"]["parameters"][0]["description"], "own");
        assert_eq!(item["delete"]["parameters"].as_array().unwrap().len(), 2);
        assert_eq!(report.changes.len(), 2);
        assert_eq!(report.changes[0].location.pointer, "/paths/~1a~1{id}/get/parameters");
    }
}
