//! Numeric keywords whose values the typed parser cannot hold.
//!
//! Quirk: documents in the wild bound integers beyond `i64` (`maximum: 99999999999999999999`, a
//! 64-bit unsigned limit on an `int64`), write limits beyond `f64` (`1e400`, which the YAML reader
//! keeps as a string), or write lengths as floats or negative numbers. `openapiv3` reads
//! `minimum`/`maximum`/`multipleOf` of an `integer` schema as `i64`, those of other schemas as
//! `f64`, and `minLength`/`maxLength`/`minItems`/`maxItems`/`minProperties`/`maxProperties` as
//! unsigned integers: any such value stopped the whole document from loading.
//!
//! This pass keeps the document loading: an integral float that fits is rewritten as an integer
//! (`1.0` → `1`, reported as a change); a value that does not fit is dropped, with a change and
//! a warning naming its pointer. Dropping is the right clamp for each case: a bound beyond the
//! range of the Rust type constrains nothing that type can hold, and a length that is not a
//! non-negative integer is no constraint a client could check.

use std::path::Path;

use serde_json::{Map, Number, Value};

use crate::diag::{pointer_push, Location, Result};
use crate::normalise::walk::for_each_schema;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "numeric-limits";

/// Bounds: `i64` in `integer` schemas, `f64` elsewhere.
const BOUNDS: &[&str] = &["minimum", "maximum", "multipleOf"];

/// Counts: unsigned integers.
const COUNTS: &[&str] = &["minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"];

/// What to do with one keyword's value.
enum Fix {
    /// Replace it (the same number in the form the parser reads).
    Rewrite(Value),
    /// Drop it, for this reason.
    Drop(String),
}

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let mut fixes: Vec<(String, String, Option<String>)> = Vec::new();
    for_each_schema(doc, &mut |schema, pointer| {
        if let Value::Object(map) = schema {
            fix_schema(map, pointer, &mut fixes);
        }
    });
    for (pointer, what, warning) in fixes {
        let at = Location::new(file, pointer);
        if let Some(warning) = warning {
            report.warn(at.clone(), warning);
        }
        report.change(NAME, at, what);
    }
    Ok(())
}

/// Fixes the numeric keywords of one schema object; records `(pointer, change, warning)`.
fn fix_schema(map: &mut Map<String, Value>, pointer: &str, fixes: &mut Vec<(String, String, Option<String>)>) {
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    for key in BOUNDS.iter().chain(COUNTS) {
        let Some(value) = map.get(*key) else { continue };
        let fix = if COUNTS.contains(key) {
            count(value)
        } else if integer {
            integer_bound(value)
        } else {
            float_bound(value)
        };
        let Some(fix) = fix else { continue };
        let at = pointer_push(pointer, key);
        match fix {
            Fix::Rewrite(new) => {
                fixes.push((at, format!("`{key}: {value}` → `{new}` (the integer the parser reads)"), None));
                map.insert((*key).to_string(), new);
            }
            Fix::Drop(why) => {
                let warning = format!("`{key}: {}` {why}: the constraint is dropped", shown(value));
                fixes.push((at, format!("`{key}` dropped ({why})"), Some(warning)));
                map.shift_remove(*key);
            }
        }
    }
}

/// A value as the warning shows it: numbers and strings as written, without quotes.
fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A number written as a string because no float holds it (YAML keeps `1e400` as text).
fn beyond_f64(value: &Value) -> bool {
    value.as_str().and_then(|s| s.trim().parse::<f64>().ok()).is_some_and(|f| f.is_infinite())
}

/// `minimum`/`maximum`/`multipleOf` of an `integer` schema: an `i64`.
fn integer_bound(value: &Value) -> Option<Fix> {
    if beyond_f64(value) {
        return Some(Fix::Drop("is beyond the range of `i64`".into()));
    }
    let Value::Number(n) = value else { return None };
    if n.is_i64() {
        return None;
    }
    if n.is_u64() {
        return Some(Fix::Drop("is beyond the range of `i64`".into()));
    }
    let f = n.as_f64()?;
    // i64::MAX as f64 rounds up to 2^63, which is out of range.
    if f.fract() != 0.0 {
        Some(Fix::Drop("is not an integer, as an `integer` schema's bound must be".into()))
    } else if f >= -(2f64.powi(63)) && f < 2f64.powi(63) {
        Some(Fix::Rewrite(Value::Number(Number::from(f as i64))))
    } else {
        Some(Fix::Drop("is beyond the range of `i64`".into()))
    }
}

/// `minimum`/`maximum`/`multipleOf` of any other schema: an `f64`.
fn float_bound(value: &Value) -> Option<Fix> {
    beyond_f64(value).then(|| Fix::Drop("is beyond the range of `f64`".into()))
}

/// `minLength` and the other counts: an unsigned integer.
fn count(value: &Value) -> Option<Fix> {
    if beyond_f64(value) {
        return Some(Fix::Drop("is beyond the range of `u64`".into()));
    }
    let Value::Number(n) = value else { return None };
    if n.is_u64() {
        return None;
    }
    if n.is_i64() {
        return Some(Fix::Drop("is negative".into()));
    }
    let f = n.as_f64()?;
    if f < 0.0 {
        Some(Fix::Drop("is negative".into()))
    } else if f.fract() != 0.0 {
        Some(Fix::Drop("is not an integer".into()))
    } else if f < 2f64.powi(64) {
        Some(Fix::Rewrite(Value::Number(Number::from(f as u64))))
    } else {
        Some(Fix::Drop("is beyond the range of `u64`".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run_on(mut doc: Value) -> (Value, Report) {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).unwrap();
        (doc, report)
    }

    #[test]
    fn out_of_range_limits_are_dropped_with_a_located_warning() {
        let (doc, report) = run_on(json!({"components": {"schemas": {"Big": {"type": "object", "properties": {
            "n": {"type": "integer", "format": "int64", "maximum": 99999999999999999999.0, "minimum": 1.0, "multipleOf": 18446744073709551615u64},
            "f": {"type": "number", "maximum": "1e400", "minimum": -1e300},
            "s": {"type": "string", "maxLength": 1e20, "minLength": -1},
            "a": {"type": "array", "items": {"type": "string"}, "maxItems": 3.0, "minItems": 0.5},
            "ok": {"type": "integer", "minimum": -5, "maximum": 5}
        }}}}}));
        let p = &doc["components"]["schemas"]["Big"]["properties"];
        assert_eq!(p["n"], json!({"type": "integer", "format": "int64", "minimum": 1}));
        assert_eq!(p["f"], json!({"type": "number", "minimum": -1e300}));
        assert_eq!(p["s"], json!({"type": "string"}));
        assert_eq!(p["a"], json!({"type": "array", "items": {"type": "string"}, "maxItems": 3}));
        assert_eq!(p["ok"], json!({"type": "integer", "minimum": -5, "maximum": 5}));
        let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(
            warnings,
            [
                "warning: t.yaml#/components/schemas/Big/properties/n/maximum: `maximum: 1e+20` is beyond the range of `i64`: the constraint is dropped",
                "warning: t.yaml#/components/schemas/Big/properties/n/multipleOf: `multipleOf: 18446744073709551615` is beyond the range of `i64`: the constraint is dropped",
                "warning: t.yaml#/components/schemas/Big/properties/f/maximum: `maximum: 1e400` is beyond the range of `f64`: the constraint is dropped",
                "warning: t.yaml#/components/schemas/Big/properties/s/minLength: `minLength: -1` is negative: the constraint is dropped",
                "warning: t.yaml#/components/schemas/Big/properties/s/maxLength: `maxLength: 1e+20` is beyond the range of `u64`: the constraint is dropped",
                "warning: t.yaml#/components/schemas/Big/properties/a/minItems: `minItems: 0.5` is not an integer: the constraint is dropped",
            ]
        );
        // Two rewrites (minimum 1.0, maxItems 3.0) and six drops.
        assert_eq!(report.changes.len(), 8, "{:#?}", report.changes);
        // What is left is what the typed parser reads.
        let schema = doc["components"]["schemas"]["Big"].clone();
        let _: openapiv3::Schema = serde_json::from_value(schema).unwrap();
    }

    #[test]
    fn parameter_schemas_are_fixed_too() {
        let (doc, report) = run_on(json!({"paths": {"/a": {"get": {"parameters": [
            {"name": "n", "in": "query", "schema": {"type": "integer", "maximum": 1e19}}]}}}}));
        assert_eq!(doc["paths"]["/a"]["get"]["parameters"][0]["schema"], json!({"type": "integer"}));
        assert_eq!(report.warnings[0].location.pointer, "/paths/~1a/get/parameters/0/schema/maximum");
    }
}
