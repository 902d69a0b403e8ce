//! Walking example values alongside the schemas that describe them.
//!
//! Examples sit in two places: media types and parameters (`example`, or `examples/<name>/value`,
//! possibly behind a `$ref` to `components/examples`), and schemas (`example`). [`for_each_example`]
//! pairs every example value, and every value nested in it, with the schema that describes it,
//! following `$ref`s and merging the properties of `allOf` members into one [`Shape`]. Read-only
//! passes (integer detection, example drift) are built on it.
//!
//! The walk stops where the schema cannot tell which branch applies (`oneOf`/`anyOf`) and where an
//! example key has no property: such values are not paired with anything.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::diag::pointer_push;
use crate::normalise::refs::resolve;
use crate::normalise::walk::for_each_schema;

/// How many `$ref`/`allOf` hops the walk follows before giving up (guards against cycles).
const MAX_DEPTH: usize = 32;

/// One example value and where it is.
#[derive(Debug, Clone, Copy)]
pub struct Sample<'a, 'p> {
    /// The example value (or a value nested in one).
    pub value: &'a Value,
    /// Its JSON pointer in the document.
    pub pointer: &'p str,
}

/// A schema as the walk sees it: `$ref`s followed, `allOf` properties merged.
#[derive(Debug, Clone)]
pub struct Shape<'a> {
    /// The pointer of the schema node after following `$ref`s.
    pub pointer: String,
    /// The nearest schema (itself, then `allOf` members in order) that declares a `type`, with its
    /// pointer.
    pub typed: Option<(&'a Value, String)>,
    /// Declared properties, own first, then those of `allOf` members: name, schema, pointer.
    pub properties: Vec<(String, &'a Value, String)>,
    /// Required property names, merged.
    pub required: BTreeSet<String>,
    /// True when keys beyond `properties` are expected: `additionalProperties` is given and not
    /// `false`, or `oneOf`/`anyOf` make the shape undecidable.
    pub open: bool,
    /// The `items` schema, with its pointer.
    pub items: Option<(&'a Value, String)>,
    /// True when the schema (or an `allOf` member) says `nullable: true`.
    pub nullable: bool,
}

impl<'a> Shape<'a> {
    /// The schema and pointer of property `name`, or of the property that accepts `name` as
    /// another spelling (`x-aliases`).
    pub fn property(&self, name: &str) -> Option<(&'a Value, &str)> {
        let found = self.properties.iter().find(|(n, _, _)| n == name);
        found
            .or_else(|| self.properties.iter().find(|(_, schema, _)| accepts_alias(schema, name)))
            .map(|(_, s, p)| (*s, p.as_str()))
    }

    /// Whether `object` holds property `name` under its own name or one of its `x-aliases`.
    pub fn has(&self, object: &serde_json::Map<String, Value>, name: &str) -> bool {
        object.contains_key(name)
            || self
                .properties
                .iter()
                .find(|(n, _, _)| n == name)
                .is_some_and(|(_, schema, _)| object.keys().any(|k| accepts_alias(schema, k)))
    }
}

/// Whether the property schema `schema` lists `name` in `x-aliases` (a string or a list).
fn accepts_alias(schema: &Value, name: &str) -> bool {
    match schema.get("x-aliases") {
        Some(Value::Array(names)) => names.iter().any(|n| n.as_str() == Some(name)),
        Some(Value::String(alias)) => alias == name,
        _ => false,
    }
}

/// Builds the shape of `schema` (at `pointer`), or `None` when a `$ref` cannot be followed.
pub fn shape<'a>(root: &'a Value, schema: &'a Value, pointer: &str) -> Option<Shape<'a>> {
    let (schema, pointer) = follow(root, schema, pointer)?;
    let mut shape = Shape {
        pointer: pointer.clone(),
        typed: None,
        properties: Vec::new(),
        required: BTreeSet::new(),
        open: false,
        items: None,
        nullable: false,
    };
    merge(root, schema, &pointer, &mut shape, 0);
    Some(shape)
}

/// Follows a chain of `$ref`s from `schema`; returns the target and its pointer.
fn follow<'a>(root: &'a Value, mut schema: &'a Value, pointer: &str) -> Option<(&'a Value, String)> {
    let mut pointer = pointer.to_string();
    for _ in 0..MAX_DEPTH {
        let Some(reference) = schema.get("$ref").and_then(Value::as_str) else { return Some((schema, pointer)) };
        schema = resolve(root, reference).ok()?;
        pointer = reference.trim_start_matches('#').to_string();
    }
    None
}

/// Adds what `schema` declares to `shape`, then what its `allOf` members declare.
fn merge<'a>(root: &'a Value, schema: &'a Value, pointer: &str, shape: &mut Shape<'a>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    if shape.typed.is_none() && schema.get("type").is_some() {
        shape.typed = Some((schema, pointer.to_string()));
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let props_ptr = pointer_push(pointer, "properties");
        for (name, prop) in props {
            if !shape.properties.iter().any(|(n, _, _)| n == name) {
                shape.properties.push((name.clone(), prop, pointer_push(&props_ptr, name)));
            }
        }
    }
    if let Some(required) = schema.get("required").and_then(Value::as_array) {
        shape.required.extend(required.iter().filter_map(Value::as_str).map(str::to_string));
    }
    if schema.get("additionalProperties").is_some_and(|a| a != &Value::Bool(false))
        || schema.get("oneOf").is_some()
        || schema.get("anyOf").is_some()
    {
        shape.open = true;
    }
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        shape.nullable = true;
    }
    if shape.items.is_none() {
        if let Some(items) = schema.get("items") {
            shape.items = Some((items, pointer_push(pointer, "items")));
        }
    }
    let Some(members) = schema.get("allOf").and_then(Value::as_array) else { return };
    let all_of = pointer_push(pointer, "allOf");
    for (i, member) in members.iter().enumerate() {
        if let Some((member, member_ptr)) = follow(root, member, &pointer_push(&all_of, &i.to_string())) {
            merge(root, member, &member_ptr, shape, depth + 1);
        }
    }
}

/// Calls `visit` for every example value in `doc` (and every value nested in one) that a schema
/// describes, with that schema's [`Shape`]. Media-type and parameter examples come first, in
/// document order, then schema-level `example`s.
pub fn for_each_example<'a>(doc: &'a Value, visit: &mut dyn FnMut(Sample<'a, '_>, &Shape<'a>)) {
    let mut pairs: Vec<(&'a Value, String, &'a Value, String)> = Vec::new();
    find_media_examples(doc, doc, "", &mut pairs);
    let mut scratch = doc.clone();
    let mut with_example = Vec::new();
    for_each_schema(&mut scratch, &mut |schema, pointer| {
        if schema.get("example").is_some() {
            with_example.push(pointer.to_string());
        }
    });
    for pointer in with_example {
        let Some(schema) = doc.pointer(&pointer) else { continue };
        let Some(example) = schema.get("example") else { continue };
        pairs.push((example, pointer_push(&pointer, "example"), schema, pointer));
    }
    for (value, value_ptr, schema, schema_ptr) in pairs {
        pair(doc, value, &value_ptr, schema, &schema_ptr, visit, 0);
    }
}

/// Collects (example, pointer, schema, pointer) for every object with a `schema` and examples.
fn find_media_examples<'a>(
    root: &'a Value,
    node: &'a Value,
    pointer: &str,
    out: &mut Vec<(&'a Value, String, &'a Value, String)>,
) {
    match node {
        Value::Object(map) => {
            if let Some(schema) = map.get("schema") {
                let schema_ptr = pointer_push(pointer, "schema");
                if let Some(example) = map.get("example") {
                    out.push((example, pointer_push(pointer, "example"), schema, schema_ptr.clone()));
                }
                let examples = map.get("examples").and_then(Value::as_object).into_iter().flatten();
                for (name, example) in examples {
                    let mut at = pointer_push(&pointer_push(pointer, "examples"), name);
                    let mut example = example;
                    if let Some(reference) = example.get("$ref").and_then(Value::as_str) {
                        let Ok(target) = resolve(root, reference) else { continue };
                        example = target;
                        at = reference.trim_start_matches('#').to_string();
                    }
                    if let Some(value) = example.get("value") {
                        out.push((value, pointer_push(&at, "value"), schema, schema_ptr.clone()));
                    }
                }
            }
            for (key, child) in map {
                let skip = key.starts_with("x-") || matches!(key.as_str(), "schema" | "example" | "examples");
                let component_schemas = pointer == "/components" && key == "schemas";
                if !skip && !component_schemas {
                    find_media_examples(root, child, &pointer_push(pointer, key), out);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                find_media_examples(root, child, &pointer_push(pointer, &i.to_string()), out);
            }
        }
        _ => {}
    }
}

/// Visits `value` with the shape of `schema`, then its properties and items.
fn pair<'a>(
    root: &'a Value,
    value: &'a Value,
    value_ptr: &str,
    schema: &'a Value,
    schema_ptr: &str,
    visit: &mut dyn FnMut(Sample<'a, '_>, &Shape<'a>),
    depth: usize,
) {
    if depth > MAX_DEPTH {
        return;
    }
    let Some(shape) = shape(root, schema, schema_ptr) else { return };
    visit(Sample { value, pointer: value_ptr }, &shape);
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if let Some((prop, prop_ptr)) = shape.property(key) {
                    pair(root, child, &pointer_push(value_ptr, key), prop, prop_ptr, visit, depth + 1);
                }
            }
        }
        Value::Array(elements) => {
            let Some((items, items_ptr)) = &shape.items else { return };
            for (i, child) in elements.iter().enumerate() {
                pair(root, child, &pointer_push(value_ptr, &i.to_string()), items, items_ptr, visit, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn visits(doc: &Value) -> Vec<(String, String)> {
        let mut seen = Vec::new();
        for_each_example(doc, &mut |sample, shape| seen.push((sample.pointer.to_string(), shape.pointer.clone())));
        seen
    }

    #[test]
    fn pairs_media_and_schema_examples_through_refs_and_all_of() {
        let doc = json!({
            "paths": {"/x": {"get": {"responses": {"200": {"content": {"application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/A"}},
                "examples": {"one": {"$ref": "#/components/examples/E"}}
            }}}}}}},
            "components": {
                "examples": {"E": {"value": [{"n": 1, "b": {"m": 2}, "zz": 3}]}},
                "schemas": {
                    "A": {"allOf": [{"$ref": "#/components/schemas/B"}], "properties": {"n": {"type": "number"}}},
                    "B": {"type": "object", "properties": {"b": {"properties": {"m": {"type": "integer", "example": 4}}}}}
                }
            }
        });
        assert_eq!(
            visits(&doc),
            [
                ("/components/examples/E/value", "/paths/~1x/get/responses/200/content/application~1json/schema"),
                ("/components/examples/E/value/0", "/components/schemas/A"),
                ("/components/examples/E/value/0/n", "/components/schemas/A/properties/n"),
                ("/components/examples/E/value/0/b", "/components/schemas/B/properties/b"),
                ("/components/examples/E/value/0/b/m", "/components/schemas/B/properties/b/properties/m"),
                ("/components/schemas/B/properties/b/properties/m/example", "/components/schemas/B/properties/b/properties/m"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
    }

    #[test]
    fn shape_merges_and_types() {
        let doc = json!({"components": {"schemas": {
            "A": {"description": "d", "allOf": [{"$ref": "#/components/schemas/N"}], "required": ["x"]},
            "N": {"type": "number", "nullable": true, "oneOf": []}
        }}});
        let a = &doc["components"]["schemas"]["A"];
        let shape = shape(&doc, a, "/components/schemas/A").unwrap();
        assert_eq!(shape.typed.map(|(_, p)| p), Some("/components/schemas/N".to_string()));
        assert!(shape.nullable && shape.open);
        assert_eq!(shape.required.into_iter().collect::<Vec<_>>(), ["x"]);
    }
}
