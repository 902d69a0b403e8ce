//! Schemas inferred only from placeholders that no overlay typed are counted, once per document.
//!
//! Quirk: a Postman collection's saved examples are often templates — every leaf `""`,
//! `"<string>"` or a `{{variable}}`. The importer does not guess a type from such a leaf: the
//! schema stays unconstrained (free-form JSON, `serde_json::Value` in Rust) and carries the marker
//! [`MARK`]. An overlay may type it afterwards (overlays run before this pass). This pass removes
//! every marker and warns once, at the first schema still untyped, with how many stayed untyped,
//! so one template-only collection gives one line rather than one per property.
//!
//! A marked schema counts as typed when it has a `type`, a `$ref`, a composition (`allOf`,
//! `oneOf`, `anyOf`), an `enum`, `properties`, `items` or an `x-rust-type`.

use std::path::Path;

use serde_json::Value;

use crate::diag::{Location, Result};
use crate::normalise::walk::for_each_schema;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "untyped-placeholders";

/// The marker the Postman importer puts on schemas seen only with placeholders.
pub const MARK: &str = crate::load::postman::PLACEHOLDER_MARK;

/// Keys that give a schema a type (or a shape) of its own.
const TYPING_KEYS: &[&str] =
    &["type", "$ref", "allOf", "oneOf", "anyOf", "enum", "properties", "items", "x-rust-type"];

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let mut untyped: Vec<String> = Vec::new();
    for_each_schema(doc, &mut |schema, pointer| {
        let Some(map) = schema.as_object_mut() else { return };
        if map.remove(MARK).is_none() {
            return;
        }
        if !TYPING_KEYS.iter().any(|k| map.contains_key(*k)) {
            untyped.push(pointer.to_string());
        }
    });
    if let Some(first) = untyped.first() {
        let n = untyped.len();
        let (what, verb, them) = match n {
            1 => ("property or array item", "has", "it"),
            _ => ("properties or array items", "have", "them"),
        };
        report.warn(
            Location::new(file, first.clone()),
            format!(
                "{n} {what} {verb} only placeholder example values (`\"\"`, `<…>`, `{{{{variable}}}}`) and no type from an overlay: typed as free-form JSON (`serde_json::Value`); an overlay can give {them} a type"
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn counts_what_stayed_untyped_and_removes_every_marker() {
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"content": {"application/json": {
            "schema": {"type": "object", "properties": {
                "id": {MARK: true, "type": "integer"},
                "name": {MARK: true},
                "tags": {"type": "array", "items": {MARK: true, "nullable": true}}
            }}
        }}}}}}}});
        let mut report = Report::default();
        run(&mut doc, Path::new("c.json"), &mut report).unwrap();
        assert!(!doc.to_string().contains(MARK), "{doc}");
        let warnings: Vec<String> =
            report.warnings.iter().map(|w| format!("{} {}", w.location.pointer, w.message)).collect();
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(
            warnings[0].starts_with(
                "/paths/~1a/get/responses/200/content/application~1json/schema/properties/name 2 properties or array items"
            ),
            "{warnings:?}"
        );
    }

    #[test]
    fn silent_when_everything_is_typed() {
        let mut doc = json!({"components": {"schemas": {"A": {MARK: true, "$ref": "#/components/schemas/B"}, "B": {"type": "string"}}}});
        let mut report = Report::default();
        run(&mut doc, Path::new("c.json"), &mut report).unwrap();
        assert!(report.warnings.is_empty());
        assert_eq!(doc["components"]["schemas"]["A"], json!({"$ref": "#/components/schemas/B"}));
    }
}
