//! Request bodies: Postman `body` → OpenAPI `requestBody`.
//!
//! | `mode` | media type | schema |
//! |---|---|---|
//! | `raw` (JSON) | `Content-Type` header, else `options.raw.language`, else `application/json` if it parses | inferred from the body, which is also the `example` |
//! | `raw` (other) | as above, else `text/plain` | `string` |
//! | `urlencoded` | `application/x-www-form-urlencoded` | object, one property per field |
//! | `formdata` | `multipart/form-data` | object; `file` fields are `string`/`binary` |
//! | `file` | `application/octet-stream` | `string`/`binary` |
//! | `graphql` | `application/json` | `{query, variables}`: the collection's query is the documented `default` of `query`, `variables` is typed from the example variables (free-form when there are none) |
//!
//! A raw body that claims JSON but does not parse (after removing comments and reading
//! `{{variables}}` written as values) is a warning and becomes a `string` sent as written, with
//! its declared media type (`x-raw-text`).

use serde_json::{json, Map, Value};

use super::infer::{text_schema, Required, Shape};
use super::placeholder::only_placeholders;
use super::params::{header_value, Header};
use super::text::{description, scalar_text, strip_required, variable_refs};
use crate::diag::{Location, Warnings};

/// The `requestBody` of a request whose `body` member is `body` (at `loc`), or `None` when the
/// request has no (enabled, non-empty) body.
pub fn request_body(
    body: Option<&Value>,
    headers: &[Header],
    loc: &Location,
    warnings: &mut Warnings,
) -> Option<Value> {
    let body = body?.as_object()?;
    if body.get("disabled").and_then(Value::as_bool) == Some(true) {
        return None;
    }
    let declared = header_value(headers, "content-type").map(media_type).filter(|m| !m.is_empty());
    let mode = body.get("mode").and_then(Value::as_str).unwrap_or("raw");
    let (media, media_object) = match mode {
        "raw" => raw(body, declared, loc, warnings)?,
        "urlencoded" => {
            ("application/x-www-form-urlencoded".to_string(), form(body.get("urlencoded"))?)
        }
        "formdata" => ("multipart/form-data".to_string(), form(body.get("formdata"))?),
        "file" => (
            declared.unwrap_or_else(|| "application/octet-stream".into()),
            json!({"schema": {"type": "string", "format": "binary"}}),
        ),
        "graphql" => ("application/json".to_string(), graphql(body.get("graphql"), loc, warnings)),
        other => {
            warnings.push(
                loc.child("mode"),
                format!("unknown body mode `{other}`: the request body is left out"),
            );
            return None;
        }
    };
    let mut content = Map::new();
    content.insert(media, media_object);
    Some(json!({"required": true, "content": content}))
}

/// The media type of a `Content-Type` value, without parameters, in lower case.
pub fn media_type(value: &str) -> String {
    value.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether `media` is a JSON media type (`application/json`, `…+json`).
pub fn is_json(media: &str) -> bool {
    media == "application/json" || media.ends_with("+json")
}

/// The media type a Postman `language` (`options.raw.language`, `_postman_previewlanguage`)
/// stands for.
pub fn language_media_type(language: &str) -> Option<&'static str> {
    match language {
        "json" => Some("application/json"),
        "xml" => Some("application/xml"),
        "html" => Some("text/html"),
        "javascript" => Some("application/javascript"),
        "text" => Some("text/plain"),
        _ => None,
    }
}

fn raw(
    body: &Map<String, Value>,
    declared: Option<String>,
    loc: &Location,
    warnings: &mut Warnings,
) -> Option<(String, Value)> {
    let text = body.get("raw").and_then(Value::as_str).filter(|t| !t.trim().is_empty())?;
    let language = body
        .get("options")
        .and_then(|o| o.get("raw"))
        .and_then(|r| r.get("language"))
        .and_then(Value::as_str)
        .and_then(language_media_type)
        .map(str::to_string);
    // Comments and `{{variables}}` written as values are Postman's, not the API's: read through.
    let parsed = serde_json::from_str::<Value>(text)
        .ok()
        .or_else(|| serde_json::from_str::<Value>(&super::text::strict_json(text, |_| None)).ok());
    let media = declared.or(language).unwrap_or_else(|| {
        if parsed.is_some() { "application/json" } else { "text/plain" }.to_string()
    });
    if !is_json(&media) {
        return Some((media, json!({"schema": {"type": "string"}, "example": text})));
    }
    match parsed {
        Some(value) => {
            let schema = Shape::of(&value).to_schema(Required::SeenInEvery);
            let mut object = json!({ "schema": schema });
            if let (false, Some(map)) = (only_placeholders(&value), object.as_object_mut()) {
                map.insert("example".into(), value);
            }
            Some((media, object))
        }
        None => {
            let hint =
                if variable_refs(text).is_empty() { "" } else { " (it contains {{variables}})" };
            warnings.push(
                loc.child("raw"),
                format!("the request body is declared as `{media}` but is not valid JSON{hint}: typed as a string, sent as written"),
            );
            // Sent as Postman sends it: the text, with the media type it declares.
            Some((media, json!({"schema": {"type": "string"}, "example": text, super::X_RAW_TEXT: true})))
        }
    }
}

/// The body of a GraphQL request: `{query, variables}`. The collection's query is the
/// documented `default` (and the description) of `query`; `variables`, a JSON text in Postman,
/// is typed from its value (a free-form object when it is empty or not JSON, with a warning for
/// the latter). The example is the body Postman sends.
fn graphql(graphql: Option<&Value>, loc: &Location, warnings: &mut Warnings) -> Value {
    let query = graphql.and_then(|g| g.get("query")).and_then(Value::as_str).unwrap_or_default();
    let variables_text =
        graphql.and_then(|g| g.get("variables")).and_then(Value::as_str).unwrap_or_default();
    let variables = match variables_text.trim() {
        "" => None,
        text => match serde_json::from_str::<Value>(text) {
            Ok(value) if value.is_object() => Some(value),
            _ => {
                warnings.push(
                    loc.child("graphql").child("variables"),
                    "the GraphQL variables are not a JSON object: typed as a free-form object",
                );
                None
            }
        },
    };
    let mut query_schema = Map::new();
    query_schema.insert("type".into(), json!("string"));
    if !query.trim().is_empty() {
        query_schema.insert(
            "description".into(),
            json!(format!("The GraphQL query; the collection sends this one (the default):\n\n```graphql\n{}\n```", query.trim_end())),
        );
        query_schema.insert("default".into(), json!(query));
    }
    let variables_schema = match &variables {
        Some(value) => Shape::of(value).to_schema(Required::SeenInEvery),
        None => json!({"type": "object"}),
    };
    let mut required = vec![json!("query")];
    if variables.is_some() {
        required.push(json!("variables"));
    }
    let mut object = json!({"schema": {"type": "object", "properties": {
        "query": query_schema, "variables": variables_schema}, "required": required}});
    let mut example = Map::new();
    example.insert("query".into(), json!(query));
    if let Some(value) = variables.filter(|v| !only_placeholders(v)) {
        example.insert("variables".into(), value);
    }
    if let (false, Some(map)) = (query.trim().is_empty(), object.as_object_mut()) {
        map.insert("example".into(), Value::Object(example));
    }
    object
}

/// The schema of a `urlencoded` or `formdata` field list.
fn form(fields: Option<&Value>) -> Option<Value> {
    let fields = fields?.as_array()?;
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in fields {
        let Some(key) = field.get("key").and_then(scalar_text).filter(|k| !k.is_empty()) else {
            continue;
        };
        if properties.contains_key(&key) {
            continue;
        }
        let (marked, desc) = strip_required(description(field.get("description")));
        let mut schema = Map::new();
        if field.get("type").and_then(Value::as_str) == Some("file") {
            schema.insert("type".into(), json!("string"));
            schema.insert("format".into(), json!("binary"));
        } else {
            let value = field.get("value").and_then(scalar_text);
            schema.extend(text_schema(value.as_deref()).0);
        }
        if let Some(d) = desc {
            schema.insert("description".into(), json!(d));
        }
        if marked {
            required.push(json!(key));
        }
        properties.insert(key, Value::Object(schema));
    }
    if properties.is_empty() {
        return None;
    }
    let mut schema = json!({"type": "object", "properties": properties});
    if let (false, Some(map)) = (required.is_empty(), schema.as_object_mut()) {
        map.insert("required".into(), Value::Array(required));
    }
    Some(json!({ "schema": schema }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body_of(body: Value, headers: &[Header]) -> (Option<Value>, Warnings) {
        let mut w = Warnings::default();
        let b = request_body(
            Some(&body),
            headers,
            &Location::new("c.json", "/item/0/request/body"),
            &mut w,
        );
        (b, w)
    }

    #[test]
    fn raw_json_body() {
        let (b, w) = body_of(
            json!({"mode": "raw", "raw": "{\"name\": \"Ann\", \"age\": 3}", "options": {"raw": {"language": "json"}}}),
            &[],
        );
        assert!(w.0.is_empty());
        assert_eq!(
            b.unwrap()["content"]["application/json"],
            json!({"schema": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
                "required": ["name", "age"]}, "example": {"name": "Ann", "age": 3}})
        );
    }

    #[test]
    fn template_body_shapes_the_schema_but_is_no_example() {
        let (b, _) = body_of(json!({"mode": "raw", "raw": "{\"name\": \"\", \"age\": \"<integer>\"}"}), &[]);
        assert_eq!(
            b.unwrap()["content"]["application/json"],
            json!({"schema": {"type": "object", "properties": {"name": {"x-from-placeholders": true}, "age": {"type": "integer"}},
                "required": ["name", "age"]}})
        );
    }

    #[test]
    fn invalid_json_body_warns() {
        let headers = [Header {
            key: "Content-Type".into(),
            value: Some("application/json; charset=utf-8".into()),
            ..Header::default()
        }];
        // A `{{variable}}` written as a value, and comments, are read through.
        let (b, w) = body_of(json!({"mode": "raw", "raw": "{\"id\": {{id}} // the id\n}"}), &headers);
        assert_eq!(b.unwrap()["content"]["application/json"]["schema"], json!({"type": "object", "properties": {"id": {"nullable": true}}, "required": ["id"]}), "{w:?}");
        assert!(w.0.is_empty());
        // Unquoted keys are not JSON: the text, sent as written with its declared media type.
        let (b, w) = body_of(json!({"mode": "raw", "raw": "{id: 1}"}), &headers);
        assert_eq!(b.unwrap()["content"]["application/json"], json!({"schema": {"type": "string"}, "example": "{id: 1}", "x-raw-text": true}));
        assert_eq!(w.0[0].location.pointer, "/item/0/request/body/raw");
    }

    #[test]
    fn graphql_body() {
        let (b, w) = body_of(
            json!({"mode": "graphql", "graphql": {"query": "query($id: ID!) { user(id: $id) { name } }",
                "variables": "{\"id\": 7, \"first\": true}"}}),
            &[],
        );
        assert!(w.0.is_empty());
        let media = &b.unwrap()["content"]["application/json"];
        assert_eq!(media["schema"]["properties"]["query"]["default"], "query($id: ID!) { user(id: $id) { name } }");
        assert_eq!(
            media["schema"]["properties"]["variables"],
            json!({"type": "object", "properties": {"id": {"type": "integer"}, "first": {"type": "boolean"}}, "required": ["id", "first"]})
        );
        assert_eq!(media["schema"]["required"], json!(["query", "variables"]));
        assert_eq!(media["example"]["variables"], json!({"id": 7, "first": true}));
        let (b, w) = body_of(json!({"mode": "graphql", "graphql": {"query": "{ a }", "variables": "{{vars}}"}}), &[]);
        assert_eq!(w.0[0].location.pointer, "/item/0/request/body/graphql/variables");
        let media = &b.unwrap()["content"]["application/json"];
        assert_eq!(media["schema"]["properties"]["variables"], json!({"type": "object"}));
        assert_eq!(media["schema"]["required"], json!(["query"]));
        assert_eq!(media["example"], json!({"query": "{ a }"}));
    }

    #[test]
    fn form_bodies() {
        let (b, _) = body_of(
            json!({"mode": "urlencoded", "urlencoded": [
            {"key": "n", "value": "5", "description": "(Required) count"}, {"key": "s", "value": "x"}]}),
            &[],
        );
        assert_eq!(
            b.unwrap()["content"]["application/x-www-form-urlencoded"]["schema"],
            json!({"type": "object", "properties": {"n": {"type": "integer", "description": "count"}, "s": {"type": "string"}}, "required": ["n"]})
        );
        let (b, _) = body_of(
            json!({"mode": "formdata", "formdata": [{"key": "f", "type": "file", "src": "/x"}]}),
            &[],
        );
        assert_eq!(
            b.unwrap()["content"]["multipart/form-data"]["schema"]["properties"]["f"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(body_of(json!({"mode": "raw", "raw": "  "}), &[]).0, None);
        let (b, _) = body_of(json!({"mode": "file", "file": {"src": "/x.png"}}), &[]);
        assert_eq!(
            b.unwrap()["content"]["application/octet-stream"]["schema"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(body_of(json!({"mode": "raw", "raw": "x", "disabled": true}), &[]).0, None);
    }
}
