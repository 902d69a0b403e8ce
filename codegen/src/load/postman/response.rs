//! Saved example responses (`response[]`) → OpenAPI `responses`.
//!
//! Examples are grouped by status `code` (sorted ascending; an example without a code goes to
//! `default`, with a warning). Within a status, examples are grouped by media type: the
//! `Content-Type` header, else `_postman_previewlanguage`, else `application/json` if the body
//! parses and `text/plain` if not. JSON bodies of one status and media type are merged into one
//! inferred schema (see [`super::infer`]) in which no key is `required`: a client must not fail
//! because the server left out a key that an example happened to show. One example becomes the
//! media type's `example`, several become its `examples`; a body whose every leaf is a
//! placeholder (`""`, `"<string>"`, …) is a template, not an example: it shapes the schema but is
//! not kept as an example. Non-JSON bodies are `string`s. A body that claims JSON but
//! does not parse is a warning and becomes a `text/plain` string. A request without examples
//! gets a `default` response and a warning.

use serde_json::{json, Map, Value};

use super::body::{is_json, language_media_type, media_type};
use super::infer::{Required, Shape};
use super::placeholder::only_placeholders;
use super::params::{header_value, headers};
use crate::diag::{Location, Warnings};

/// The description of the response a request without examples gets.
pub const NO_EXAMPLE: &str = "no example response in the collection";

/// What the examples of one status and media type showed.
#[derive(Debug, Default)]
struct Media {
    /// Merged shape of the JSON bodies (unused for text).
    shape: Shape,
    /// Whether the bodies are JSON.
    json: bool,
    /// The example bodies with their example names (templates left out).
    examples: Vec<(String, Value)>,
}

/// The examples of one status.
#[derive(Debug, Default)]
struct Status {
    description: String,
    media: Vec<(String, Media)>,
}

/// The `responses` of a request from its `response` member (`examples`); `item_loc` is the
/// location of the request item and `request_name` its name.
pub fn responses(
    examples: Option<&Value>,
    item_loc: &Location,
    request_name: &str,
    warnings: &mut Warnings,
) -> Value {
    let list = examples.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    if list.is_empty() {
        warnings.push(
            item_loc.clone(),
            format!(
                "request `{request_name}` has no example response: it gets a `default` response"
            ),
        );
        return json!({"default": {"description": NO_EXAMPLE}});
    }
    let mut statuses: Vec<(String, Status)> = Vec::new();
    for (i, example) in list.iter().enumerate() {
        let loc = item_loc.child("response").child(&i.to_string());
        let code = match example
            .get("code")
            .and_then(Value::as_u64)
            .filter(|c| (100..=599).contains(c))
        {
            Some(c) => c.to_string(),
            None => {
                warnings.push(loc.child("code"), "example response without a valid status `code`: used as the `default` response");
                "default".to_string()
            }
        };
        let index = match statuses.iter().position(|(c, _)| *c == code) {
            Some(index) => index,
            None => {
                statuses.push((
                    code,
                    Status { description: describe(example, request_name), media: Vec::new() },
                ));
                statuses.len() - 1
            }
        };
        if let Some((_, status)) = statuses.get_mut(index) {
            add_example(status, example, &loc, warnings);
        }
    }
    statuses.sort_by(|(a, _), (b, _)| (a == "default", a).cmp(&(b == "default", b)));
    Value::Object(statuses.into_iter().map(|(code, status)| (code, render(status))).collect())
}

/// The response description: the example's name when it says more than "response", else the
/// status text (`"Not Found"`), else empty.
fn describe(example: &Value, request_name: &str) -> String {
    let name = example.get("name").and_then(Value::as_str).map(str::trim).unwrap_or_default();
    if !name.is_empty() && !name.eq_ignore_ascii_case("response") && name != request_name {
        return name.to_string();
    }
    example.get("status").and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string()
}

fn add_example(status: &mut Status, example: &Value, loc: &Location, warnings: &mut Warnings) {
    let text = match example.get("body") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => return,
        Some(other) => other.to_string(),
    };
    if text.trim().is_empty() {
        return;
    }
    let header_list = headers(example.get("header"));
    let declared =
        header_value(&header_list, "content-type").map(media_type).filter(|m| !m.is_empty());
    let preview = example
        .get("_postman_previewlanguage")
        .and_then(Value::as_str)
        .and_then(language_media_type);
    let claimed = declared.or_else(|| preview.map(str::to_string));
    let parsed = serde_json::from_str::<Value>(&text).ok();
    let (media, value, json) = match (claimed, parsed) {
        (Some(m), Some(v)) if is_json(&m) => (m, v, true),
        (None, Some(v)) => ("application/json".to_string(), v, true),
        (Some(m), None) if is_json(&m) => {
            warnings.push(loc.child("body"), format!("example body is declared as `{m}` but is not valid JSON: typed as a text/plain string"));
            ("text/plain".to_string(), Value::String(text), false)
        }
        (Some(m), _) => (m, Value::String(text), false),
        (None, None) => ("text/plain".to_string(), Value::String(text), false),
    };
    let name =
        example.get("name").and_then(Value::as_str).filter(|n| !n.is_empty()).unwrap_or("example");
    let index = match status.media.iter().position(|(m, _)| *m == media) {
        Some(index) => index,
        None => {
            status.media.push((media, Media { json, ..Media::default() }));
            status.media.len() - 1
        }
    };
    if let Some((_, acc)) = status.media.get_mut(index) {
        if acc.json {
            acc.shape.add(&value, 0);
            if only_placeholders(&value) {
                return;
            }
        }
        let mut key = name.to_string();
        let mut n = 1;
        while acc.examples.iter().any(|(k, _)| *k == key) {
            n += 1;
            key = format!("{name} ({n})");
        }
        acc.examples.push((key, value));
    }
}

fn render(status: Status) -> Value {
    let mut response = Map::new();
    response.insert("description".into(), json!(status.description));
    if !status.media.is_empty() {
        let mut content = Map::new();
        for (media, acc) in status.media {
            let mut object = Map::new();
            let schema =
                if acc.json { acc.shape.to_schema(Required::Never) } else { json!({"type": "string"}) };
            object.insert("schema".into(), schema);
            match <[(String, Value); 1]>::try_from(acc.examples) {
                Ok([(_, value)]) => {
                    object.insert("example".into(), value);
                }
                Err(examples) if examples.is_empty() => {}
                Err(examples) => {
                    let map: Map<String, Value> =
                        examples.into_iter().map(|(k, v)| (k, json!({"value": v}))).collect();
                    object.insert("examples".into(), Value::Object(map));
                }
            }
            content.insert(media, Value::Object(object));
        }
        response.insert("content".into(), Value::Object(content));
    }
    Value::Object(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(examples: Value) -> (Value, Warnings) {
        let mut w = Warnings::default();
        let loc = Location::new("c.json", "/item/0");
        let r = responses(Some(&examples), &loc, "Get a thing", &mut w);
        (r, w)
    }

    #[test]
    fn merges_examples_of_one_status() {
        let (r, w) = run(json!([
            {"name": "one", "code": 200, "header": [{"key": "Content-Type", "value": "application/json"}], "body": "{\"id\": 1, \"a\": \"\"}"},
            {"name": "two", "code": 200, "_postman_previewlanguage": "json", "body": "{\"id\": 2, \"b\": {}}"},
            {"name": "response", "code": 404, "status": "Not Found", "body": null}
        ]));
        assert!(w.0.is_empty());
        let media = &r["200"]["content"]["application/json"];
        assert_eq!(media["schema"]["required"], Value::Null, "response keys are never required");
        assert_eq!(media["schema"]["properties"]["id"], json!({"type": "integer"}));
        assert_eq!(
            media["schema"]["properties"]["a"],
            json!({"x-from-placeholders": true}),
            "`\"\"` alone gives no type"
        );
        assert_eq!(media["schema"]["properties"]["b"], json!({"type": "object"}));
        assert_eq!(media["examples"]["two"]["value"]["id"], 2);
        assert_eq!(r["404"], json!({"description": "Not Found"}));
        assert_eq!(r.as_object().unwrap().keys().collect::<Vec<_>>(), ["200", "404"]);
    }

    #[test]
    fn text_and_missing_codes() {
        let (r, w) = run(
            json!([{"name": "x", "body": "<b>hi</b>", "header": [{"key": "content-type", "value": "text/html"}]},
                                {"code": 201, "body": "plain"}]),
        );
        assert_eq!(
            r["default"]["content"]["text/html"],
            json!({"schema": {"type": "string"}, "example": "<b>hi</b>"})
        );
        assert_eq!(r["201"]["content"]["text/plain"]["example"], "plain");
        assert_eq!(w.0[0].location.pointer, "/item/0/response/0/code");
        assert_eq!(r.as_object().unwrap().keys().collect::<Vec<_>>(), ["201", "default"]);
    }
}
