//! Text helpers shared by the importer: descriptions, the `(Required)` marker, `{{variable}}`
//! references, summaries and operationIds.

use heck::ToUpperCamelCase;
use serde_json::Value;

/// The marker Postman's OpenAPI export puts in front of descriptions of required parameters.
const REQUIRED_MARKER: &str = "(Required)";

/// The text of a Postman description: either a string or an object `{content, type}`.
/// Empty descriptions are `None`.
pub fn description(value: Option<&Value>) -> Option<String> {
    let text = match value? {
        Value::String(s) => s.as_str(),
        Value::Object(map) => map.get("content")?.as_str()?,
        _ => return None,
    };
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// Splits a leading `(Required)` marker off a description: `(required, rest)`. A description
/// that was only the marker becomes `None`.
pub fn strip_required(description: Option<String>) -> (bool, Option<String>) {
    match description {
        Some(text) => match text.strip_prefix(REQUIRED_MARKER) {
            Some(rest) => {
                let rest = rest.trim();
                (true, (!rest.is_empty()).then(|| rest.to_string()))
            }
            None => (false, Some(text)),
        },
        None => (false, None),
    }
}

/// The `{{name}}` references in `text`, in order, with Postman's dynamic variables (`{{$guid}}`)
/// left out.
pub fn variable_refs(text: &str) -> Vec<&str> {
    let mut refs = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        if !name.is_empty() && !name.starts_with('$') && !name.contains('{') {
            refs.push(name);
        }
        rest = &after[end + 2..];
    }
    refs
}

/// The summary of an operation: the first line of its description, cut after the first
/// sentence, with Markdown `**` removed. `None` when nothing is left.
pub fn summary(description: &str) -> Option<String> {
    let line = description.lines().map(str::trim).find(|l| !l.is_empty())?;
    let line = line.replace("**", "");
    let line = line.trim();
    let sentence = match line.find(". ") {
        Some(at) => &line[..=at],
        None => line,
    };
    let sentence = sentence.trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// An operationId from a request name: its words in UpperCamelCase
/// (`"Approve access request"` → `ApproveAccessRequest`). `None` if the name has no letters or
/// digits.
pub fn operation_id(name: &str) -> Option<String> {
    let id: String =
        name.to_upper_camel_case().chars().filter(|c| c.is_alphanumeric() || *c == '_').collect();
    (!id.is_empty()).then_some(id)
}

/// The disambiguating suffix made from an operation's own method and path
/// (`PATCH /v3/a/{id}` → `PatchV3AId`).
pub fn method_path_suffix(method: &str, path: &str) -> String {
    let words = format!("{method} {}", path.replace(['/', '{', '}'], " "));
    operation_id(&words).unwrap_or_default()
}

/// Renders a JSON scalar the way Postman shows it in a text field.
pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A raw JSON body as Postman sends it, made strict JSON: comments (`// …`, `/* … */`) removed,
/// as Postman removes them before sending, and a `{{variable}}` written where a value goes
/// (`"id": {{id}}`) replaced by `value_of(name)` when that is a JSON value, else by `null` (the
/// variable's value is only known when Postman runs). Text inside strings is kept as it is.
pub fn strict_json(raw: &str, value_of: impl Fn(&str) -> Option<String>) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().peekable();
    let mut in_string = false;
    while let Some((i, c)) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                '\\' => {
                    if let Some((_, escaped)) = chars.next() {
                        out.push(escaped);
                    }
                }
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        let rest = &raw[i..];
        if rest.starts_with("//") {
            while chars.peek().is_some_and(|(_, c)| *c != '\n') {
                chars.next();
            }
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(raw.len(), |e| i + e + 2);
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
        } else if let Some(name) = rest.strip_prefix("{{").and_then(|r| r.split_once("}}")).map(|(n, _)| n).filter(|n| !n.contains('{')) {
            let end = i + name.len() + 4;
            let value = value_of(name.trim()).filter(|v| serde_json::from_str::<Value>(v).is_ok());
            out.push_str(value.as_deref().unwrap_or("null"));
            while chars.peek().is_some_and(|(j, _)| *j < end) {
                chars.next();
            }
        } else {
            if c == '"' {
                in_string = true;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn required_marker() {
        assert_eq!(
            strip_required(Some("(Required) The ID.".into())),
            (true, Some("The ID.".into()))
        );
        assert_eq!(strip_required(Some("(Required)".into())), (true, None));
        assert_eq!(strip_required(Some("Optional.".into())), (false, Some("Optional.".into())));
    }

    #[test]
    fn json_as_postman_sends_it() {
        let raw = "{\n  \"a\": {{n}}, // the count\n  \"b\": \"{{s}} // not a comment\", /* gone */ \"c\": {{x}}\n}";
        let strict = strict_json(raw, |name| (name == "n").then(|| "5".to_string()));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&strict).unwrap(), json!({"a": 5, "b": "{{s}} // not a comment", "c": null}));
    }

    #[test]
    fn variables() {
        assert_eq!(variable_refs("{{a}}/x/{{ b }}?{{$guid}}&{{"), vec!["a", "b"]);
    }

    #[test]
    fn summaries_and_ids() {
        assert_eq!(
            summary("**This endpoint allows you to approve. Really.**\n\nMore").as_deref(),
            Some("This endpoint allows you to approve.")
        );
        assert_eq!(operation_id("Approve access request").as_deref(), Some("ApproveAccessRequest"));
        assert_eq!(
            operation_id("Retrieve a list of scopes.").as_deref(),
            Some("RetrieveAListOfScopes")
        );
        assert_eq!(operation_id("--- ..."), None);
        assert_eq!(method_path_suffix("patch", "/v3/a/{request_id}"), "PatchV3ARequestId");
        assert_eq!(
            description(Some(&json!({"content": " x ", "type": "text/markdown"}))).as_deref(),
            Some("x")
        );
    }
}
