//! Request URLs: a plain string or a Postman URL object, turned into host, path and query.
//!
//! Both forms are accepted everywhere: `"url": "{{baseUrl}}/v3/a?x=1"` and
//! `"url": {"raw": ..., "host": [..] | "..", "path": [..] | "..", "query": [..], "variable": [..]}`.
//! A `:name` segment and every `{{name}}` anywhere in a segment become OpenAPI template
//! parameters `{name}`, with the literal text around them kept (`celeb_{{USERNAME}}` →
//! `celeb_{USERNAME}`, `users('{{UserName}}')` → `users('{UserName}')`); a nested reference
//! `{{a_{{b}}}}` is one parameter named `a_b`. Literal text is written as it goes on the wire:
//! characters a URL cannot carry in a path (space, quotes, `{`, `}`, `#`, `?`, non-ASCII, …) are
//! percent-encoded, and an encoded segment such as `a%2Fb` stays one segment. The host (with
//! protocol and port) is kept apart: it becomes a server URL, never part of the path.

use serde_json::Value;

use super::text::{description, scalar_text};

/// A parsed request URL.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Url {
    /// `protocol://host:port` as written (may contain `{{variables}}`); `None` without a host.
    pub host: Option<String>,
    /// The path segments as written (`:id`, `{{var}}` and literal segments).
    pub segments: Vec<String>,
    /// The query items, in order.
    pub query: Vec<QueryItem>,
    /// The path variables (`url.variable`), in order.
    pub variables: Vec<PathVariable>,
}

/// One `key=value` of the query, or one entry of `url.query`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct QueryItem {
    /// The parameter name; `None` for an entry without a key.
    pub key: Option<String>,
    /// The example value, if any.
    pub value: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
    /// Whether the entry is unticked in Postman.
    pub disabled: bool,
    /// Its index in `url.query` (for diagnostics), or in the raw query string.
    pub index: usize,
}

/// One entry of `url.variable`: the value and description of a `:name` path segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PathVariable {
    /// The variable name (without the `:`).
    pub key: String,
    /// The example value, if any.
    pub value: Option<String>,
    /// The description, if any.
    pub description: Option<String>,
}

impl Url {
    /// Parses a request's `url` member. `Err` carries a one-line reason when the URL is missing
    /// a usable form (not a string or object, or empty).
    pub fn parse(value: &Value) -> Result<Url, String> {
        let url = match value {
            Value::String(raw) => parse_raw(raw),
            Value::Object(map) => {
                let has_parts =
                    ["host", "path"].iter().any(|k| map.get(*k).is_some_and(|v| !v.is_null()));
                let raw = map.get("raw").and_then(Value::as_str).unwrap_or_default();
                let mut url = if has_parts { Url::default() } else { parse_raw(raw) };
                if has_parts {
                    url.host = object_host(map);
                    url.segments = match map.get("path") {
                        Some(Value::String(p)) => split_path(p),
                        Some(Value::Array(parts)) => {
                            parts.iter().filter_map(segment_text).collect()
                        }
                        _ => Vec::new(),
                    };
                    if map.get("query").is_none() {
                        url.query = parse_raw(raw).query;
                    }
                }
                if let Some(Value::Array(items)) = map.get("query") {
                    url.query =
                        items.iter().enumerate().filter_map(|(i, q)| query_item(i, q)).collect();
                }
                if let Some(Value::Array(vars)) = map.get("variable") {
                    url.variables = vars.iter().filter_map(path_variable).collect();
                }
                url
            }
            Value::Null => return Err("the request has no URL".into()),
            _ => return Err("the URL is neither a string nor a URL object".into()),
        };
        if url.host.is_none() && url.segments.is_empty() && url.query.is_empty() {
            return Err("the URL is empty".into());
        }
        Ok(url)
    }

    /// The OpenAPI path template: `/` + segments, with `:name` and `{{name}}` as `{name}`.
    pub fn template(&self) -> String {
        let segments: Vec<String> = self.segments.iter().map(|s| template_segment(s)).collect();
        format!("/{}", segments.join("/"))
    }
}

/// One path segment in OpenAPI template syntax: a whole `:name` segment, or literal text with
/// `{{references}}` anywhere in it.
fn template_segment(segment: &str) -> String {
    if let Some(name) = segment.strip_prefix(':').filter(|n| !n.is_empty()) {
        return format!("{{{}}}", param_name(name));
    }
    let mut out = String::new();
    let mut rest = segment;
    while let Some(start) = rest.find("{{") {
        let Some(len) = reference_len(&rest[start..]) else { break };
        out.push_str(&encode_literal(&rest[..start]));
        let inner = &rest[start + 2..start + len - 2];
        out.push('{');
        out.push_str(&param_name(&inner.replace("{{", "").replace("}}", "")));
        out.push('}');
        rest = &rest[start + len..];
    }
    out.push_str(&encode_literal(rest));
    out
}

/// The length of the `{{…}}` reference at the start of `text`, counting nested references
/// (`{{a_{{b}}}}`); `None` when it is not closed.
fn reference_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'{', b'{') => {
                depth += 1;
                i += 2;
            }
            (b'}', b'}') => {
                depth = depth.saturating_sub(1);
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// A template parameter name: the variable's name, with characters other than letters,
/// digits, `_`, `-` and `.` replaced by `_` (a name cannot hold `{`, `}` or `/`).
fn param_name(name: &str) -> String {
    let name: String = name
        .trim()
        .chars()
        .map(|c| if c.is_alphanumeric() || matches!(c, '_' | '-' | '.') { c } else { '_' })
        .collect();
    if name.is_empty() {
        "param".into()
    } else {
        name
    }
}

/// Literal path text as it goes on the wire: what a URL path cannot carry (controls, space,
/// `"`, `#`, `<`, `>`, `?`, `` ` ``, `{`, `}`, non-ASCII) percent-encoded, the rest (including
/// `%` escapes already there) kept.
pub fn encode_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() && !c.is_ascii_control() && !matches!(c, ' ' | '"' | '#' | '<' | '>' | '?' | '`' | '{' | '}') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for byte in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{byte:02X}"));
            }
        }
    }
    out
}

/// The names of the template parameters of `path` (`/a/{x}/{y}` → `x`, `y`), in order of first
/// appearance, each once.
pub fn template_params(path: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else { break };
        let name = &rest[open + 1..open + close];
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
        rest = &rest[open + close + 1..];
    }
    names
}

fn object_host(map: &serde_json::Map<String, Value>) -> Option<String> {
    let host = match map.get("host")? {
        Value::String(h) => h.clone(),
        Value::Array(parts) => parts.iter().filter_map(Value::as_str).collect::<Vec<_>>().join("."),
        _ => return None,
    };
    if host.is_empty() {
        return None;
    }
    let mut out = String::new();
    if let Some(protocol) = map.get("protocol").and_then(Value::as_str).filter(|p| !p.is_empty()) {
        out.push_str(protocol);
        out.push_str("://");
    }
    out.push_str(&host);
    if let Some(port) = map.get("port").and_then(scalar_text).filter(|p| !p.is_empty()) {
        out.push(':');
        out.push_str(&port);
    }
    Some(out)
}

fn segment_text(segment: &Value) -> Option<String> {
    let text = match segment {
        Value::String(s) => s.clone(),
        Value::Object(map) => map.get("value").and_then(scalar_text)?,
        _ => return None,
    };
    (!text.is_empty()).then_some(text)
}

fn split_path(path: &str) -> Vec<String> {
    path.split('/').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

fn query_item(index: usize, item: &Value) -> Option<QueryItem> {
    let map = item.as_object()?;
    Some(QueryItem {
        key: map.get("key").and_then(scalar_text),
        value: map.get("value").and_then(scalar_text),
        description: description(map.get("description")),
        disabled: map.get("disabled").and_then(Value::as_bool).unwrap_or(false),
        index,
    })
}

fn path_variable(item: &Value) -> Option<PathVariable> {
    let map = item.as_object()?;
    let key = map.get("key").or_else(|| map.get("id")).and_then(scalar_text)?;
    Some(PathVariable {
        key,
        value: map.get("value").and_then(scalar_text),
        description: description(map.get("description")),
    })
}

/// Parses a URL written as text: `[protocol://]host[:port]/path?query#fragment`, where the host
/// may be a `{{variable}}`. Text starting with `/` has no host.
fn parse_raw(raw: &str) -> Url {
    let raw = raw.trim();
    let raw = raw.split_once('#').map_or(raw, |(before, _)| before);
    let (main, query) = raw.split_once('?').map_or((raw, None), |(m, q)| (m, Some(q)));
    let (protocol, rest) = match main.split_once("://") {
        Some((p, r))
            if !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '+') =>
        {
            (Some(p), r)
        }
        _ => (None, main),
    };
    let (host, path) = if rest.starts_with('/') {
        (None, rest)
    } else {
        let (h, p) = rest.split_once('/').unwrap_or((rest, ""));
        (Some(h).filter(|h| !h.is_empty()), p)
    };
    let host = host.map(|h| match protocol {
        Some(p) => format!("{p}://{h}"),
        None => h.to_string(),
    });
    let query = query
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty())
        .enumerate()
        .map(|(index, pair)| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            QueryItem {
                key: Some(key.to_string()),
                value: Some(value.to_string()),
                description: None,
                disabled: false,
                index,
            }
        })
        .collect();
    Url { host, segments: split_path(path), query, variables: Vec::new() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn string_url() {
        let url =
            Url::parse(&json!("{{baseUrl}}/v3/scopes/requests/:request_id?limit=50&x")).unwrap();
        assert_eq!(url.host.as_deref(), Some("{{baseUrl}}"));
        assert_eq!(url.template(), "/v3/scopes/requests/{request_id}");
        assert_eq!(url.query.len(), 2);
        assert_eq!(url.query[0].value.as_deref(), Some("50"));
        assert_eq!(url.query[1].key.as_deref(), Some("x"));
    }

    #[test]
    fn string_url_with_protocol_and_no_host() {
        let url = Url::parse(&json!("https://api.example.com:8443/a/{{id}}#frag")).unwrap();
        assert_eq!(url.host.as_deref(), Some("https://api.example.com:8443"));
        assert_eq!(url.template(), "/a/{id}");
        let url = Url::parse(&json!("/only/path")).unwrap();
        assert_eq!(url.host, None);
        assert_eq!(url.template(), "/only/path");
    }

    #[test]
    fn object_url_with_string_or_array_parts() {
        let a =
            Url::parse(&json!({"raw": "x", "host": "{{baseUrl}}", "path": "/v3/a/:id"})).unwrap();
        let b = Url::parse(&json!({"host": ["api", "example", "com"], "protocol": "https",
            "path": ["v3", "a", {"type": "string", "value": ":id"}],
            "variable": [{"key": "id", "value": "7", "description": "(Required) The id"}]}))
        .unwrap();
        assert_eq!(a.template(), "/v3/a/{id}");
        assert_eq!(b.template(), "/v3/a/{id}");
        assert_eq!(b.host.as_deref(), Some("https://api.example.com"));
        assert_eq!(b.variables[0].value.as_deref(), Some("7"));
        assert_eq!(template_params("/v3/{a}/b/{c}"), vec!["a", "c"]);
    }

    #[test]
    fn object_url_from_raw_only() {
        let url = Url::parse(&json!({"raw": "{{baseUrl}}/x?y=1"})).unwrap();
        assert_eq!(url.template(), "/x");
        assert_eq!(url.query[0].key.as_deref(), Some("y"));
    }

    #[test]
    fn variables_inside_segments_keep_the_literal_text() {
        let url = Url::parse(&json!("{{b}}/profiles/celeb_{{USERNAME}}/v1.0/users('{{UserName}}')/people/{{id}}.json")).unwrap();
        assert_eq!(url.template(), "/profiles/celeb_{USERNAME}/v1.0/users('{UserName}')/people/{id}.json");
        let url = Url::parse(&json!({"host": ["{{b}}"], "path": ["{{hello_{{var}}}}", "a%2Fb", "x y", "{{open"]})).unwrap();
        assert_eq!(url.template(), "/{hello_var}/a%2Fb/x%20y/%7B%7Bopen");
        assert_eq!(template_params("/{a}/x{b}y/{a}"), vec!["a", "b"]);
        assert_eq!(template_segment(":id"), "{id}");
        assert_eq!(template_segment("{{$guid}}"), "{_guid}");
        assert_eq!(encode_literal("é?#"), "%C3%A9%3F%23");
    }

    #[test]
    fn unusable_urls() {
        assert!(Url::parse(&Value::Null).is_err());
        assert!(Url::parse(&json!(3)).is_err());
        assert!(Url::parse(&json!("")).is_err());
        assert!(Url::parse(&json!({"raw": ""})).is_err());
    }
}
