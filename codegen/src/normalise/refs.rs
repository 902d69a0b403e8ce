//! `$ref` resolution check: every reference must point at a node of the same document.
//!
//! The typed parser accepts any string as a reference, so a typo in a `$ref` would surface late,
//! as a confusing model error, or not at all. This pass checks each `$ref` up front and reports the
//! first unresolvable one with the pointer of the `$ref` itself. It also rejects reference cycles
//! that never reach a real node (`A → B → A` with nothing else), which would loop forever.
//! It changes nothing. A `$ref` key is a reference only where a schema or another object may be
//! one: the keys of a `properties` map are property names (a schema may describe an object with
//! a `$ref` member, as SCIM and OpenAPI documents have), and examples are data.
//!
//! It then makes every reference one the model can follow, which names a component
//! (`#/components/{kind}/{name}`): a fragment written percent-encoded, as URI fragments may be
//! (`#/paths/~1keys~1%7Bid%7D/get/parameters/0`), is decoded; a reference to a schema that is
//! not a component makes that schema a component (`ref_schemas.rs`); a reference to any other
//! node (a parameter inside `paths`, a response) is replaced by a copy of that node, with a
//! change in the report. A copied node that refers to itself that way is copied [`MAX_ROUNDS`]
//! deep, then left as any JSON with a warning; copies that would grow the document past
//! [`copy_budget`] nodes stop it with an error naming the reference, never exhaust memory.

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Error, Location, Result};
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "refs";

/// How many times a reference to a non-component node is replaced within copies of itself.
pub const MAX_ROUNDS: usize = 4;

/// How many JSON nodes copies of `$ref` targets may add to a document of `nodes` nodes.
pub fn copy_budget(nodes: usize) -> usize {
    nodes.saturating_mul(4).max(100_000)
}

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    check(doc, doc, "", false, file)?;
    let mut sites = Vec::new();
    non_component_refs(doc, "", false, &mut sites);
    if sites.is_empty() {
        return Ok(());
    }
    let mut sites = super::ref_schemas::promote(doc, file, report, sites)?;
    let budget = copy_budget(count_nodes(doc));
    let mut copied = 0usize;
    for round in 0..=MAX_ROUNDS {
        if round > 0 {
            sites.clear();
            non_component_refs(doc, "", false, &mut sites);
        }
        if sites.is_empty() {
            break;
        }
        for (pointer, reference) in std::mem::take(&mut sites) {
            let at = Location::new(file, pointer_push(&pointer, "$ref"));
            let replacement = match (round, final_target(doc, &reference)) {
                (r, Ok(target)) if r < MAX_ROUNDS => {
                    copied = copied.saturating_add(count_nodes(&target));
                    if copied > budget {
                        return Err(Error::input(
                            at,
                            format!(
                                "`$ref: {reference}` names no component, and copying the targets of such references \
                                 would add more than {budget} nodes to the document (the copies refer to each other); \
                                 make the target a component"
                            ),
                        ));
                    }
                    report.change(NAME, at, format!("`$ref: {reference}` names no component: replaced by a copy of its target"));
                    target
                }
                (_, Ok(_)) => {
                    report.warn(at, format!("`$ref: {reference}` still refers into a copy of itself after {MAX_ROUNDS} copies: typed as any JSON"));
                    serde_json::json!({})
                }
                (_, Err(why)) => return Err(Error::input(at, format!("unresolvable $ref `{reference}`: {why}"))),
            };
            if let Some(node) = doc.pointer_mut(&pointer) {
                *node = replacement;
            }
        }
    }
    Ok(())
}

/// The number of JSON values in `node` (itself included).
fn count_nodes(node: &Value) -> usize {
    match node {
        Value::Object(map) => 1 + map.values().map(count_nodes).sum::<usize>(),
        Value::Array(items) => 1 + items.iter().map(count_nodes).sum::<usize>(),
        _ => 1,
    }
}

/// Whether `reference` names a component itself: `#/components/{kind}/{name}`.
pub(super) fn names_component(reference: &str) -> bool {
    let Some(rest) = reference.strip_prefix("#/components/") else { return false };
    rest.split('/').count() == 2 && !reference.contains('%')
}

/// The references (pointer of the object holding `$ref`, and the reference) that do not name a
/// component, in document order.
pub(super) fn non_component_refs(node: &Value, pointer: &str, names: bool, out: &mut Vec<(String, String)>) {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref").filter(|_| !names).and_then(Value::as_str) {
                if !names_component(reference) {
                    out.push((pointer.to_string(), reference.to_string()));
                    return;
                }
            }
            for (key, child) in map {
                if !names && (key == "example" || key == "examples" || key.starts_with("x-")) {
                    continue;
                }
                let child_names = !names && (key == "properties" || key == "patternProperties");
                non_component_refs(child, &pointer_push(pointer, key), child_names, out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                non_component_refs(child, &pointer_push(pointer, &i.to_string()), false, out);
            }
        }
        _ => {}
    }
}

/// The node a reference chain ends on, or the first reference of the chain that names a
/// component (kept as a reference, so that a component is never copied).
fn final_target(root: &Value, reference: &str) -> Result<Value, String> {
    let mut current = reference.to_string();
    for _ in 0..64 {
        if names_component(&current) {
            return Ok(serde_json::json!({ "$ref": current }));
        }
        let target = resolve(root, &current)?;
        match target.get("$ref").and_then(Value::as_str) {
            Some(next) => current = next.to_string(),
            None => return Ok(target.clone()),
        }
    }
    Err("the reference chain is too long".into())
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

/// The JSON pointer a local reference (`#/a/b`, perhaps percent-encoded) resolves to in `root`.
pub(super) fn resolve_pointer(root: &Value, reference: &str) -> Result<String, String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        return resolve(root, reference).map(|_| String::new());
    };
    if root.pointer(pointer).is_some() {
        return Ok(pointer.to_string());
    }
    let decoded = percent_decode(pointer).ok_or_else(|| "no such node in this document".to_string())?;
    root.pointer(&decoded).map(|_| decoded.clone()).ok_or_else(|| "no such node in this document".to_string())
}

/// Resolves a local reference (`#/a/b`) in `root`.
pub fn resolve<'a>(root: &'a Value, reference: &str) -> Result<&'a Value, String> {
    let Some(pointer) = reference.strip_prefix('#') else {
        let file = reference.split('#').next().unwrap_or(reference);
        return Err(format!("references to other documents (`{file}`) are not supported; inline or bundle it"));
    };
    if let Some(node) = root.pointer(pointer) {
        return Ok(node);
    }
    // A URI fragment may be percent-encoded (`%7Bid%7D` for `{id}`).
    let decoded = percent_decode(pointer).ok_or_else(|| "no such node in this document".to_string())?;
    root.pointer(&decoded).ok_or_else(|| "no such node in this document".to_string())
}

/// `text` with its `%XX` escapes decoded; `None` when it has none or they are not UTF-8.
fn percent_decode(text: &str) -> Option<String> {
    if !text.contains('%') {
        return None;
    }
    String::from_utf8(crate::load::percent::decode(text)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check_doc(doc: Value) -> Result<()> {
        let mut doc = doc;
        run(&mut doc, Path::new("a.yaml"), &mut Report::default())
    }

    /// A reference into `paths` (percent-encoded, as URI fragments may be) is replaced by a copy
    /// of its target; one to a component stays.
    #[test]
    fn references_to_other_nodes_are_copied() {
        let mut doc = json!({
            "paths": {
                "/keys/{id}": {"get": {"parameters": [{"name": "id", "in": "path", "required": true, "schema": {"$ref": "#/components/schemas/Id"}}]}},
                "/keys": {"delete": {"parameters": [{"$ref": "#/paths/~1keys~1%7Bid%7D/get/parameters/0"}]}}
            },
            "components": {"schemas": {
                "Id": {"type": "string"},
                "Tree": {"type": "object", "properties": {"child": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/Tree/properties/child"}}}}}
            }}
        });
        let mut report = Report::default();
        run(&mut doc, Path::new("a.yaml"), &mut report).expect("resolves");
        assert_eq!(doc["paths"]["/keys"]["delete"]["parameters"][0]["name"], "id");
        assert_eq!(doc["paths"]["/keys"]["delete"]["parameters"][0]["schema"], json!({"$ref": "#/components/schemas/Id"}));
        // The schema inside `Tree` that refers to itself became a component of its own.
        assert_eq!(doc["components"]["schemas"]["Tree"]["properties"]["child"], json!({"$ref": "#/components/schemas/TreeChild"}));
        assert_eq!(
            doc["components"]["schemas"]["TreeChild"]["properties"]["next"],
            json!({"$ref": "#/components/schemas/TreeChild"})
        );
        assert_eq!(report.changes.len(), 2, "{:?}", report.changes);
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
        assert_eq!(percent_decode("/a%7Bb%7D"), Some("/a{b}".into()));
    }

    /// A parameter that refers into a copy of itself is copied [`MAX_ROUNDS`] deep, then typed as
    /// any JSON with a warning.
    #[test]
    fn a_self_referring_copy_stops() {
        let mut doc = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "p", "in": "query", "content": {"application/json": {"example": 1, "x": {"$ref": "#/paths/~1a/get/parameters/0"}}}}
        ]}}}});
        // `x` is not a schema position, so the reference is copied; the copy refers to itself.
        let mut report = Report::default();
        run(&mut doc, Path::new("a.yaml"), &mut report).expect("stops");
        assert_eq!(report.changes.len(), MAX_ROUNDS);
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    }

    /// Copies that refer to several copies of each other would grow without bound: the pass
    /// stops with an error naming the reference, long before memory runs out.
    #[test]
    fn copies_beyond_the_budget_are_an_error() {
        // Each parameter's `x` refers to both parameters: 2^rounds copies.
        let wide: Vec<Value> = (0..40).map(|i| json!({"v": i})).collect();
        let mut doc = json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "p", "in": "query", "x": [{"$ref": "#/paths/~1a/get/parameters/1"}, {"$ref": "#/paths/~1a/get/parameters/1"}, {"$ref": "#/paths/~1a/get/parameters/1"}], "wide": wide},
            {"name": "q", "in": "query", "x": [{"$ref": "#/paths/~1a/get/parameters/0"}, {"$ref": "#/paths/~1a/get/parameters/0"}, {"$ref": "#/paths/~1a/get/parameters/0"}], "wide": wide}
        ]}}}});
        let err = run(&mut doc, Path::new("a.yaml"), &mut Report::default()).unwrap_err().to_string();
        assert!(err.contains("would add more than 100000 nodes"), "{err}");
        assert!(err.contains("a.yaml#/paths/~1a/get/parameters/"), "{err}");
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
