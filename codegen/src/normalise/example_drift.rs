//! Examples that disagree with their schema are pointed out.
//!
//! Quirk: hand-written examples drift from the schema they illustrate — a renamed key
//! (`pending_id` for `token`), a plural (`results` for `result`), a property the schema never
//! declared (`company`). Generated example tests then fail, or worse, a reader trusts the
//! example. The schema is what the generator follows, so this pass changes nothing; it walks
//! every media-type, parameter and schema example against its schema (see
//! [`crate::normalise::examples`]: `$ref`s followed, `allOf` properties merged) and warns
//!
//! - for each key of an example object that the object schema does not declare (unless the
//!   schema allows more keys with `additionalProperties`, declares no properties at all, or uses
//!   `oneOf`/`anyOf`), and
//! - for each required property an example object lacks,
//!
//! naming the example's pointer and the schema's pointer. Keys that are not declared are not
//! followed further, so one renamed key gives one warning. A key listed in a property's
//! `x-aliases` (another spelling the client accepts when reading) counts as that property.

use std::path::Path;

use serde_json::Value;

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::examples::for_each_example;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "example-drift";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let doc: &Value = doc;
    let mut found: Vec<(String, String)> = Vec::new();
    for_each_example(doc, &mut |sample, shape| {
        let Value::Object(example) = sample.value else { return };
        if shape.properties.is_empty() {
            return;
        }
        let schema_at = format!("{}#{}", file.display(), shape.pointer);
        if !shape.open {
            for key in example.keys().filter(|k| shape.property(k).is_none()) {
                let msg = format!("example key `{key}` is not a property of the schema at {schema_at}");
                found.push((pointer_push(sample.pointer, key), msg));
            }
        }
        for name in shape.required.iter().filter(|r| !shape.has(example, r)) {
            let msg = format!("example lacks `{name}`, a required property of the schema at {schema_at}");
            found.push((sample.pointer.to_string(), msg));
        }
    });
    for (pointer, msg) in found {
        report.warn(Location::new(file, pointer), msg);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn warnings(mut doc: Value) -> Vec<String> {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).unwrap();
        assert!(report.changes.is_empty());
        report.warnings.iter().map(|w| format!("{} {}", w.location.pointer, w.message)).collect()
    }

    #[test]
    fn reports_unknown_keys_and_missing_required_through_refs_and_all_of() {
        let doc = json!({
            "paths": {"/p": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "object", "properties": {"result": {"type": "array", "items": {"$ref": "#/components/schemas/Invite"}}}},
                "examples": {"r": {"value": {"result": [{"email": "a", "pending_id": "x", "company": "c"}]}}}
            }}}}}}},
            "components": {"schemas": {
                "Base": {"type": "object", "properties": {"email": {"type": "string"}}},
                "Invite": {"allOf": [{"$ref": "#/components/schemas/Base"}], "properties": {"token": {"type": "string"}}, "required": ["token", "email"]}
            }}
        });
        let value = "/paths/~1p/get/responses/200/content/application~1json/examples/r/value";
        assert_eq!(
            warnings(doc),
            [
                format!("{value}/result/0/pending_id example key `pending_id` is not a property of the schema at t.yaml#/components/schemas/Invite"),
                format!("{value}/result/0/company example key `company` is not a property of the schema at t.yaml#/components/schemas/Invite"),
                format!("{value}/result/0 example lacks `token`, a required property of the schema at t.yaml#/components/schemas/Invite"),
            ]
        );
    }

    #[test]
    fn aliases_are_the_property_they_name() {
        let doc = json!({"components": {"schemas": {
            "Invite": {"type": "object", "required": ["token"],
                "properties": {"token": {"type": "string", "x-aliases": ["pending_id"]}},
                "example": {"pending_id": "abc"}}
        }}});
        assert!(warnings(doc).is_empty());
    }

    #[test]
    fn open_and_free_form_schemas_accept_any_key() {
        let doc = json!({"components": {"schemas": {
            "Open": {"type": "object", "properties": {"a": {}}, "additionalProperties": true, "example": {"a": 1, "b": 2}},
            "Free": {"type": "object", "example": {"z": 1}},
            "Either": {"properties": {"a": {}}, "oneOf": [], "example": {"q": 1}},
            "Exact": {"type": "object", "properties": {"a": {}}, "example": {"a": 1}}
        }}});
        assert!(warnings(doc).is_empty());
    }
}
