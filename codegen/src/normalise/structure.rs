//! Structural checks that the typed parser would report without a location.
//!
//! `openapiv3` reports a missing `paths` or a wrong `openapi` line as a bare serde message; this
//! pass checks them first so the diagnostic names the file and pointer. Its one change: 3.1 made
//! `paths` optional (a document may hold only `webhooks` or `components`), so such a document is
//! given an empty `paths` and generates its types and no operations.

use std::path::Path;

use serde_json::Value;

use crate::diag::{Error, Location, Result};
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "structure";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    let at = |pointer: &str| Location::new(file, pointer);
    match doc.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => {}
        Some(Value::String(v)) => {
            return Err(Error::input(at("/openapi"), format!("unsupported OpenAPI version `{v}` (3.0.x and 3.1.x are)")))
        }
        Some(_) => return Err(Error::input(at("/openapi"), "`openapi` must be a version string such as \"3.1.0\"")),
        None => {
            let hint = if doc.get("swagger").is_some() { " (Swagger 2.0 is not supported)" } else { "" };
            return Err(Error::input(at(""), format!("missing `openapi` version line{hint}")));
        }
    }
    if !doc.get("info").is_some_and(Value::is_object) {
        return Err(Error::input(at("/info"), "missing `info` object"));
    }
    match doc.get("paths") {
        Some(Value::Object(_)) => Ok(()),
        Some(_) => Err(Error::input(at("/paths"), "`paths` must be a mapping of path templates to path items")),
        None => {
            let Some(kept) = ["webhooks", "components"].into_iter().find(|k| doc.get(k).is_some_and(Value::is_object)) else {
                return Err(Error::input(at("/paths"), "missing `paths`: the document describes no operations"));
            };
            if let Some(map) = doc.as_object_mut() {
                map.insert("paths".into(), Value::Object(Default::default()));
            }
            report.change(NAME, at("/paths"), format!("no `paths` (optional in 3.1; the document has `{kept}`) → empty: types, no operations"));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_paths_is_located() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}});
        let err = run(&mut doc, Path::new("a.yaml"), &mut Report::default()).unwrap_err();
        assert_eq!(err.to_string(), "error: a.yaml#/paths: missing `paths`: the document describes no operations");
    }

    #[test]
    fn webhooks_only_gets_empty_paths() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "webhooks": {"w": {}}});
        let mut report = Report::default();
        run(&mut doc, Path::new("a.yaml"), &mut report).unwrap();
        assert_eq!(doc["paths"], json!({}));
        assert_eq!(report.changes.len(), 1);
        assert_eq!(report.changes[0].location.pointer, "/paths");
        assert!(report.changes[0].what.contains("`webhooks`"), "{:?}", report.changes);
    }

    #[test]
    fn swagger_is_named() {
        let mut doc = json!({"swagger": "2.0", "paths": {}});
        let err = run(&mut doc, Path::new("a.yaml"), &mut Report::default()).unwrap_err();
        assert!(err.to_string().contains("Swagger 2.0"));
    }
}
