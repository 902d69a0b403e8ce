//! Idempotency keys (`idempotency_header` of a module's configuration).
//!
//! A server that accepts an idempotency key (Stripe's `Idempotency-Key`, the IETF draft
//! `draft-ietf-httpapi-idempotency-key-header`) performs a `POST` or `PATCH` once per key, so a
//! call that sends one can be retried safely. A header parameter named `Idempotency-Key` is such
//! a key wherever it is declared (the model recognises it). Some APIs accept a key on every
//! call without declaring it per operation; their configuration names the header, and this
//! step declares it — an optional header parameter marked `x-idempotency-key: true` — on every
//! `POST` and `PATCH` operation that does not already (and marks the ones that do).

use std::path::Path;

use serde_json::{json, Value};

use crate::diag::{pointer_push, Location};
use crate::report::Report;

/// The step's name in the report.
pub const NAME: &str = "idempotency-keys";
/// The header recognised without configuration.
pub const DEFAULT_HEADER: &str = "Idempotency-Key";
/// The extension that marks a header parameter as an idempotency key.
pub const EXTENSION: &str = "x-idempotency-key";

/// Where an operation declares the header (index in its `parameters`) and the declaration,
/// its `$ref` resolved.
type Declared = (usize, Value);

/// Declares `header` as an idempotency key on every `POST` and `PATCH` operation of `doc`.
pub fn declare(doc: &mut Value, file: &Path, header: &str, report: &mut Report) {
    // Reading first (a parameter may be a `$ref`): per operation, the index of its declaration
    // of the header, resolved, if any.
    let mut plan: Vec<(String, &'static str, Option<Declared>)> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else { return };
    for (path, item) in paths {
        for method in ["post", "patch"] {
            let Some(op) = item.get(method).and_then(Value::as_object) else { continue };
            let params = op.get("parameters").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
            let declared = params.iter().enumerate().find_map(|(i, p)| {
                let resolved = match p.get("$ref").and_then(Value::as_str) {
                    Some(r) => super::refs::resolve(doc, r).ok()?,
                    None => p,
                };
                let is_it = resolved.get("in").and_then(Value::as_str) == Some("header")
                    && resolved.get("name").and_then(Value::as_str).is_some_and(|n| n.eq_ignore_ascii_case(header));
                is_it.then(|| (i, resolved.clone()))
            });
            plan.push((path.clone(), method, declared));
        }
    }
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for (path, method, declared) in plan {
        let Some(op) = paths.get_mut(&path).and_then(|item| item.get_mut(method)).and_then(Value::as_object_mut) else { continue };
        let params = op.entry("parameters").or_insert_with(|| Value::Array(Vec::new()));
        let Some(params) = params.as_array_mut() else { continue };
        match declared {
            // Marked where it is declared (a `$ref` replaced by its marked copy).
            Some((i, mut param)) => {
                if let Some(map) = param.as_object_mut() {
                    map.insert(EXTENSION.into(), Value::Bool(true));
                }
                params[i] = param;
            }
            None => {
                params.push(json!({
                    "name": header,
                    "in": "header",
                    "required": false,
                    "description": "A key that makes retries of this call safe: the server performs the call once per key. When not set, the client sends a new UUID v4 per call, the same on each retry.",
                    "schema": {"type": "string"},
                    EXTENSION: true,
                }));
                let at = Location::new(file, format!("{}/parameters", pointer_push(&pointer_push("/paths", &path), method)));
                report.change(NAME, at, format!("declared the idempotency-key header `{header}`"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declares_on_post_and_patch_only_and_marks_declared_ones() {
        let mut doc = json!({"paths": {
            "/a": {"post": {}, "get": {}, "patch": {"parameters": [{"name": "x-request-key", "in": "header", "schema": {"type": "string"}}]}},
            "/b": {"post": {"parameters": [{"$ref": "#/components/parameters/Key"}]}},
        }, "components": {"parameters": {"Key": {"name": "X-Request-Key", "in": "header"}}}});
        let mut report = Report::default();
        declare(&mut doc, Path::new("a.yaml"), "X-Request-Key", &mut report);
        assert_eq!(doc["paths"]["/a"]["post"]["parameters"][0]["name"], "X-Request-Key");
        assert_eq!(doc["paths"]["/a"]["post"]["parameters"][0][EXTENSION], true);
        assert!(doc["paths"]["/a"]["get"].get("parameters").is_none());
        assert_eq!(doc["paths"]["/a"]["patch"]["parameters"].as_array().map(Vec::len), Some(1));
        assert_eq!(doc["paths"]["/a"]["patch"]["parameters"][0][EXTENSION], true);
        assert_eq!(doc["paths"]["/b"]["post"]["parameters"], json!([{"name": "X-Request-Key", "in": "header", EXTENSION: true}]));
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.changes[0].location.pointer, "/paths/~1a/post/parameters");
    }
}
