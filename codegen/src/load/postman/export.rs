//! The imported document as plain OpenAPI, for `postman2openapi`.
//!
//! [`super::import`] keeps every request as an operation: one that shares its method and path
//! with an earlier request, or whose method OpenAPI has no field for, sits at the path key
//! `{path}#{operationId}` with `x-path` (and `x-method`). The generator reads these; other tools
//! would take the key for a path. [`plain_openapi`] therefore folds them back, with a warning
//! each:
//!
//! - a request with the method and path of an earlier one is **merged** into that operation:
//!   parameters it adds are added as optional, a request body media type it adds is added, and
//!   where both have a body schema for one media type the schema becomes `anyOf` of the two
//!   (the body is then not required unless both required it); response statuses it adds are
//!   added;
//! - a method OpenAPI cannot express is kept in the path item's extension `x-methods`, a map from
//!   the method (`PURGE`) to its operation.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::{X_METHOD, X_PATH};
use crate::diag::{Location, Warnings};

/// `doc` (an import result) with every `{path}#{operationId}` entry folded into its real path.
pub fn plain_openapi(doc: &Value, file: &Path, warnings: &mut Warnings) -> Value {
    let mut doc = doc.clone();
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return doc };
    // The replay record is the generator's own test input, not part of the description.
    for op in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()).filter_map(Value::as_object_mut) {
        op.remove(super::replay::EXTENSION);
    }
    let variant_keys: Vec<String> = paths.keys().filter(|k| k.contains('#')).cloned().collect();
    for key in variant_keys {
        let Some(Value::Object(item)) = paths.remove(&key) else { continue };
        for (field, mut op) in item {
            let Some(map) = op.as_object_mut() else { continue };
            let real = map.remove(X_PATH).and_then(|p| p.as_str().map(str::to_string));
            let real = real.unwrap_or_else(|| key.split('#').next().unwrap_or_default().to_string());
            let method = map.remove(X_METHOD).and_then(|m| m.as_str().map(str::to_string));
            let name = map.get("operationId").and_then(Value::as_str).unwrap_or_default().to_string();
            let at = Location::new(file, "");
            let target = paths.entry(real.clone()).or_insert_with(|| json!({}));
            let Some(target) = target.as_object_mut() else { continue };
            match method {
                Some(method) => {
                    warnings.push(
                        at,
                        format!("operation `{name}` is `{method} {real}`, a method OpenAPI has no field for: kept in the path item's `x-methods`"),
                    );
                    let methods = target.entry("x-methods").or_insert_with(|| json!({}));
                    if let Some(methods) = methods.as_object_mut() {
                        methods.insert(method, op);
                    }
                }
                None => match target.get_mut(&field) {
                    Some(owner) => {
                        let owner_name = owner.get("operationId").and_then(Value::as_str).unwrap_or_default().to_string();
                        warnings.push(
                            at,
                            format!(
                                "operation `{name}` is `{} {real}` like `{owner_name}`: OpenAPI allows one operation per method and path, so it is merged into `{owner_name}` (parameters, bodies and responses combined)",
                                field.to_uppercase()
                            ),
                        );
                        merge(owner, &op);
                    }
                    None => {
                        target.insert(field, op);
                    }
                },
            }
        }
    }
    doc
}

/// Merges the operation `other` into `owner` (see the module documentation).
fn merge(owner: &mut Value, other: &Value) {
    let Some(owner) = owner.as_object_mut() else { return };
    if let Some(Value::Array(params)) = other.get("parameters") {
        let list = owner.entry("parameters").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            for param in params {
                let key = |p: &Value| (p.get("name").cloned(), p.get("in").cloned());
                if !list.iter().any(|p| key(p) == key(param)) {
                    let mut param = param.clone();
                    if let Some(map) = param.as_object_mut() {
                        map.insert("required".into(), json!(false));
                    }
                    list.push(param);
                }
            }
        }
    }
    if let Some(body) = other.get("requestBody") {
        merge_body(owner, body);
    }
    if let (Some(Value::Object(theirs)), Some(Value::Object(ours))) = (other.get("responses"), owner.get_mut("responses")) {
        for (status, response) in theirs {
            if !ours.contains_key(status) {
                ours.insert(status.clone(), response.clone());
            }
        }
    }
}

fn merge_body(owner: &mut Map<String, Value>, body: &Value) {
    let Some(ours) = owner.get_mut("requestBody").and_then(Value::as_object_mut) else {
        let mut body = body.clone();
        if let Some(map) = body.as_object_mut() {
            map.insert("required".into(), json!(false));
        }
        owner.insert("requestBody".into(), body);
        return;
    };
    let both_required = ours.get("required") == Some(&json!(true)) && body.get("required") == Some(&json!(true));
    ours.insert("required".into(), json!(both_required));
    let Some(Value::Object(theirs)) = body.get("content") else { return };
    let content = ours.entry("content").or_insert_with(|| json!({}));
    let Some(content) = content.as_object_mut() else { return };
    for (media, object) in theirs {
        match content.get_mut(media) {
            None => {
                content.insert(media.clone(), object.clone());
            }
            Some(existing) => {
                let (Some(a), Some(b)) = (existing.get("schema").cloned(), object.get("schema")) else { continue };
                if &a == b {
                    continue;
                }
                let mut alternatives = match a.get("anyOf") {
                    Some(Value::Array(list)) if a.as_object().is_some_and(|m| m.len() == 1) => list.clone(),
                    _ => vec![a],
                };
                if !alternatives.contains(b) {
                    alternatives.push(b.clone());
                }
                if let Some(map) = existing.as_object_mut() {
                    map.insert("schema".into(), json!({ "anyOf": alternatives }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_merge_and_odd_methods_go_to_an_extension() {
        let doc = json!({"paths": {
            "/a": {"post": {"operationId": "One", "parameters": [{"name": "x", "in": "query", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}},
                "responses": {"200": {"description": "ok"}}}},
            "/a#Two": {"post": {"operationId": "Two", "x-path": "/a", "parameters": [{"name": "y", "in": "query", "required": true, "schema": {"type": "string"}}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "properties": {"b": {"type": "integer"}}}}}},
                "responses": {"201": {"description": "made"}}}},
            "/a#Purge": {"post": {"operationId": "Purge", "x-path": "/a", "x-method": "PURGE", "responses": {}}}
        }});
        let mut warnings = Warnings::default();
        let plain = plain_openapi(&doc, Path::new("c.json"), &mut warnings);
        assert_eq!(plain["paths"].as_object().map(|p| p.len()), Some(1));
        let one = &plain["paths"]["/a"]["post"];
        assert_eq!(one["parameters"][1], json!({"name": "y", "in": "query", "required": false, "schema": {"type": "string"}}));
        assert_eq!(
            one["requestBody"]["content"]["application/json"]["schema"]["anyOf"][1],
            json!({"type": "object", "properties": {"b": {"type": "integer"}}})
        );
        assert_eq!(one["requestBody"]["required"], true);
        assert_eq!(one["responses"]["201"], json!({"description": "made"}));
        assert_eq!(plain["paths"]["/a"]["x-methods"]["PURGE"], json!({"operationId": "Purge", "responses": {}}));
        assert_eq!(warnings.0.len(), 2);
        assert!(warnings.0[0].message.contains("merged into `One`"), "{:?}", warnings.0);
    }
}
