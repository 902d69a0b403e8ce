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
}
