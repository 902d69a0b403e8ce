//! JSON Schema inference from example bodies.
//!
//! Postman collections carry no types, only example values. [`Shape`] accumulates what a set of
//! example values shows about one position in a document, and [`Shape::to_schema`] renders it as
//! an OpenAPI 3.0 schema. The rules (also in `docs/postman.md`):
//!
//! - integers stay `integer` (with `format: int64` when a value does not fit in 32 bits); an
//!   integer merged with a fraction becomes `number`;
//! - `""` is a `string`, `true`/`false` a `boolean`;
//! - `null` makes the schema `nullable`; a position that is only ever `null` is `{nullable: true}`;
//! - `{}` is a free-form object (`type: object`, no `properties`);
//! - a key present in every object seen at that position is `required`;
//! - the items of all arrays seen at one position are merged into one `items` schema;
//! - values of different kinds at one position give the unconstrained schema `{}`.

use serde_json::{json, Map, Value};

/// Deeper than this, positions are rendered as the unconstrained schema `{}`.
const MAX_DEPTH: usize = 64;

/// What the examples seen so far show about one position of a JSON document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// How many non-null values were seen.
    seen: usize,
    /// Whether `null` was seen.
    null: bool,
    /// Whether a boolean was seen.
    boolean: bool,
    /// Whether an integer was seen, and whether one of them needs 64 bits.
    integer: Option<bool>,
    /// Whether a number with a fraction was seen.
    number: bool,
    /// Whether a string was seen.
    string: bool,
    /// Whether an array was seen, with the merged shape of all of their items.
    array: Option<Box<Shape>>,
    /// How many objects were seen.
    objects: usize,
    /// The properties of all objects seen, in order of first appearance, with how many objects
    /// had each.
    properties: Vec<(String, Shape, usize)>,
}

impl Shape {
    /// The shape of a single example value.
    pub fn of(value: &Value) -> Shape {
        let mut shape = Shape::default();
        shape.add(value, 0);
        shape
    }

    /// Records one more example `value` at this position.
    pub fn add(&mut self, value: &Value, depth: usize) {
        if depth > MAX_DEPTH {
            // Record the kind only, so the position renders as `{}` or a bare type.
            self.seen += 1;
            return;
        }
        match value {
            Value::Null => self.null = true,
            Value::Bool(_) => {
                self.seen += 1;
                self.boolean = true;
            }
            Value::Number(n) => {
                self.seen += 1;
                if let Some(i) = n.as_i64() {
                    let wide = i32::try_from(i).is_err();
                    self.integer = Some(self.integer.unwrap_or(false) || wide);
                } else if n.as_u64().is_some() {
                    self.integer = Some(true);
                } else {
                    self.number = true;
                }
            }
            Value::String(_) => {
                self.seen += 1;
                self.string = true;
            }
            Value::Array(items) => {
                self.seen += 1;
                let merged = self.array.get_or_insert_with(Box::default);
                for item in items {
                    merged.add(item, depth + 1);
                }
            }
            Value::Object(map) => {
                self.seen += 1;
                self.objects += 1;
                for (key, v) in map {
                    if let Some(entry) = self.properties.iter_mut().find(|(k, _, _)| k == key) {
                        entry.1.add(v, depth + 1);
                        entry.2 += 1;
                    } else {
                        let mut shape = Shape::default();
                        shape.add(v, depth + 1);
                        self.properties.push((key.clone(), shape, 1));
                    }
                }
            }
        }
    }

    /// The number of distinct JSON kinds seen (integer and number count as one).
    fn kinds(&self) -> usize {
        [
            self.boolean,
            self.integer.is_some() || self.number,
            self.string,
            self.array.is_some(),
            self.objects > 0,
        ]
        .iter()
        .filter(|k| **k)
        .count()
    }

    /// Renders the shape as an OpenAPI 3.0 schema (keys in a fixed order).
    pub fn to_schema(&self) -> Value {
        self.render(0)
    }

    fn render(&self, depth: usize) -> Value {
        let mut schema = Map::new();
        if self.kinds() == 1 && depth <= MAX_DEPTH {
            if self.boolean {
                schema.insert("type".into(), json!("boolean"));
            } else if self.number {
                schema.insert("type".into(), json!("number"));
            } else if let Some(wide) = self.integer {
                schema.insert("type".into(), json!("integer"));
                if wide {
                    schema.insert("format".into(), json!("int64"));
                }
            } else if self.string {
                schema.insert("type".into(), json!("string"));
            } else if let Some(items) = &self.array {
                schema.insert("type".into(), json!("array"));
                schema.insert("items".into(), items.render(depth + 1));
            } else {
                schema.insert("type".into(), json!("object"));
                self.render_properties(&mut schema, depth);
            }
        }
        if self.null {
            schema.insert("nullable".into(), json!(true));
        }
        Value::Object(schema)
    }

    fn render_properties(&self, schema: &mut Map<String, Value>, depth: usize) {
        if self.properties.is_empty() {
            return;
        }
        let properties: Map<String, Value> = self
            .properties
            .iter()
            .map(|(k, shape, _)| (k.clone(), shape.render(depth + 1)))
            .collect();
        schema.insert("properties".into(), Value::Object(properties));
        let required: Vec<Value> = self
            .properties
            .iter()
            .filter(|(_, _, count)| *count == self.objects)
            .map(|(k, _, _)| json!(k))
            .collect();
        if !required.is_empty() {
            schema.insert("required".into(), Value::Array(required));
        }
    }
}

/// Infers the schema of a scalar written as text (a query value, a form field): `integer` for
/// `-?[0-9]+`, `number` for a decimal fraction, `boolean` for `true`/`false`, else `string`.
pub fn scalar_type(text: &str) -> &'static str {
    let digits = text.strip_prefix('-').unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() <= 18 {
        "integer"
    } else if text == "true" || text == "false" {
        "boolean"
    } else if is_decimal(digits) {
        "number"
    } else {
        "string"
    }
}

fn is_decimal(text: &str) -> bool {
    match text.split_once('.') {
        Some((int, frac)) => {
            !int.is_empty()
                && !frac.is_empty()
                && int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The typed JSON value of `text` under [`scalar_type`] (for `default`s and `example`s).
pub fn scalar_value(text: &str) -> Value {
    match scalar_type(text) {
        "integer" => text.parse::<i64>().map(Value::from).unwrap_or_else(|_| json!(text)),
        "number" => text
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or_else(|| json!(text), Value::Number),
        "boolean" => json!(text == "true"),
        _ => json!(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Infers one schema from several example values.
    fn infer_all<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
        let mut shape = Shape::default();
        for value in values {
            shape.add(value, 0);
        }
        shape.to_schema()
    }

    #[test]
    fn merges_examples_and_marks_required() {
        let a = json!({"id": 1, "name": "", "tags": [], "meta": {}});
        let b = json!({"id": 2, "tags": ["x"], "meta": {}, "score": null});
        let schema = infer_all([&a, &b]);
        assert_eq!(
            schema,
            json!({
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "meta": {"type": "object"},
                    "score": {"nullable": true}
                },
                "required": ["id", "tags", "meta"]
            })
        );
    }

    #[test]
    fn array_items_are_merged() {
        let v = json!([{"a": 1}, {"a": 1.5, "b": true}]);
        assert_eq!(
            Shape::of(&v).to_schema(),
            json!({"type": "array", "items": {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "boolean"}},
                "required": ["a"]
            }})
        );
    }

    #[test]
    fn wide_integers_and_mixed_kinds() {
        assert_eq!(
            Shape::of(&json!(5_000_000_000_i64)).to_schema(),
            json!({"type": "integer", "format": "int64"})
        );
        assert_eq!(infer_all([&json!(1), &json!("x")]), json!({}));
        assert_eq!(
            infer_all([&json!("x"), &Value::Null]),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn scalars_from_text() {
        assert_eq!(scalar_type("50"), "integer");
        assert_eq!(scalar_type("-3"), "integer");
        assert_eq!(scalar_type("1.5"), "number");
        assert_eq!(scalar_type("true"), "boolean");
        assert_eq!(scalar_type(""), "string");
        assert_eq!(scalar_type("1e5x"), "string");
        assert_eq!(scalar_value("50"), json!(50));
        assert_eq!(scalar_value("false"), json!(false));
    }
}
