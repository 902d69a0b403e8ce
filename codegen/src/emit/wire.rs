//! How values look on the wire, computed by the generator for the expectations of the generated
//! tests: `Authorization: Basic` credentials and `application/x-www-form-urlencoded` bodies.

use serde_json::Value;

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

/// A flat JSON object as an `application/x-www-form-urlencoded` body, in key order, as
/// `serde_urlencoded` writes it (`null`s left out); `None` for anything else (nested values).
pub fn form_encoded(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    let mut pairs = Vec::new();
    for (key, value) in object {
        let text = match value {
            Value::Null => continue,
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Array(_) | Value::Object(_) => return None,
        };
        pairs.push(format!("{}={}", form_byte_serialize(key), form_byte_serialize(&text)));
    }
    Some(pairs.join("&"))
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
            Some("n=5&s=a+b%26c%3D%C3%A9&on=true")
        );
        assert_eq!(form_encoded(&json!({"a": [1]})), None);
    }
}
