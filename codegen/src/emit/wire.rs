//! How values look on the wire, computed by the generator for the expectations of the generated
//! tests: `Authorization: Basic` credentials, `application/x-www-form-urlencoded` bodies and the
//! parts of `multipart/form-data` bodies.

use serde_json::Value;

use crate::model::QueryStyle;

/// Standard base64 with padding (RFC 4648 §4).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            out.push(if i <= chunk.len() { char::from(ALPHABET[((n >> shift) & 63) as usize]) } else { '=' });
        }
    }
    out
}

/// A JSON object as an `application/x-www-form-urlencoded` body, as the runtime's
/// `encode::form_pairs` writes it: keys sorted (the runtime reads the body as a
/// `serde_json::Value`), `null`s left out, a top-level array of scalars
/// repeating its key, nested objects in brackets (`a%5Bb%5D=c`) and arrays inside them indexed;
/// `None` for anything but an object.
pub fn form_encoded(value: &Value) -> Option<String> {
    fn nested(key: String, value: &Value, out: &mut Vec<(String, String)>) {
        match value {
            Value::Null => {}
            Value::Object(map) => map.iter().for_each(|(k, v)| nested(format!("{key}[{k}]"), v, out)),
            Value::Array(items) => items.iter().enumerate().for_each(|(i, v)| nested(format!("{key}[{i}]"), v, out)),
            Value::String(s) => out.push((key, s.clone())),
            other => out.push((key, other.to_string())),
        }
    }
    let value = sorted(value);
    let object = value.as_object()?;
    let mut pairs = Vec::new();
    for (key, value) in object {
        match value {
            Value::Array(items) if items.iter().all(|v| !(v.is_object() || v.is_array())) => {
                items.iter().for_each(|v| nested(key.clone(), v, &mut pairs));
            }
            other => nested(key.clone(), other, &mut pairs),
        }
    }
    Some(pairs.iter().map(|(k, v)| format!("{}={}", form_byte_serialize(k), form_byte_serialize(v))).collect::<Vec<_>>().join("&"))
}

/// `value` with every object's keys in sorted order, as the runtime sees a value it has turned
/// into a `serde_json::Value` (without `preserve_order`, objects are sorted maps).
fn sorted(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Value::Object(keys.into_iter().map(|k| (k.clone(), sorted(&map[k]))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted).collect()),
        other => other.clone(),
    }
}

/// The decoded `(name, value)` pairs of a query parameter with value `value`, as the runtime's
/// `encode::query_pairs` writes them.
pub fn query_pairs(name: &str, value: &Value, style: QueryStyle, explode: bool) -> Vec<(String, String)> {
    let value = &sorted(value);
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let joiner = match style {
        QueryStyle::SpaceDelimited => " ",
        QueryStyle::PipeDelimited => "|",
        QueryStyle::Form | QueryStyle::DeepObject => ",",
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) if explode || style == QueryStyle::DeepObject => {
            items.iter().filter(|v| !v.is_null()).map(|v| (name.to_string(), text(v))).collect()
        }
        Value::Array(items) => vec![(name.to_string(), items.iter().filter(|v| !v.is_null()).map(text).collect::<Vec<_>>().join(joiner))],
        Value::Object(map) if style == QueryStyle::DeepObject => {
            fn deep(key: String, value: &Value, out: &mut Vec<(String, String)>) {
                match value {
                    Value::Null => {}
                    Value::Object(map) => map.iter().for_each(|(k, v)| deep(format!("{key}[{k}]"), v, out)),
                    Value::Array(items) => items.iter().for_each(|v| deep(format!("{key}[]"), v, out)),
                    Value::String(s) => out.push((key, s.clone())),
                    other => out.push((key, other.to_string())),
                }
            }
            let mut out = Vec::new();
            map.iter().for_each(|(k, v)| deep(format!("{name}[{k}]"), v, &mut out));
            out
        }
        Value::Object(map) if explode => map.iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.clone(), text(v))).collect(),
        Value::Object(map) => {
            let flat: Vec<String> = map.iter().filter(|(_, v)| !v.is_null()).flat_map(|(k, v)| [k.clone(), text(v)]).collect();
            vec![(name.to_string(), flat.join(joiner))]
        }
        scalar => vec![(name.to_string(), text(scalar))],
    }
}

/// A cookie value as the runtime's `encode::cookie_value` writes it.
pub fn cookie_value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'!' | b'#'..=b'$' | b'&'..=b'+' | b','..=b':' | b'<'..=b'[' | b']'..=b'~' => out.push(char::from(byte)),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// One part of a `multipart/form-data` body, as the runtime's `Multipart` writes it.
pub struct Part<'a> {
    /// The field name.
    pub name: &'a str,
    /// For a file part: its file name and media type.
    pub file: Option<(&'a str, &'a str)>,
    /// The part's media type, for a field sent as JSON.
    pub content_type: Option<&'a str>,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// The parts the runtime's `Multipart::field` writes for a field with value `value`: none for
/// `null`, one text part per item of an array of scalars, one text part for a scalar, else one
/// `application/json` part.
pub fn field_parts<'a>(name: &'a str, value: &Value) -> Vec<Part<'a>> {
    let value = &sorted(value);
    let scalar = |v: &Value| !(v.is_object() || v.is_array());
    let text = |v: &Value| match v {
        Value::String(s) => s.clone().into_bytes(),
        other => other.to_string().into_bytes(),
    };
    match value {
        Value::Null => Vec::new(),
        Value::Array(items) if items.iter().all(scalar) => {
            items.iter().filter(|v| !v.is_null()).map(|v| Part { name, file: None, content_type: None, bytes: text(v) }).collect()
        }
        v if scalar(v) => vec![Part { name, file: None, content_type: None, bytes: text(v) }],
        other => vec![Part { name, file: None, content_type: Some("application/json"), bytes: serde_json::to_vec(other).unwrap_or_default() }],
    }
}

/// A `multipart/form-data` body of `parts`, as the pieces between its boundaries: the body is
/// `pieces[0] boundary pieces[1] boundary … pieces[n]`.
pub fn multipart_pieces(parts: &[Part<'_>]) -> Vec<Vec<u8>> {
    let quoted = |text: &str| text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A");
    let mut pieces = vec![b"--".to_vec()];
    for part in parts {
        let mut head = format!("\r\nContent-Disposition: form-data; name=\"{}\"", quoted(part.name));
        let content_type = match part.file {
            Some((file_name, content_type)) => {
                head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
                Some(content_type)
            }
            None => part.content_type,
        };
        if let Some(content_type) = content_type {
            head.push_str(&format!("\r\nContent-Type: {content_type}"));
        }
        head.push_str("\r\n\r\n");
        let mut piece = head.into_bytes();
        piece.extend_from_slice(&part.bytes);
        piece.extend_from_slice(b"\r\n--");
        pieces.push(piece);
    }
    pieces.push(b"--\r\n".to_vec());
    pieces
}

/// The form-urlencoded byte serializer (WHATWG URL): letters, digits and `*-._` as they are,
/// space as `+`, every other byte `%XX`.
fn form_byte_serialize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => out.push(char::from(byte)),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn encodings() {
        assert_eq!(base64(b"test-user:test-pass"), "dGVzdC11c2VyOnRlc3QtcGFzcw==");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(
            form_encoded(&json!({"n": 5, "s": "a b&c=é", "on": true, "gone": null})).as_deref(),
            Some("n=5&on=true&s=a+b%26c%3D%C3%A9")
        );
        assert_eq!(form_encoded(&json!({"a": [1, 2], "o": {"k": [true]}})).as_deref(), Some("a=1&a=2&o%5Bk%5D%5B0%5D=true"));
        assert_eq!(form_encoded(&json!([1])), None);
        let mut parts = field_parts("tags", &json!(["a", 1]));
        parts.extend(field_parts("meta", &json!({"k": 1})));
        parts.push(Part { name: "f\"", file: Some(("a.bin", "image/png")), content_type: None, bytes: vec![0] });
        let pieces = multipart_pieces(&parts);
        let body = pieces.join(&b"B"[..]);
        let expected = "--B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n--B\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\n1\r\n\
            --B\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{\"k\":1}\r\n\
            --B\r\nContent-Disposition: form-data; name=\"f%22\"; filename=\"a.bin\"\r\nContent-Type: image/png\r\n\r\n\0\r\n--B--\r\n";
        assert_eq!(String::from_utf8_lossy(&body), expected);
    }
}
