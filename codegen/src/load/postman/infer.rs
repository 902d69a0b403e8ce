//! JSON Schema inference from example bodies.
//!
//! Postman collections carry no types, only example values. [`Shape`] accumulates what a set of
//! example values shows about one position in a document, and [`Shape::to_schema`] renders it as
//! an OpenAPI 3.0 schema. The rules (also in `docs/postman.md`):
//!
//! - integers stay `integer` (with `format: int64` when a value does not fit in 32 bits); an
//!   integer merged with a fraction becomes `number`;
//! - a placeholder (`""`, `"<string>"`, `"<integer>"`, a lone `{{variable}}`, …; see
//!   [`super::placeholder`]) is not a value: one that names a type gives that type, one that names
//!   none gives nothing, so a position seen only with such placeholders is the unconstrained schema
//!   (free-form JSON), marked with [`PLACEHOLDER_MARK`]; a real value elsewhere decides the type;
//! - `true`/`false` is a `boolean`, any other string a `string`;
//! - `null` makes the schema `nullable`; a position that is only ever `null` is `{nullable: true}`;
//! - `{}` is a free-form object (`type: object`, no `properties`);
//! - with [`Required::SeenInEvery`] (request bodies) a key present in every object seen at that
//!   position is `required`; with [`Required::Never`] (responses) no key is: a server may leave out
//!   any key an example happened to show;
//! - the items of all arrays seen at one position are merged into one `items` schema;
//! - values of different kinds at one position give the unconstrained schema `{}`.

use serde_json::{json, Map, Value};

use super::placeholder::{classify, Placeholder};

/// Which keys of an inferred object schema are `required`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    /// A key present in every object seen at a position (request bodies: what the author sends).
    SeenInEvery,
    /// None (responses: a client must not fail because the server omitted a key).
    Never,
}

/// The extension that marks a schema inferred only from placeholders that name no type. The
/// `untyped-placeholders` normalisation pass counts the marked schemas that no overlay typed,
/// warns once with the count, and removes the marker.
pub const PLACEHOLDER_MARK: &str = "x-from-placeholders";

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
    /// The `format` of each string seen (`None` for a real string or `<string>`), deduplicated.
    string_formats: Vec<Option<&'static str>>,
    /// Whether a placeholder that names no type was seen.
    placeholder: bool,
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
            Value::String(text) => match classify(text) {
                None => self.add_string(None),
                Some(Placeholder::Untyped) => self.placeholder = true,
                Some(Placeholder::Typed(kind, format)) => self.add_typed(kind, format),
            },
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

    fn add_string(&mut self, format: Option<&'static str>) {
        self.seen += 1;
        self.string = true;
        if !self.string_formats.contains(&format) {
            self.string_formats.push(format);
        }
    }

    /// Records a placeholder that names `kind` (and `format`).
    fn add_typed(&mut self, kind: &str, format: Option<&'static str>) {
        match kind {
            "integer" => {
                self.seen += 1;
                let wide = format == Some("int64");
                self.integer = Some(self.integer.unwrap_or(false) || wide);
            }
            "number" => {
                self.seen += 1;
                self.number = true;
            }
            "boolean" => {
                self.seen += 1;
                self.boolean = true;
            }
            "object" => {
                self.seen += 1;
                self.objects += 1;
            }
            _ => self.add_string(format),
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

    /// Renders the shape as an OpenAPI 3.0 schema (keys in a fixed order), marking keys
    /// `required` as `required` says. A position seen only with placeholders that name no type
    /// is the unconstrained schema with [`PLACEHOLDER_MARK`].
    pub fn to_schema(&self, required: Required) -> Value {
        self.render(0, required)
    }

    fn render(&self, depth: usize, required: Required) -> Value {
        let mut schema = Map::new();
        if self.kinds() == 0 && self.placeholder {
            schema.insert(PLACEHOLDER_MARK.into(), json!(true));
        }
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
                if let [Some(format)] = self.string_formats.as_slice() {
                    schema.insert("format".into(), json!(format));
                }
            } else if let Some(items) = &self.array {
                schema.insert("type".into(), json!("array"));
                schema.insert("items".into(), items.render(depth + 1, required));
            } else {
                schema.insert("type".into(), json!("object"));
                self.render_properties(&mut schema, depth, required);
            }
        }
        if self.null {
            schema.insert("nullable".into(), json!(true));
        }
        Value::Object(schema)
    }

    fn render_properties(
        &self,
        schema: &mut Map<String, Value>,
        depth: usize,
        required: Required,
    ) {
        if self.properties.is_empty() {
            return;
        }
        let properties: Map<String, Value> = self
            .properties
            .iter()
            .map(|(k, shape, _)| (k.clone(), shape.render(depth + 1, required)))
            .collect();
        schema.insert("properties".into(), Value::Object(properties));
        if required == Required::Never {
            return;
        }
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
/// `-?[0-9]+` (without a leading zero), `number` for a decimal fraction, `boolean` for `true`/`false`, else `string`.
pub fn scalar_type(text: &str) -> &'static str {
    let digits = text.strip_prefix('-').unwrap_or(text);
    // A leading zero (`0163…`, a phone number or a code) is text the number would lose.
    let leading_zero = digits.len() > 1 && digits.starts_with('0');
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits.len() <= 18 && !leading_zero {
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

/// The schema of a scalar written as text (a parameter or form-field value) and, when the text
/// is a literal, its typed value (for `default`s and `example`s). A placeholder that names a
/// type gives that type (an `<object>` stand-in, which text cannot carry, a `string`); one that
/// names none, text containing a `{{variable}}`, or no text at all give `string`, as every
/// parameter travels as text; a literal is typed by [`scalar_type`].
pub fn text_schema(text: Option<&str>) -> (Map<String, Value>, Option<Value>) {
    let mut schema = Map::new();
    let literal = match text.map(|t| (t, classify(t))) {
        Some((_, Some(Placeholder::Typed(kind, format)))) => {
            let kind = if kind == "object" { "string" } else { kind };
            schema.insert("type".into(), json!(kind));
            if let Some(format) = format.filter(|_| kind == "string" || kind == "integer") {
                schema.insert("format".into(), json!(format));
            }
            None
        }
        Some((t, None)) if super::text::variable_refs(t).is_empty() && !t.contains("{{") => {
            schema.insert("type".into(), json!(scalar_type(t)));
            Some(scalar_value(t))
        }
        _ => {
            schema.insert("type".into(), json!("string"));
            None
        }
    };
    (schema, literal)
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

    /// Infers one request-body schema (keys seen in every example required) from several values.
    fn infer_all<'a>(values: impl IntoIterator<Item = &'a Value>) -> Value {
        infer_counting(values, Required::SeenInEvery).0
    }

    /// Infers one schema with `required` and returns it with the number of positions marked as
    /// seen only with placeholders.
    fn infer_counting<'a>(
        values: impl IntoIterator<Item = &'a Value>,
        required: Required,
    ) -> (Value, usize) {
        let mut shape = Shape::default();
        for value in values {
            shape.add(value, 0);
        }
        let schema = shape.to_schema(required);
        let marks = schema.to_string().matches(PLACEHOLDER_MARK).count();
        (schema, marks)
    }

    fn one(value: &Value) -> Value {
        infer_all([value])
    }

    #[test]
    fn merges_examples_and_marks_required() {
        let a = json!({"id": 1, "name": "Ann", "tags": [], "meta": {}});
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
    fn response_keys_are_never_required() {
        let a = json!({"id": 1, "item": {"name": "x"}});
        let (schema, _) = infer_counting([&a, &a], Required::Never);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "id": {"type": "integer"},
                "item": {"type": "object", "properties": {"name": {"type": "string"}}}
            }})
        );
    }

    #[test]
    fn array_items_are_merged() {
        let v = json!([{"a": 1}, {"a": 1.5, "b": true}]);
        assert_eq!(
            one(&v),
            json!({"type": "array", "items": {
                "type": "object",
                "properties": {"a": {"type": "number"}, "b": {"type": "boolean"}},
                "required": ["a"]
            }})
        );
    }

    #[test]
    fn wide_integers_and_mixed_kinds() {
        assert_eq!(one(&json!(5_000_000_000_i64)), json!({"type": "integer", "format": "int64"}));
        assert_eq!(infer_all([&json!(1), &json!("x")]), json!({}));
        assert_eq!(
            infer_all([&json!("x"), &Value::Null]),
            json!({"type": "string", "nullable": true})
        );
    }

    #[test]
    fn empty_string_is_a_placeholder_without_type() {
        let (schema, untyped) =
            infer_counting([&json!({"id": "", "tags": ["", ""]})], Required::Never);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "id": {PLACEHOLDER_MARK: true},
                "tags": {"type": "array", "items": {PLACEHOLDER_MARK: true}}
            }})
        );
        assert_eq!(untyped, 2, "`id` and the items of `tags`");
        let (schema, untyped) = infer_counting([&json!(""), &Value::Null], Required::Never);
        assert_eq!((schema, untyped), (json!({PLACEHOLDER_MARK: true, "nullable": true}), 1));
    }

    #[test]
    fn variable_placeholder_gives_no_type() {
        let (schema, untyped) = infer_counting([&json!({"token": "{{token}}"})], Required::Never);
        assert_eq!(schema["properties"]["token"], json!({PLACEHOLDER_MARK: true}));
        assert_eq!(untyped, 1);
    }

    #[test]
    fn typed_placeholders_give_their_type() {
        let value = json!({"n": "<integer>", "big": "<long>", "s": "<string>", "when": "<dateTime>",
            "ok": "<boolean>", "x": "<number>", "id": "<uuid>"});
        let (schema, untyped) = infer_counting([&value], Required::Never);
        assert_eq!(
            schema["properties"],
            json!({
                "n": {"type": "integer"},
                "big": {"type": "integer", "format": "int64"},
                "s": {"type": "string"},
                "when": {"type": "string", "format": "date-time"},
                "ok": {"type": "boolean"},
                "x": {"type": "number"},
                "id": {"type": "string", "format": "uuid"}
            })
        );
        assert_eq!(untyped, 0);
    }

    #[test]
    fn a_real_value_in_another_example_decides_the_type() {
        let a = json!({"id": "", "name": "<string>", "when": "<dateTime>"});
        let b = json!({"id": 7, "name": "Ann", "when": "2024-01-01T00:00:00Z"});
        let (schema, untyped) = infer_counting([&a, &b], Required::SeenInEvery);
        assert_eq!(
            schema,
            json!({"type": "object", "properties": {
                "id": {"type": "integer"},
                "name": {"type": "string"},
                "when": {"type": "string"}
            }, "required": ["id", "name", "when"]})
        );
        assert_eq!(untyped, 0);
        // A typed placeholder and an untyped one: the typed one wins.
        assert_eq!(infer_all([&json!("<integer>"), &json!("")]), json!({"type": "integer"}));
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

    #[test]
    fn text_schemas_follow_the_placeholder_rule() {
        assert_eq!(text_schema(Some("50")), (json!({"type": "integer"}).as_object().cloned().unwrap_or_default(), Some(json!(50))));
        assert_eq!(text_schema(Some("<integer>")).1, None);
        assert_eq!(Value::Object(text_schema(Some("<integer>")).0), json!({"type": "integer"}));
        assert_eq!(Value::Object(text_schema(Some("")).0), json!({"type": "string"}));
        assert_eq!(Value::Object(text_schema(Some("{{id}}")).0), json!({"type": "string"}));
        assert_eq!(Value::Object(text_schema(None).0), json!({"type": "string"}));
    }
}
