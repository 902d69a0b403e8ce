//! Bodies documented only by example get a schema inferred from their examples.
//!
//! Quirk: a request body or response whose media type has `example`/`examples` but no `schema`
//! (WMATA's responses, many hand-written documents). Without a schema the client would send no
//! typed body and read the response as nothing, discarding it. This pass gives such a media type
//! the schema its examples show, with the rules of the Postman importer (`load/postman/infer.rs`:
//! placeholders such as `""` give no type; keys seen in every request example are required, no
//! response key is). With no example either: JSON (and forms) become any JSON (`{}`), text and
//! XML a string, any other media type binary (`format: binary`), so a declared body is never
//! `()`. Every inferred schema is a change in the report.

use std::path::Path;

use serde_json::{json, Value};

use crate::diag::{pointer_push, Location, Result};
use crate::load::postman::infer::{Required, Shape};
use crate::normalise::METHODS;
use crate::report::Report;

/// The pass name in the report.
pub const NAME: &str = "example-schemas";

/// Runs the pass.
pub fn run(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()> {
    // Where the bodies are: (pointer of a `content` map, whether it belongs to a request).
    let mut contents: Vec<(String, bool)> = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_ptr = pointer_push("/paths", path);
            for method in METHODS {
                let Some(op) = item.get(method) else { continue };
                let op_ptr = pointer_push(&item_ptr, method);
                if op.pointer("/requestBody/content").is_some() {
                    contents.push((format!("{op_ptr}/requestBody/content"), true));
                }
                for (code, _) in op.get("responses").and_then(Value::as_object).into_iter().flatten() {
                    contents.push((format!("{}/content", pointer_push(&pointer_push(&op_ptr, "responses"), code)), false));
                }
            }
        }
    }
    for (kind, request) in [("requestBodies", true), ("responses", false)] {
        for (name, _) in doc.pointer(&format!("/components/{kind}")).and_then(Value::as_object).into_iter().flatten() {
            contents.push((format!("{}/content", pointer_push(&format!("/components/{kind}"), name)), request));
        }
    }
    for (content_ptr, request) in contents {
        let media_types: Vec<String> = match doc.pointer(&content_ptr).and_then(Value::as_object) {
            Some(content) => content.iter().filter(|(_, m)| m.is_object() && m.get("schema").is_none()).map(|(k, _)| k.clone()).collect(),
            None => continue,
        };
        for media_type in media_types {
            let media_ptr = pointer_push(&content_ptr, &media_type);
            let examples = examples_of(doc, &media_ptr);
            let (schema, how) = schema_for(&media_type, &examples, request);
            if let Some(Value::Object(media)) = doc.pointer_mut(&media_ptr) {
                media.insert("schema".into(), schema);
                report.change(NAME, Location::new(file, pointer_push(&media_ptr, "schema")), format!("`{media_type}` had no schema: {how}"));
            }
        }
    }
    Ok(())
}

/// The example values of the media type at `pointer`: `example`, and each of `examples` (its
/// `value`, following a `$ref` to `components/examples`).
fn examples_of(doc: &Value, pointer: &str) -> Vec<Value> {
    let Some(media) = doc.pointer(pointer) else { return Vec::new() };
    let mut out: Vec<Value> = media.get("example").cloned().into_iter().collect();
    for (_, example) in media.get("examples").and_then(Value::as_object).into_iter().flatten() {
        let example = match example.get("$ref").and_then(Value::as_str) {
            Some(reference) => reference.strip_prefix('#').and_then(|p| doc.pointer(p)).unwrap_or(&Value::Null),
            None => example,
        };
        if let Some(value) = example.get("value") {
            out.push(value.clone());
        }
    }
    out
}

/// The schema of a media type without one, and how it was found (for the report).
fn schema_for(media_type: &str, examples: &[Value], request: bool) -> (Value, String) {
    let essence = media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let structured = essence.ends_with("json") || essence.ends_with("+json") || essence == "application/x-www-form-urlencoded" || essence == "multipart/form-data";
    let textual = essence.starts_with("text/") || essence.ends_with("xml") || essence.ends_with("+xml");
    if structured {
        // Text examples of a JSON media type (`example: '{"a": 1}'`) are read as the JSON they hold.
        let values: Vec<Value> = examples.iter().map(|e| match e {
            Value::String(text) => serde_json::from_str(text).unwrap_or_else(|_| e.clone()),
            other => other.clone(),
        }).collect();
        let Some((first, rest)) = values.split_first() else {
            return (json!({}), "any JSON (no example either)".into());
        };
        let mut shape = Shape::of(first);
        for value in rest {
            shape.add(value, 0);
        }
        let required = if request { Required::SeenInEvery } else { Required::Never };
        (shape.to_schema(required), format!("inferred from {} example(s)", values.len()))
    } else if textual {
        (json!({"type": "string"}), "read as text".into())
    } else {
        (json!({"type": "string", "format": "binary"}), "read as bytes".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run_on(mut doc: Value) -> (Value, Vec<String>) {
        let mut report = Report::default();
        run(&mut doc, Path::new("t.yaml"), &mut report).expect("runs");
        (doc, report.changes.iter().map(|c| c.what.clone()).collect())
    }

    #[test]
    fn schemas_from_examples_or_from_the_media_type() {
        let (doc, changes) = run_on(json!({
            "paths": {"/a": {"post": {
                "requestBody": {"content": {"application/json": {"examples": {
                    "one": {"value": {"name": "x", "size": 1}},
                    "two": {"$ref": "#/components/examples/Two"}
                }}}},
                "responses": {
                    "200": {"content": {
                        "application/json": {"example": {"id": 7, "tags": ["a"]}},
                        "text/csv": {"example": "a,b"},
                        "application/pdf": {},
                        "application/xml": {"schema": {"type": "string"}}
                    }},
                    "204": {"description": "none"}
                }
            }}},
            "components": {"examples": {"Two": {"value": {"name": "y"}}}}
        }));
        let op = &doc["paths"]["/a"]["post"];
        let request = &op["requestBody"]["content"]["application/json"]["schema"];
        assert_eq!(request["properties"]["size"]["type"], "integer");
        assert_eq!(request["required"], json!(["name"]), "only the key every example has");
        let response = &op["responses"]["200"]["content"];
        assert_eq!(response["application/json"]["schema"]["properties"]["tags"]["items"]["type"], "string");
        assert!(response["application/json"]["schema"].get("required").is_none(), "no response key is required");
        assert_eq!(response["text/csv"]["schema"], json!({"type": "string"}));
        assert_eq!(response["application/pdf"]["schema"], json!({"type": "string", "format": "binary"}));
        assert_eq!(response["application/xml"]["schema"], json!({"type": "string"}), "a schema given is kept");
        assert_eq!(changes.len(), 4, "{changes:?}");
        assert!(changes[0].contains("inferred from 2 example(s)"), "{changes:?}");
    }
}
