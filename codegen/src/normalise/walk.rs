//! Walking the schema objects of an OpenAPI document.
//!
//! Schemas sit in many places (components, parameters, media types, nested under properties,
//! items, compositions). [`for_each_schema`] visits every one, depth first, with its JSON pointer,
//! and never descends into example data or extensions, which may look like schemas but are not.

use serde_json::Value;

use crate::diag::pointer_push;

/// Keys whose values are single schemas, inside a schema.
const SCHEMA_KEYS: &[&str] = &["items", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"];
/// Keys whose values are arrays of schemas, inside a schema.
const SCHEMA_LIST_KEYS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems"];
/// Keys whose values map names to schemas, inside a schema.
const SCHEMA_MAP_KEYS: &[&str] = &["properties", "patternProperties", "$defs", "definitions"];

/// Calls `visit(schema, pointer)` for every schema object in `doc`, parents before children.
pub fn for_each_schema(doc: &mut Value, visit: &mut dyn FnMut(&mut Value, &str)) {
    find_schemas(doc, "", visit);
}

/// Finds schema roots outside schemas: any value under a `schema` key, and `components/schemas`.
fn find_schemas(node: &mut Value, pointer: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    match node {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                let child_ptr = pointer_push(pointer, key);
                if key.starts_with("x-") || key == "example" || key == "examples" || key == "default" {
                    continue;
                }
                if key == "schema" {
                    schema(child, &child_ptr, visit);
                } else if key == "schemas" && pointer == "/components" {
                    if let Value::Object(schemas) = child {
                        for (name, s) in schemas.iter_mut() {
                            schema(s, &pointer_push(&child_ptr, name), visit);
                        }
                    }
                } else {
                    find_schemas(child, &child_ptr, visit);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                find_schemas(child, &pointer_push(pointer, &i.to_string()), visit);
            }
        }
        _ => {}
    }
}

/// Visits one schema and its sub-schemas.
fn schema(node: &mut Value, pointer: &str, visit: &mut dyn FnMut(&mut Value, &str)) {
    if !node.is_object() {
        return;
    }
    visit(node, pointer);
    let Value::Object(map) = node else { return };
    for (key, child) in map.iter_mut() {
        let child_ptr = pointer_push(pointer, key);
        if SCHEMA_KEYS.contains(&key.as_str()) {
            schema(child, &child_ptr, visit);
        } else if SCHEMA_LIST_KEYS.contains(&key.as_str()) {
            if let Value::Array(items) = child {
                for (i, item) in items.iter_mut().enumerate() {
                    schema(item, &pointer_push(&child_ptr, &i.to_string()), visit);
                }
            }
        } else if SCHEMA_MAP_KEYS.contains(&key.as_str()) {
            if let Value::Object(entries) = child {
                for (name, item) in entries.iter_mut() {
                    schema(item, &pointer_push(&child_ptr, name), visit);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_nested_schemas_but_not_examples() {
        let mut doc = serde_json::json!({
            "components": {"schemas": {"A": {"properties": {"b": {"items": {"type": "string"}}},
                                             "example": {"type": "not-a-schema"}}}},
            "paths": {"/x": {"get": {"parameters": [{"schema": {"type": "integer"}}]}}}
        });
        let mut seen = Vec::new();
        for_each_schema(&mut doc, &mut |_, p| seen.push(p.to_string()));
        assert_eq!(
            seen,
            [
                "/components/schemas/A",
                "/components/schemas/A/properties/b",
                "/components/schemas/A/properties/b/items",
                "/paths/~1x/get/parameters/0/schema"
            ]
        );
    }
}
