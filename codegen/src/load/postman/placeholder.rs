//! Placeholders: example values that carry no information.
//!
//! Collections generated from a template, or written before the API answered, fill their saved
//! examples with stand-ins instead of values: `""`, Postman's typed stand-ins `"<string>"`,
//! `"<integer>"`, `"<dateTime>"`, …, or a value that is only a `{{variable}}`. Reading such a leaf
//! as data is wrong twice over: `""` is not evidence that the value is a string, and
//! `"<integer>"` is not a string at all. [`classify`] tells a placeholder from a value:
//!
//! - a stand-in that names a type (`<integer>`, `<long>`, `<number>`, `<boolean>`, `<string>`,
//!   `<dateTime>`, `<date>`, `<uuid>`, `<email>`, `<uri>`, …) gives that type ([`Placeholder::Typed`]);
//! - `""` (or only whitespace), a lone `{{variable}}` and any other `<name>` stand-in give no type
//!   ([`Placeholder::Untyped`]).
//!
//! The rule is stated in `docs/postman.md`; inference ([`super::infer`]), parameters and form
//! fields all follow it.

/// What a placeholder says about the value it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placeholder {
    /// Nothing: the value's type is unknown.
    Untyped,
    /// The JSON Schema `type` (and `format`, if any) that the placeholder names.
    Typed(&'static str, Option<&'static str>),
}

/// Postman's typed stand-ins (the names its OpenAPI → collection converter writes), compared in
/// lower case without spaces, `-` or `_`: the stand-in, then the schema type and format it gives.
const TYPED: &[(&str, &str, Option<&str>)] = &[
    ("string", "string", None),
    ("str", "string", None),
    ("text", "string", None),
    ("password", "string", Some("password")),
    ("integer", "integer", None),
    ("int", "integer", None),
    ("int32", "integer", Some("int32")),
    ("long", "integer", Some("int64")),
    ("int64", "integer", Some("int64")),
    ("number", "number", None),
    ("float", "number", Some("float")),
    ("double", "number", Some("double")),
    ("decimal", "number", None),
    ("boolean", "boolean", None),
    ("bool", "boolean", None),
    ("datetime", "string", Some("date-time")),
    ("date", "string", Some("date")),
    ("time", "string", Some("time")),
    ("uuid", "string", Some("uuid")),
    ("guid", "string", Some("uuid")),
    ("email", "string", Some("email")),
    ("uri", "string", Some("uri")),
    ("url", "string", Some("uri")),
    ("hostname", "string", Some("hostname")),
    ("ipv4", "string", Some("ipv4")),
    ("ipv6", "string", Some("ipv6")),
    ("byte", "string", Some("byte")),
    ("binary", "string", Some("binary")),
    ("object", "object", None),
];

/// Whether `text` is a placeholder, and what it says. `None` for a real value.
pub fn classify(text: &str) -> Option<Placeholder> {
    let trimmed = text.trim();
    if trimmed.is_empty() || is_lone_variable(trimmed) {
        return Some(Placeholder::Untyped);
    }
    let inner = trimmed.strip_prefix('<')?.strip_suffix('>')?;
    if !is_stand_in_name(inner) {
        return None;
    }
    let key: String = inner
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .map(|c| c.to_ascii_lowercase())
        .collect();
    Some(match TYPED.iter().find(|(name, _, _)| *name == key) {
        Some((_, kind, format)) => Placeholder::Typed(kind, *format),
        None => Placeholder::Untyped,
    })
}

/// Whether `text` is exactly one `{{variable}}` (the variable's value is not known here).
fn is_lone_variable(text: &str) -> bool {
    text.strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .is_some_and(|name| !name.is_empty() && !name.contains("{{") && !name.contains("}}"))
}

/// Whether `name` (between `<` and `>`) reads like a stand-in: a letter, then letters, digits,
/// spaces and `_ - , . :` only (so markup such as `<b>x</b>` is not taken for one).
fn is_stand_in_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '_' | '-' | ',' | '.' | ':'))
        && name.len() <= 64
}

/// Whether every leaf of the JSON `value` is a placeholder string (and there is at least one
/// leaf): such an example is a template, not an example, and is not kept as one.
pub fn only_placeholders(value: &serde_json::Value) -> bool {
    fn walk(value: &serde_json::Value, leaves: &mut usize, depth: usize) -> bool {
        use serde_json::Value;
        if depth > 64 {
            return false;
        }
        match value {
            Value::String(s) => {
                *leaves += 1;
                classify(s).is_some()
            }
            Value::Array(items) => items.iter().all(|v| walk(v, leaves, depth + 1)),
            Value::Object(map) => map.values().all(|v| walk(v, leaves, depth + 1)),
            Value::Null | Value::Bool(_) | Value::Number(_) => {
                *leaves += 1;
                false
            }
        }
    }
    let mut leaves = 0;
    walk(value, &mut leaves, 0) && leaves > 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn untyped_placeholders() {
        for text in ["", "   ", "{{token}}", " {{baseUrl}} ", "<your api key>", "<Update current value only>"] {
            assert_eq!(classify(text), Some(Placeholder::Untyped), "{text:?}");
        }
    }

    #[test]
    fn typed_placeholders() {
        assert_eq!(classify("<integer>"), Some(Placeholder::Typed("integer", None)));
        assert_eq!(classify("<long>"), Some(Placeholder::Typed("integer", Some("int64"))));
        assert_eq!(classify("<number>"), Some(Placeholder::Typed("number", None)));
        assert_eq!(classify("<boolean>"), Some(Placeholder::Typed("boolean", None)));
        assert_eq!(classify("<string>"), Some(Placeholder::Typed("string", None)));
        assert_eq!(classify("<dateTime>"), Some(Placeholder::Typed("string", Some("date-time"))));
        assert_eq!(classify("<date-time>"), Some(Placeholder::Typed("string", Some("date-time"))));
        assert_eq!(classify("<uuid>"), Some(Placeholder::Typed("string", Some("uuid"))));
        assert_eq!(classify("<email>"), Some(Placeholder::Typed("string", Some("email"))));
        assert_eq!(classify("<uri>"), Some(Placeholder::Typed("string", Some("uri"))));
    }

    #[test]
    fn values_are_not_placeholders() {
        for text in ["0", "abc", "{{a}}-{{b}}", "Bearer {{token}}", "<b>hi</b>", "<>", "<1abc>", "a <string>"] {
            assert_eq!(classify(text), None, "{text:?}");
        }
    }

    #[test]
    fn templates_are_told_from_examples() {
        assert!(only_placeholders(&json!({"a": "", "b": ["<integer>", "{{x}}"]})));
        assert!(!only_placeholders(&json!({"a": "", "b": 1})));
        assert!(!only_placeholders(&json!({"a": "real"})));
        assert!(!only_placeholders(&json!({})), "no leaf: an empty object is a real example");
        assert!(!only_placeholders(&json!([])));
    }
}
