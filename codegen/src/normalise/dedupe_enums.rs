//! Duplicate component schemas that differ only by a numeric suffix are collapsed into one.
//!
//! Quirk: generators that inline-then-extract schemas leave copies named `Name`, `Name1`,
//! `Name2`, ... (enums especially: `PermissionType`/`PermissionType1`, `UserType` ×3). Each copy
//! would become its own Rust type, so the same value would have several incompatible types.
//!
//! Rule: component schemas are grouped by their name without trailing digits, and each group is
//! read in order: the name without a suffix first, then the suffixes in numeric order. A member
//! that is structurally identical to an earlier kept member (same JSON once annotations —
//! `title`, `description`, `summary`, `example`, `examples`, `$comment` — are removed, at every
//! schema level) is deleted, and every `$ref` to it anywhere in the document (outside example
//! data) is rewritten to that earlier member; so `Name` is kept over `Name1`, and `Name1` over
//! `Name2` when there is no `Name`. A member identical to no earlier one is kept, with a warning
//! naming its pointer and that of the group's first member. One change is reported per removed
//! schema, with the number of `$ref`s rewritten.
//!
//! Also: a value listed twice in one `enum` (CloudRF's `fmt: [kml, kml, …]`) would give two
//! variants that match the same wire value; the repeats are removed, each removal reported.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Location, Result};
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "dedupe-enums";

/// Keys that describe a schema without constraining it; ignored when comparing.
const ANNOTATIONS: &[&str] = &["title", "description", "summary", "example", "examples", "$comment"];
/// Schema keys whose values are data, not schemas; compared as they are.
const DATA_KEYS: &[&str] = &["enum", "const", "default", "required"];
/// Schema keys whose values map names to schemas (the names themselves are data).
const MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    repeated_values(doc, file, report);
    let Some(schemas) = doc.pointer("/components/schemas").and_then(Value::as_object) else { return Ok(()) };
    let mut groups: BTreeMap<&str, Vec<(u64, &str)>> = BTreeMap::new();
    for name in schemas.keys() {
        if let Some((base, suffix)) = split_suffix(name) {
            groups.entry(base).or_default().push((suffix, name));
        }
    }
    // Old name → keeper, for every schema to delete, in name order.
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    for (_, mut members) in groups {
        // The name without suffix sorts first (suffix 0), then the suffixes in numeric order.
        members.sort();
        let mut survivors: Vec<(&str, Value)> = Vec::new();
        for (_, name) in members {
            let Some(schema) = schemas.get(name) else { continue };
            let shape = canonical(schema);
            if let Some((same, _)) = survivors.iter().find(|(_, s)| *s == shape) {
                renames.insert(name.to_string(), same.to_string());
                continue;
            }
            if let Some((keeper, _)) = survivors.first() {
                let at = Location::new(file, schema_pointer(name));
                let msg = format!(
                    "`{name}` differs from `{keeper}` at {}#{} only by a numeric suffix in its name, \
                     but not in structure; kept both",
                    file.display(),
                    schema_pointer(keeper)
                );
                report.warn(at, msg);
            }
            survivors.push((name, shape));
        }
    }
    if renames.is_empty() {
        return Ok(());
    }
    let targets: Vec<(String, String)> =
        renames.iter().map(|(old, new)| (format!("#{}", schema_pointer(old)), format!("#{}", schema_pointer(new)))).collect();
    let mut counts = vec![0usize; targets.len()];
    rewrite_refs(doc, &targets, &mut counts);
    if let Some(schemas) = doc.pointer_mut("/components/schemas").and_then(Value::as_object_mut) {
        for old in renames.keys() {
            schemas.shift_remove(old);
        }
    }
    for ((old, new), count) in renames.iter().zip(counts) {
        let at = Location::new(file, schema_pointer(old));
        report.change(NAME, at, format!("identical to `{new}`: removed, {count} $ref(s) rewritten to it"));
    }
    Ok(())
}

/// `Name12` → (`Name`, 12); `Name` → (`Name`, 0); all-digit or over-long suffixes → `None`.
fn split_suffix(name: &str) -> Option<(&str, u64)> {
    let base = name.trim_end_matches(|c: char| c.is_ascii_digit());
    if base.is_empty() {
        return None;
    }
    let digits = name.strip_prefix(base)?;
    if digits.is_empty() {
        return Some((base, 0));
    }
    Some((base, digits.parse().ok()?))
}

/// The pointer of component schema `name`.
fn schema_pointer(name: &str) -> String {
    pointer_push("/components/schemas", name)
}

/// A copy of `schema` without annotations, at every schema level.
fn canonical(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (key, child) in map {
                if ANNOTATIONS.contains(&key.as_str()) {
                    continue;
                }
                let child = if DATA_KEYS.contains(&key.as_str()) || key.starts_with("x-") {
                    child.clone()
                } else if MAP_KEYS.contains(&key.as_str()) {
                    match child {
                        Value::Object(entries) => {
                            Value::Object(entries.iter().map(|(name, s)| (name.clone(), canonical(s))).collect())
                        }
                        other => other.clone(),
                    }
                } else {
                    canonical(child)
                };
                out.insert(key.clone(), child);
            }
            out.sort_keys();
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}

/// Rewrites every `$ref` equal to (or below) an old target; counts rewrites per target.
fn rewrite_refs(node: &mut Value, targets: &[(String, String)], counts: &mut [usize]) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                for (i, (old, new)) in targets.iter().enumerate() {
                    let rest = reference.strip_prefix(old.as_str());
                    if let Some(rest) = rest.filter(|r| r.is_empty() || r.starts_with('/')) {
                        *reference = format!("{new}{rest}");
                        if let Some(c) = counts.get_mut(i) {
                            *c += 1;
                        }
                        break;
                    }
                }
            }
            for (key, child) in map.iter_mut() {
                if key != "example" && key != "examples" {
                    rewrite_refs(child, targets, counts);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|child| rewrite_refs(child, targets, counts)),
        _ => {}
    }
}

/// Removes the repeats of a value within each `enum` list.
fn repeated_values(doc: &mut Value, file: &Path, report: &mut Report) {
    let mut changes = Vec::new();
    crate::normalise::walk::for_each_schema(doc, &mut |schema, pointer| {
        let Some(Value::Array(values)) = schema.get_mut("enum") else { return };
        let mut kept: Vec<Value> = Vec::with_capacity(values.len());
        let mut repeated = Vec::new();
        for value in values.drain(..) {
            if kept.contains(&value) {
                repeated.push(value.to_string());
            } else {
                kept.push(value);
            }
        }
        *values = kept;
        if !repeated.is_empty() {
            changes.push((pointer_push(pointer, "enum"), format!("enum value(s) listed twice removed: {}", repeated.join(", "))));
        }
    });
    for (pointer, what) in changes {
        report.change(NAME, Location::new(file, pointer), what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_enum_values_are_removed() {
        let mut doc = serde_json::json!({"paths": {"/x": {"get": {"parameters": [
            {"name": "fmt", "in": "query", "schema": {"type": "string", "enum": ["kml", "kml", "shp"]}}
        ]}}}});
        let mut report = Report::default();
        run(&mut doc, Path::new("a.json"), &mut report).expect("runs");
        assert_eq!(doc.pointer("/paths/~1x/get/parameters/0/schema/enum"), Some(&serde_json::json!(["kml", "shp"])));
        assert_eq!(report.changes.len(), 1);
    }
    use serde_json::json;

    fn run_on(mut doc: Value) -> (Value, Report) {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).unwrap();
        (doc, report)
    }

    #[test]
    fn collapses_identical_copies_and_rewrites_refs() {
        let (doc, report) = run_on(json!({
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {"schema": {
                "properties": {
                    "a": {"$ref": "#/components/schemas/Kind1"},
                    "b": {"allOf": [{"$ref": "#/components/schemas/Kind2"}]},
                    "c": {"$ref": "#/components/schemas/Other"}
                }},
                "example": {"$ref": "#/components/schemas/Kind1"}
            }}}}}}},
            "components": {"schemas": {
                "Kind": {"type": "string", "enum": ["a", "b"]},
                "Kind1": {"type": "string", "enum": ["a", "b"], "description": "copy"},
                "Kind2": {"type": "string", "enum": ["a", "b"], "title": "T"},
                "Other": {"type": "string"}
            }}
        }));
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert_eq!(schemas.keys().collect::<Vec<_>>(), ["Kind", "Other"]);
        let props = &doc["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]["properties"];
        assert_eq!(props["a"]["$ref"], "#/components/schemas/Kind");
        assert_eq!(props["b"]["allOf"][0]["$ref"], "#/components/schemas/Kind");
        assert_eq!(props["c"]["$ref"], "#/components/schemas/Other");
        let example = &doc["paths"]["/x"]["get"]["responses"]["200"]["content"]["application/json"]["example"];
        assert_eq!(example["$ref"], "#/components/schemas/Kind1", "example data is not rewritten");
        let lines: Vec<String> = report.changes.iter().map(|c| format!("{} {}", c.location.pointer, c.what)).collect();
        assert_eq!(
            lines,
            [
                "/components/schemas/Kind1 identical to `Kind`: removed, 1 $ref(s) rewritten to it",
                "/components/schemas/Kind2 identical to `Kind`: removed, 1 $ref(s) rewritten to it"
            ]
        );
        assert!(report.warnings.is_empty());
    }

    #[test]
    fn keeps_lowest_suffix_and_deep_refs() {
        let (doc, report) = run_on(json!({"components": {"schemas": {
            "E2": {"type": "object", "properties": {"description": {"type": "string", "description": "x"}}},
            "E3": {"type": "object", "properties": {"description": {"type": "string"}}},
            "U": {"$ref": "#/components/schemas/E3/properties/description"}
        }}}));
        assert_eq!(doc["components"]["schemas"].as_object().unwrap().keys().collect::<Vec<_>>(), ["E2", "U"]);
        assert_eq!(doc["components"]["schemas"]["U"]["$ref"], "#/components/schemas/E2/properties/description");
        assert_eq!(report.changes.len(), 1);
    }

    #[test]
    fn different_copies_are_kept_with_a_warning() {
        let (doc, report) = run_on(json!({"components": {"schemas": {
            "Role": {"type": "string", "enum": ["a"]},
            "Role1": {"type": "string", "enum": ["a", "b"]},
            "Roles": {"type": "string", "enum": ["a"]}
        }}}));
        assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 3);
        assert!(report.changes.is_empty());
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(report.warnings[0].location.pointer, "/components/schemas/Role1");
        assert!(report.warnings[0].message.contains("t.yaml#/components/schemas/Role"));
    }

    #[test]
    fn later_copies_collapse_into_the_first_identical_member() {
        let (doc, report) = run_on(json!({"components": {"schemas": {
            "Ev": {"type": "string", "enum": ["a"]},
            "Ev10": {"type": "string", "enum": ["b"]},
            "Ev9": {"type": "string", "enum": ["b"]},
            "X": {"$ref": "#/components/schemas/Ev10"}
        }}}));
        let names: Vec<&String> = doc["components"]["schemas"].as_object().unwrap().keys().collect();
        assert_eq!(names, ["Ev", "Ev9", "X"]);
        assert_eq!(doc["components"]["schemas"]["X"]["$ref"], "#/components/schemas/Ev9");
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.changes[0].what, "identical to `Ev9`: removed, 1 $ref(s) rewritten to it");
        assert_eq!(report.warnings.len(), 1, "Ev9 differs from Ev");
        assert_eq!(report.warnings[0].location.pointer, "/components/schemas/Ev9");
    }

    #[test]
    fn suffixes_split_sensibly() {
        assert_eq!(split_suffix("UserType12"), Some(("UserType", 12)));
        assert_eq!(split_suffix("UserType"), Some(("UserType", 0)));
        assert_eq!(split_suffix("404"), None);
    }
}
