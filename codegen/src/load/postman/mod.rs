//! Postman collection → OpenAPI 3.0 (placeholder: being written).

use std::path::Path;

use serde_json::Value;

use crate::diag::{Result, Warnings};

/// Converts the Postman collection `collection` (read from `file`) into an OpenAPI 3.0 document.
pub fn import(_collection: &Value, _file: &Path, _warnings: &mut Warnings) -> Result<Value> {
    unimplemented!("postman importer is being written")
}

/// Whether `doc` is a Postman collection (it has `info.schema` naming the collection schema).
pub fn is_collection(doc: &Value) -> bool {
    doc.pointer("/info/schema").and_then(Value::as_str).is_some_and(|s| s.contains("getpostman.com"))
}
