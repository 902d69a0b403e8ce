//! Encoding of values into path segments, query strings and header values.

use serde::Serialize;

use super::error::InvalidRequest;

/// Renders a scalar parameter value as text: strings as they are, numbers and booleans in JSON
/// form, enums as their wire value. Arrays render each element (see [`texts`]).
pub(crate) fn text<T: Serialize + ?Sized>(value: &T, field: &str) -> Result<String, InvalidRequest> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        Ok(serde_json::Value::Number(n)) => Ok(n.to_string()),
        Ok(serde_json::Value::Bool(b)) => Ok(b.to_string()),
        Ok(other) => Err(InvalidRequest::new(field, format!("cannot be sent as text: {other}"))),
        Err(e) => Err(InvalidRequest::new(field, e.to_string())),
    }
}

/// Renders a parameter that may be an array: one text per element, or one text for a scalar.
pub(crate) fn texts<T: Serialize + ?Sized>(value: &T, field: &str) -> Result<Vec<String>, InvalidRequest> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Array(items)) => items.iter().map(|item| text(item, field)).collect(),
        _ => Ok(vec![text(value, field)?]),
    }
}

/// Percent-encodes `segment` so that it stays exactly one path segment: everything but RFC 3986
/// unreserved characters is encoded, so `/`, `?`, `#`, `%` and non-ASCII cannot change the path.
/// (The dot segments are rejected by [`encode_path_segment`]: URL parsers resolve even `%2E%2E`.)
#[allow(dead_code)] // used only by APIs with path parameters
pub(crate) fn path_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Renders a path parameter and encodes it as exactly one path segment. An empty value, `.` or
/// `..` would address another resource (URL parsers resolve dot segments, even encoded ones), so
/// they are rejected.
#[allow(dead_code)] // used only by APIs with path parameters
pub(crate) fn encode_path_segment<T: Serialize + ?Sized>(value: &T, field: &str) -> Result<String, InvalidRequest> {
    let text = text(value, field)?;
    if text.is_empty() || text == "." || text == ".." {
        return Err(InvalidRequest::new(field, format!("cannot be {text:?}: it would change which resource the path names")));
    }
    Ok(path_segment(&text))
}

/// How a query parameter is serialised (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each API uses some of the styles
pub(crate) enum QueryStyle {
    /// `form` (the default): arrays repeat the key or join with `,`; objects spread their
    /// properties as keys (`explode`) or join `key,value,…`.
    Form,
    /// `spaceDelimited`: array items (or object keys and values) joined with spaces.
    SpaceDelimited,
    /// `pipeDelimited`: joined with `|`.
    PipeDelimited,
    /// `deepObject`: an object as `name[key]=value` pairs.
    DeepObject,
}

/// The `(name, value)` pairs of a query parameter in `style`; empty for `null`.
#[allow(dead_code)] // used only by APIs with query parameters
pub(crate) fn query_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    style: QueryStyle,
    explode: bool,
) -> Result<Vec<(String, String)>, InvalidRequest> {
    use serde_json::Value;
    let value = serde_json::to_value(value).map_err(|e| InvalidRequest::new(name, e.to_string()))?;
    // Nested values have no defined form; they are written as JSON.
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let joiner = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form | QueryStyle::DeepObject => ",",
    };
    let pairs = match &value {
        Value::Null => Vec::new(),
        Value::Array(items) if explode || style == QueryStyle::DeepObject => {
            items.iter().filter(|v| !v.is_null()).map(|v| (name.to_string(), text(v))).collect()
        }
        Value::Array(items) => vec![(name.to_string(), items.iter().filter(|v| !v.is_null()).map(text).collect::<Vec<_>>().join(joiner))],
        Value::Object(map) if style == QueryStyle::DeepObject => {
            fn deep(key: String, value: &Value, out: &mut Vec<(String, String)>) {
                match value {
                    Value::Null => {}
                    Value::Object(map) => sorted_entries(map).into_iter().for_each(|(k, v)| deep(format!("{key}[{k}]"), v, out)),
                    Value::Array(items) => items.iter().for_each(|v| deep(format!("{key}[]"), v, out)),
                    Value::String(s) => out.push((key, s.clone())),
                    other => out.push((key, other.to_string())),
                }
            }
            let mut out = Vec::new();
            sorted_entries(map).into_iter().for_each(|(k, v)| deep(format!("{name}[{k}]"), v, &mut out));
            out
        }
        Value::Object(map) if explode => sorted_entries(map).into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), text(v))).collect(),
        Value::Object(map) => {
            let flat: Vec<String> = sorted_entries(map).into_iter().filter(|(_, v)| !v.is_null()).flat_map(|(k, v)| [k.clone(), text(v)]).collect();
            vec![(name.to_string(), flat.join(joiner))]
        }
        scalar => vec![(name.to_string(), text(scalar))],
    };
    Ok(pairs)
}

/// One `name=value` pair of a query string, each side with the form-urlencoded byte
/// serializer; with `allow_reserved`, the value keeps RFC 3986 reserved characters that do not
/// change how the query string splits (`:/?@!$'()*,;[]`); `&`, `=`, `+` and `#` are encoded.
#[allow(dead_code)] // used only by APIs with query parameters or query API keys
pub(crate) fn query_pair(name: &str, value: &str, allow_reserved: bool) -> String {
    let mut out = String::new();
    form_serialize(name, false, &mut out);
    out.push('=');
    form_serialize(value, allow_reserved, &mut out);
    out
}

/// `text` with the form-urlencoded byte serializer (see [`form_serialize`]).
#[allow(dead_code)] // used only by APIs with an OAuth 2 client-credentials flow
pub(crate) fn form_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    form_serialize(text, false, &mut out);
    out
}

/// The WHATWG form-urlencoded byte serializer: letters, digits and `*-._` as they are, space as
/// `+`, every other byte `%XX` (but for reserved characters kept by `keep_reserved`).
fn form_serialize(text: &str, keep_reserved: bool, out: &mut String) {
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            b':' | b'/' | b'?' | b'@' | b'!' | b'$' | b'\'' | b'(' | b')' | b',' | b';' | b'[' | b']' if keep_reserved => out.push(char::from(byte)),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
}

/// A cookie value: the bytes an RFC 6265 `cookie-octet` cannot hold (controls, space, `"`,
/// `;`, `\`, non-ASCII) and `%`, percent-encoded; `,` is kept, as OpenAPI's `form` style joins
/// arrays with it.
#[allow(dead_code)] // used only by APIs with cookie parameters or cookie API keys
pub(crate) fn cookie_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'!' | b'#'..=b'$' | b'&'..=b'+' | b','..=b':' | b'<'..=b'[' | b']'..=b'~' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The `key=value` pairs of an `application/x-www-form-urlencoded` body (OpenAPI's default
/// `style: form, explode: true`), keys in sorted order: a top-level array repeats its key
/// (`tag=a&tag=b`); nested objects use `deepObject` brackets (`address[city]=Paris`) and arrays
/// inside them indices (`items[0][price]=5`); `null`s are left out.
#[allow(dead_code)] // used only by APIs with form bodies
pub(crate) fn form_pairs(value: &serde_json::Value) -> Result<Vec<(String, String)>, InvalidRequest> {
    fn nested(key: String, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match value {
            serde_json::Value::Null => {}
            serde_json::Value::Object(map) => sorted_entries(map).into_iter().for_each(|(k, v)| nested(format!("{key}[{k}]"), v, out)),
            serde_json::Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| nested(format!("{key}[{i}]"), v, out)),
            serde_json::Value::String(s) => out.push((key, s.clone())),
            other => out.push((key, other.to_string())),
        }
    }
    let serde_json::Value::Object(map) = value else {
        return Err(InvalidRequest::new("body", "cannot be sent as a form: it is not an object"));
    };
    let mut out = Vec::new();
    for (key, value) in sorted_entries(map) {
        match value {
            serde_json::Value::Array(items) if items.iter().all(|v| !(v.is_object() || v.is_array())) => {
                items.iter().for_each(|v| nested(key.clone(), v, &mut out));
            }
            other => nested(key.clone(), other, &mut out),
        }
    }
    Ok(out)
}

/// The entries of a JSON object in key order. Forms, multipart parts and object-valued query
/// parameters are written in this order whether or not `serde_json`'s `preserve_order` feature
/// is on (a crate's dependencies may turn it on), so the bytes sent never depend on it.
#[allow(dead_code)] // used only by APIs with forms, multipart bodies or object parameters
pub(crate) fn sorted_entries(map: &serde_json::Map<String, serde_json::Value>) -> Vec<(&String, &serde_json::Value)> {
    let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

/// Writes pairs as `application/x-www-form-urlencoded` text (see [`query_pair`]).
#[allow(dead_code)] // used only by APIs with form bodies
pub(crate) fn form_urlencoded(pairs: &[(String, String)]) -> String {
    pairs.iter().map(|(k, v)| query_pair(k, v, false)).collect::<Vec<_>>().join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(path_segment("a/b?c#d%e"), "a%2Fb%3Fc%23d%25e");
        assert_eq!(path_segment("a..b"), "a..b");
        for bad in ["", ".", ".."] {
            assert!(encode_path_segment(bad, "id").is_err(), "{bad:?} is rejected");
        }
        assert_eq!(path_segment("jane@example.com"), "jane%40example.com");
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    #[test]
    fn texts_render_scalars_and_arrays() {
        assert_eq!(text(&true, "f").unwrap(), "true");
        assert_eq!(text(&42_i64, "f").unwrap(), "42");
        assert_eq!(texts(&vec!["a", "b"], "f").unwrap(), ["a", "b"]);
    }

    #[test]
    fn query_styles() {
        let pairs = |v: serde_json::Value, style, explode| query_pairs("p", &v, style, explode).unwrap();
        let list = serde_json::json!(["a", "b c"]);
        let object = serde_json::json!({"x": 1, "y": "z"});
        let p = |v: &str| ("p".to_string(), v.to_string());
        assert_eq!(pairs(list.clone(), QueryStyle::Form, true), [p("a"), p("b c")]);
        assert_eq!(pairs(list.clone(), QueryStyle::Form, false), [p("a,b c")]);
        assert_eq!(pairs(list.clone(), QueryStyle::SpaceDelimited, false), [p("a b c")]);
        assert_eq!(pairs(list, QueryStyle::PipeDelimited, false), [p("a|b c")]);
        assert_eq!(pairs(object.clone(), QueryStyle::Form, false), [p("x,1,y,z")]);
        assert_eq!(pairs(object.clone(), QueryStyle::Form, true), [("x".to_string(), "1".to_string()), ("y".to_string(), "z".to_string())]);
        assert_eq!(pairs(object, QueryStyle::DeepObject, true), [("p[x]".to_string(), "1".to_string()), ("p[y]".to_string(), "z".to_string())]);
        assert_eq!(query_pair("p[x]", "a/b&c d", true), "p%5Bx%5D=a/b%26c+d");
        assert_eq!(query_pair("q", "a/b", false), "q=a%2Fb");
        assert_eq!(cookie_value("a b;c,d"), "a%20b%3Bc,d");
    }

    #[test]
    fn forms_nest_with_brackets() {
        let value = serde_json::json!({"a b": "x&y", "tag": ["p", "q"], "addr": {"city": "Paris", "lines": ["1"]}, "items": [{"n": 1}], "gone": null});
        let text = form_urlencoded(&form_pairs(&value).unwrap());
        // Keys in sorted order (`sorted_entries`), whatever serde_json's features.
        assert_eq!(text, "a+b=x%26y&addr%5Bcity%5D=Paris&addr%5Blines%5D%5B0%5D=1&items%5B0%5D%5Bn%5D=1&tag=p&tag=q");
    }
}
