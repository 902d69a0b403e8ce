//! `type: number` schemas whose examples are all integers are pointed out.
//!
//! Quirk: ids and unix timestamps are often typed `number` (a float) although every example is
//! an integer, so a generated client would hand out `f64` ids that lose precision and print as
//! `66138975.0`. Only the author can say an integer is meant, so this pass changes nothing: for
//! every `type: number` schema without a float `format` (`float`, `double`) and without
//! `x-rust-type`, it gathers the examples that describe it — its own `example`, and the values at
//! the corresponding place in media-type, parameter and schema examples (see
//! [`crate::normalise::examples`]) — and, when there is at least one and all are integers,
//! warns that an overlay can set `x-rust-type: i64`. `null` examples are ignored.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::Value;

use crate::diag::{Location, Result};
use crate::normalise::examples::for_each_example;
use crate::normalise::walk::for_each_schema;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "integer-numbers";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let mut candidates = Vec::new();
    for_each_schema(doc, &mut |schema, pointer| {
        if is_candidate(schema) {
            candidates.push(pointer.to_string());
        }
    });
    if candidates.is_empty() {
        return Ok(());
    }
    let doc: &Value = doc;
    // Schema pointer → the non-null example values seen for it.
    let mut seen: BTreeMap<String, Vec<&Value>> = BTreeMap::new();
    for_each_example(doc, &mut |sample, shape| {
        if sample.value.is_null() {
            return;
        }
        if let Some((_, typed)) = &shape.typed {
            seen.entry(typed.clone()).or_default().push(sample.value);
        }
    });
    for pointer in candidates {
        let Some(values) = seen.get(&pointer).filter(|v| !v.is_empty()) else { continue };
        if !values.iter().all(|v| v.is_i64() || v.is_u64()) {
            continue;
        }
        let first = values.first().map(|v| v.to_string()).unwrap_or_default();
        let n = values.len();
        let msg = format!(
            "`type: number` but all {n} example value(s) are integers (e.g. {first}); an overlay can set `x-rust-type: i64`"
        );
        report.warn(Location::new(file, pointer), msg);
    }
    Ok(())
}

/// A `type: number` schema with no float format and no explicit Rust type.
fn is_candidate(schema: &Value) -> bool {
    let is_number = schema.get("type").and_then(Value::as_str) == Some("number");
    let float_format = matches!(schema.get("format").and_then(Value::as_str), Some("float" | "double"));
    is_number && !float_format && schema.get("x-rust-type").is_none()
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
    fn warns_when_every_example_is_integral() {
        let doc = json!({
            "paths": {"/c": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"$ref": "#/components/schemas/Cert"},
                "examples": {"r": {"value": {"id": 66138975, "at": 1.5, "score": 3, "none": null}}}
            }}}}}}},
            "components": {"schemas": {"Cert": {"type": "object", "properties": {
                "id": {"type": "number"},
                "at": {"type": "number"},
                "score": {"type": "number", "format": "double"},
                "ratio": {"type": "number", "example": 2},
                "none": {"type": "number"},
                "own": {"type": "number", "x-rust-type": "i64", "example": 1}
            }}}}
        });
        assert_eq!(
            warnings(doc),
            [
                "/components/schemas/Cert/properties/id `type: number` but all 1 example value(s) are integers (e.g. 66138975); an overlay can set `x-rust-type: i64`",
                "/components/schemas/Cert/properties/ratio `type: number` but all 1 example value(s) are integers (e.g. 2); an overlay can set `x-rust-type: i64`"
            ]
        );
    }

    #[test]
    fn object_example_values_count_and_one_float_vetoes() {
        let doc = json!({"components": {"schemas": {"T": {
            "type": "object",
            "properties": {"n": {"type": "number", "example": 4}},
            "example": {"n": 4.25}
        }}}});
        assert!(warnings(doc).is_empty());
    }
}
