//! Path, query and header parameters of one request.
//!
//! - Every `{name}` of the path template is a required path parameter; its description and
//!   example come from `url.variable` (a leading `(Required) ` is stripped).
//! - Query items become query parameters typed from their value (see [`text_schema`]: a
//!   placeholder such as `<integer>` gives its type, `""` or a `{{variable}}` a string); a literal
//!   value becomes the `default`, disabled items are optional, a description starting with
//!   `(Required)` makes the parameter required. A key given several times is an array.
//! - Request headers become header parameters, except `Accept`, `Content-Type` and
//!   `Authorization` (those are expressed by content types and security schemes) and the headers
//!   the HTTP client manages (`Content-Length`, `Host`, `Connection`, `Transfer-Encoding`, …).

use serde_json::{json, Map, Value};

use super::infer::text_schema;
use super::text::{description, scalar_text, strip_required};
use super::url::{template_params, QueryItem, Url};
use crate::diag::{Location, Warnings};

/// Headers that are not parameters: content negotiation and credentials (expressed by media
/// types and security schemes), and the headers the HTTP client itself manages (message framing
/// and the connection).
const RESERVED_HEADERS: [&str; 12] = [
    "accept",
    "content-type",
    "authorization",
    "content-length",
    "host",
    "connection",
    "keep-alive",
    "transfer-encoding",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
];

/// One request header.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Header {
    /// The header name.
    pub key: String,
    /// The example value.
    pub value: Option<String>,
    /// The description.
    pub description: Option<String>,
    /// Whether the header is unticked in Postman.
    pub disabled: bool,
}

/// Reads a request's `header` member: an array of `{key, value, description, disabled}` or
/// (v2.0) a string of `Key: value` lines.
pub fn headers(value: Option<&Value>) -> Vec<Header> {
    match value {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| {
                let map = item.as_object()?;
                Some(Header {
                    key: map.get("key").and_then(scalar_text).filter(|k| !k.trim().is_empty())?,
                    value: map.get("value").and_then(scalar_text),
                    description: description(map.get("description")),
                    disabled: map.get("disabled").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .collect(),
        Some(Value::String(text)) => text
            .lines()
            .filter_map(|line| {
                let (key, value) = line.split_once(':')?;
                let key = key.trim();
                (!key.is_empty()).then(|| Header {
                    key: key.to_string(),
                    value: Some(value.trim().to_string()),
                    ..Header::default()
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The value of the first enabled header called `name` (case-insensitive).
pub fn header_value<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| !h.disabled && h.key.eq_ignore_ascii_case(name))
        .and_then(|h| h.value.as_deref())
}

/// The OpenAPI parameters of a request with URL `url` (path template `path`) and `headers`.
/// `url_loc` is the location of the request's `url` member (for warnings).
pub fn parameters(
    url: &Url,
    path: &str,
    headers: &[Header],
    url_loc: &Location,
    warnings: &mut Warnings,
) -> Vec<Value> {
    let mut params = Vec::new();
    for name in template_params(path) {
        params.push(path_parameter(url, &name));
    }
    let mut seen: Vec<&str> = Vec::new();
    for item in &url.query {
        let Some(key) = item.key.as_deref().filter(|k| !k.is_empty()) else {
            let loc = url_loc.child("query").child(&item.index.to_string());
            warnings.push(loc, "query item without a key: left out");
            continue;
        };
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        let same: Vec<&QueryItem> =
            url.query.iter().filter(|q| q.key.as_deref() == Some(key)).collect();
        params.push(query_parameter(key, &same));
    }
    let mut seen_headers: Vec<String> = Vec::new();
    for header in headers {
        let lower = header.key.to_ascii_lowercase();
        if RESERVED_HEADERS.contains(&lower.as_str()) || seen_headers.contains(&lower) {
            continue;
        }
        seen_headers.push(lower);
        params.push(header_parameter(header));
    }
    params
}

/// A typed schema for an example value: its type, and its value as `default` when it is a
/// literal (not a placeholder, no `{{variable}}`).
fn typed_schema(value: Option<&str>, with_default: bool) -> Map<String, Value> {
    let (mut schema, literal) = text_schema(value);
    if let (true, Some(default)) = (with_default, literal) {
        schema.insert("default".into(), default);
    }
    schema
}

fn parameter(
    name: &str,
    location: &str,
    description: Option<String>,
    required: bool,
    schema: Value,
) -> Value {
    let mut param = Map::new();
    param.insert("name".into(), json!(name));
    param.insert("in".into(), json!(location));
    if let Some(d) = description {
        param.insert("description".into(), json!(d));
    }
    param.insert("required".into(), json!(required));
    param.insert("schema".into(), schema);
    Value::Object(param)
}

fn path_parameter(url: &Url, name: &str) -> Value {
    let var = url.variables.iter().find(|v| v.key == name);
    let (_, desc) = strip_required(var.and_then(|v| v.description.clone()));
    let value = var.and_then(|v| v.value.as_deref());
    let (schema, literal) = text_schema(value);
    let mut param = parameter(name, "path", desc, true, Value::Object(schema));
    if let (Some(example), Some(map)) = (literal, param.as_object_mut()) {
        map.insert("example".into(), example);
    }
    param
}

fn query_parameter(key: &str, items: &[&QueryItem]) -> Value {
    let desc = items.iter().find_map(|q| q.description.clone());
    let (marked, desc) = strip_required(desc);
    let first = items.first().and_then(|q| q.value.as_deref());
    let schema = if items.len() > 1 {
        json!({"type": "array", "items": typed_schema(first, false)})
    } else {
        Value::Object(typed_schema(first, true))
    };
    parameter(key, "query", desc, marked, schema)
}

fn header_parameter(header: &Header) -> Value {
    let (marked, desc) = strip_required(header.description.clone());
    let schema = Value::Object(typed_schema(header.value.as_deref(), true));
    parameter(&header.key, "header", desc, marked, schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params_of(url: Value, header: Value) -> (Vec<Value>, Warnings) {
        let url = Url::parse(&url).unwrap();
        let mut warnings = Warnings::default();
        let headers = headers(Some(&header));
        let params = parameters(
            &url,
            &url.template(),
            &headers,
            &Location::new("c.json", "/u"),
            &mut warnings,
        );
        (params, warnings)
    }

    #[test]
    fn query_types_defaults_and_required() {
        let (params, _) = params_of(
            json!({"raw": "{{b}}/x?limit=50&on=true&q=", "host": ["{{b}}"], "path": ["x"], "query": [
                {"key": "limit", "value": "50"},
                {"key": "on", "value": "true", "disabled": true},
                {"key": "q", "value": "", "description": "(Required) Search text"},
                {"key": "ids", "value": "1"}, {"key": "ids", "value": "2"}
            ]}),
            json!([]),
        );
        assert_eq!(
            params[0],
            json!({"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "default": 50}})
        );
        assert_eq!(
            params[1],
            json!({"name": "on", "in": "query", "required": false, "schema": {"type": "boolean", "default": true}})
        );
        assert_eq!(
            params[2],
            json!({"name": "q", "in": "query", "description": "Search text", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(params[3]["schema"], json!({"type": "array", "items": {"type": "integer"}}));
    }

    #[test]
    fn placeholder_values_give_their_type_and_no_default() {
        let (params, _) = params_of(
            json!({"raw": "{{b}}/x/:id?n=<integer>&s=<string>&v={{v}}&d=<dateTime>", "host": ["{{b}}"],
                "path": ["x", ":id"], "variable": [{"key": "id", "value": "<long>"}], "query": [
                {"key": "n", "value": "<integer>"}, {"key": "s", "value": "<string>"},
                {"key": "v", "value": "{{v}}"}, {"key": "d", "value": "<dateTime>"}
            ]}),
            json!([]),
        );
        let schemas: Vec<&Value> = params.iter().map(|p| &p["schema"]).collect();
        assert_eq!(
            schemas,
            [
                &json!({"type": "integer", "format": "int64"}),
                &json!({"type": "integer"}),
                &json!({"type": "string"}),
                &json!({"type": "string"}),
                &json!({"type": "string", "format": "date-time"}),
            ]
        );
        assert!(params[0].get("example").is_none(), "a placeholder is not an example");
    }

    #[test]
    fn path_and_header_parameters() {
        let (params, _) = params_of(
            json!({"host": "{{b}}", "path": "/a/:id", "variable": [{"key": "id", "value": "", "description": "(Required) The ID."}]}),
            json!([{"key": "on-behalf-of", "value": ""}, {"key": "Accept", "value": "x"},
                   {"key": "content-type", "value": "x"}, {"key": "Authorization", "value": "x"},
                   {"key": "Content-Length", "value": "12"}, {"key": "Host", "value": "x"}]),
        );
        assert_eq!(params.len(), 2);
        assert_eq!(
            params[0],
            json!({"name": "id", "in": "path", "description": "The ID.", "required": true, "schema": {"type": "string"}})
        );
        assert_eq!(
            params[1],
            json!({"name": "on-behalf-of", "in": "header", "required": false, "schema": {"type": "string"}})
        );
    }

    #[test]
    fn keyless_query_item_is_reported() {
        let (params, warnings) = params_of(
            json!({"host": "h", "path": "/a", "query": [{"key": null, "value": "1"}]}),
            json!("X-A: 1\nbad"),
        );
        assert_eq!(params.len(), 1, "{params:?}");
        assert_eq!(params[0]["name"], "X-A");
        assert_eq!(warnings.0[0].location.pointer, "/u/query/0");
    }
}
