//! A synthetic OpenAPI 3.0 document with a given number of operations, for the scale curve.
//! Deterministic: resource `i` has a component schema `Resource{i}` with four properties and
//! five operations (list, create, get, update, delete) on `/resources{i}` and
//! `/resources{i}/{id}`.

use std::path::{Path, PathBuf};

use serde_json::{json, Map, Value};

/// Writes the document with `operations` operations (rounded up to a multiple of five) to
/// `target/bench/inputs/synthetic-<operations>.json`, unless it is already there.
pub fn write(operations: usize) -> Result<PathBuf, String> {
    let path = Path::new("target/bench/inputs").join(format!("synthetic-{operations}.json"));
    if path.exists() {
        return Ok(super::tools::absolute(&path));
    }
    let resources = operations.div_ceil(5);
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for i in 0..resources {
        let name = format!("Resource{i}");
        let reference = json!({ "$ref": format!("#/components/schemas/{name}") });
        let ok = |schema: Value| json!({ "description": "OK", "content": { "application/json": { "schema": schema } } });
        schemas.insert(
            name.clone(),
            json!({
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": { "type": "string" },
                    "name": { "type": "string", "description": format!("The name of resource {i}.") },
                    "count": { "type": "integer", "format": "int64" },
                    "tags": { "type": "array", "items": { "type": "string" } }
                }
            }),
        );
        let id = json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" } }]);
        paths.insert(
            format!("/resources{i}"),
            json!({
                "get": {
                    "operationId": format!("list{name}"),
                    "parameters": [{ "name": "limit", "in": "query", "schema": { "type": "integer" } }],
                    "responses": { "200": ok(json!({ "type": "array", "items": reference })) }
                },
                "post": {
                    "operationId": format!("create{name}"),
                    "requestBody": { "required": true, "content": { "application/json": { "schema": reference } } },
                    "responses": { "201": ok(reference.clone()) }
                }
            }),
        );
        paths.insert(
            format!("/resources{i}/{{id}}"),
            json!({
                "get": { "operationId": format!("get{name}"), "parameters": id, "responses": { "200": ok(reference.clone()) } },
                "patch": {
                    "operationId": format!("update{name}"),
                    "parameters": id,
                    "requestBody": { "required": true, "content": { "application/json": { "schema": reference } } },
                    "responses": { "200": ok(reference.clone()) }
                },
                "delete": { "operationId": format!("delete{name}"), "parameters": id, "responses": { "204": { "description": "Deleted" } } }
            }),
        );
    }
    let document = json!({
        "openapi": "3.0.3",
        "info": { "title": "Synthetic", "version": "1.0.0" },
        "servers": [{ "url": "https://api.example.com" }],
        "paths": paths,
        "components": { "schemas": schemas }
    });
    std::fs::create_dir_all(path.parent().unwrap_or(Path::new("."))).map_err(|e| e.to_string())?;
    let text = serde_json::to_string_pretty(&document).map_err(|e| e.to_string())?;
    std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(super::tools::absolute(&path))
}
