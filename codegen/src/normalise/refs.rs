//! `$ref` resolution check: every reference must point at a node of the same document.
//!
//! The typed parser accepts any string as a reference, so a typo in a `$ref` would surface late,
//! as a confusing model error, or not at all. This pass checks each `$ref` up front and reports the
//! first unresolvable one with the pointer of the `$ref` itself. It also rejects reference cycles
//! that never reach a real node (`A → B → A` with nothing else), which would loop forever.
//! It changes nothing. A `$ref` key is a reference only where a schema or another object may be
//! one: the keys of a `properties` map are property names (a schema may describe an object with
//! a `$ref` member, as SCIM and OpenAPI documents have), and examples are data.

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Error, Location, Result};
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "refs";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, _report: &mut Report) -> Result<()> {
    check(doc, doc, "", false, file)
}

/// Checks `node`; `names` says it is a map of property names to schemas.
fn check(root: &Value, node: &Value, pointer: &str, names: bool, file: &Path) -> Result<()> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").filter(|_| !names) {
                let at = Location::new(file, pointer_push(pointer, "$ref"));
                let Some(reference) = reference.as_str() else {
                    return Err(Error::input(at, "`$ref` must be a string"));
                };
                resolve_chain(root, reference, &at)?;
            }
            for (key, child) in map {
                if !names && (key == "example" || key == "examples" || key.starts_with("x-")) {
                    continue;
                }
                let child_names = !names && (key == "properties" || key == "patternProperties");
                check(root, child, &pointer_push(pointer, key), child_names, file)?;
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                check(root, child, &pointer_push(pointer, &i.to_string()), false, file)?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Follows `reference` (and references it lands on) until a non-reference node.
fn resolve_chain(root: &Value, reference: &str, at: &Location) -> Result<()> {
    let mut seen = Vec::new();
    let mut current = reference.to_string();
    loop {
        let target = resolve(root, &current)
            .map_err(|why| Error::input(at.clone(), format!("unresolvable $ref `{current}`: {why}")))?;
        seen.push(current.clone());
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) if seen.iter().any(|s| s == next) => {
                return Err(Error::input(at.clone(), format!("cyclic $ref chain: {} → {next}", seen.join(" → "))));
            }
            Some(next) => current = next.to_string(),
            None => return Ok(()),
        }
    }
}

/// Resolves a local reference (`#/a/b`) in `root`.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        let file = reference.split('#').next().unwrap_or(reference);
        return Err(format!("references to other documents (`{file}`) are not supported; inline or bundle it"));
    };
    root.pointer(pointer).ok_or_else(|| "no such node in this document".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_doc(doc: Value) -> Result<()> {
        let mut doc = doc;
        run(&mut doc, Path::new("a.yaml"), &mut Report::default())
    }

    #[test]
    fn unresolvable_ref_names_its_pointer() {
        let err = check_doc(json!({"paths": {"/x": {"get": {"responses": {"200": {"$ref": "#/components/responses/Nope"}}}}}}))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "error: a.yaml#/paths/~1x/get/responses/200/$ref: unresolvable $ref `#/components/responses/Nope`: no such node in this document"
        );
    }

    #[test]
    fn cycles_and_external_files_are_errors() {
        let cyclic = json!({"components": {"schemas": {"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"}}}});
        assert!(check_doc(cyclic).unwrap_err().to_string().contains("cyclic $ref chain"));
        let external = json!({"a": {"$ref": "other.yaml#/x"}});
        assert!(check_doc(external).unwrap_err().to_string().contains("`other.yaml`"));
    }

    #[test]
    fn a_property_named_ref_is_not_a_reference() {
        let doc = json!({"components": {"schemas": {"Doc": {"type": "object", "properties": {
            "$ref": {"type": "string"}, "properties": {"type": "object", "properties": {"$ref": {"type": "integer"}}}
        }}}}});
        assert!(check_doc(doc.clone()).is_ok());
        let mut doc = doc;
        let mut report = Report::default();
        crate::normalise::downlevel::run(&mut doc, Path::new("a.yaml"), &mut report).unwrap();
        assert_eq!(doc["components"]["schemas"]["Doc"]["properties"]["$ref"], json!({"type": "string"}));
        assert!(report.changes.is_empty(), "{:?}", report.changes);
    }

    #[test]
    fn good_refs_pass() {
        assert!(check_doc(json!({"components": {"schemas": {"A": {"type": "string"}, "B": {"$ref": "#/components/schemas/A"}}}})).is_ok());
    }
}
