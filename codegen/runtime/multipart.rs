//! `multipart/form-data` request bodies (RFC 7578): typed fields and files, one part each.
//!
//! The body is encoded here rather than with reqwest's `multipart` form, so that it is plain
//! bytes: a request can be sent again on a retry, and every crate has the same dependencies.

use std::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::{Serialize, Serializer};

use super::encode;
use super::error::InvalidRequest;

/// A file to upload: its bytes, and optionally a file name and a media type (sent as
/// `application/octet-stream` when not set). Schemas with `type: string, format: binary` have
/// this type; in a `multipart/form-data` body each is one part.
///
/// In JSON it is written as a string when the bytes are UTF-8, else as an array of bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[allow(dead_code)] // used only by APIs with binary fields
pub struct FilePart {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

#[allow(dead_code)] // used only by APIs with binary fields
impl FilePart {
    /// A file with these contents, without a name or media type.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        FilePart { bytes: bytes.into(), file_name: None, content_type: None }
    }

    /// Sets the file name sent with the part (`filename=` of `Content-Disposition`).
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the part's media type (`Content-Type`), e.g. `image/png`.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// The file's contents.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The file name, if set.
    pub fn name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The media type, if set.
    pub fn media_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }
}

impl Serialize for FilePart {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match std::str::from_utf8(&self.bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => serializer.collect_seq(&self.bytes),
        }
    }
}

impl<'de> serde::Deserialize<'de> for FilePart {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Contents;
        impl<'de> Visitor<'de> for Contents {
            type Value = FilePart;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of bytes")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<FilePart, E> {
                Ok(FilePart::new(text.as_bytes()))
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<FilePart, E> {
                Ok(FilePart::new(bytes))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<FilePart, A::Error> {
                let mut bytes = Vec::new();
                while let Some(byte) = seq.next_element::<u8>()? {
                    bytes.push(byte);
                }
                Ok(FilePart::new(bytes))
            }
        }
        deserializer.deserialize_any(Contents)
    }
}

/// A `multipart/form-data` body being written, part by part.
#[derive(Debug)]
#[allow(dead_code)] // used only by APIs with multipart bodies
pub(crate) struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

#[allow(dead_code)] // used only by APIs with multipart bodies
impl Multipart {
    /// An empty body with a random boundary (128 bits: it cannot occur in the parts by chance).
    pub(crate) fn new() -> Self {
        Multipart { boundary: format!("codegen-{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..)), body: Vec::new() }
    }

    /// Adds a field if `value` is set: a scalar is one text part, an array of scalars one part
    /// per item, anything else (objects) one `application/json` part.
    pub(crate) fn field<T: Serialize>(&mut self, name: &str, value: Option<&T>) -> Result<(), InvalidRequest> {
        let Some(value) = value else { return Ok(()) };
        let json = serde_json::to_value(value).map_err(|e| InvalidRequest::new(name, e.to_string()))?;
        let scalar = |v: &serde_json::Value| !(v.is_object() || v.is_array());
        match &json {
            serde_json::Value::Null => {}
            serde_json::Value::Array(items) if items.iter().all(scalar) => {
                for item in items.iter().filter(|item| !item.is_null()) {
                    let text = encode::text(item, name)?;
                    self.part(name, None, None, text.as_bytes());
                }
            }
            v if scalar(v) => {
                let text = encode::text(v, name)?;
                self.part(name, None, None, text.as_bytes());
            }
            other => {
                let bytes = serde_json::to_vec(other).map_err(|e| InvalidRequest::new(name, e.to_string()))?;
                self.part(name, None, Some("application/json"), &bytes);
            }
        }
        Ok(())
    }

    /// Adds every top-level field of `value` (an object) with [`field`](Self::field).
    pub(crate) fn fields<T: Serialize>(&mut self, value: &T) -> Result<(), InvalidRequest> {
        match serde_json::to_value(value).map_err(|e| InvalidRequest::new("body", e.to_string()))? {
            serde_json::Value::Object(map) => super::encode::sorted_entries(&map).into_iter().try_for_each(|(name, value)| self.field(name, Some(value))),
            _ => Err(InvalidRequest::new("body", "cannot be sent as multipart/form-data: it is not an object")),
        }
    }

    /// Adds a file part if `file` is set.
    pub(crate) fn file(&mut self, name: &str, file: Option<&FilePart>) {
        if let Some(file) = file {
            let content_type = file.content_type.as_deref().unwrap_or("application/octet-stream");
            self.part(name, Some(file.file_name.as_deref().unwrap_or_default()), Some(content_type), &file.bytes);
        }
    }

    /// Adds one file part per file, all under `name`.
    pub(crate) fn files(&mut self, name: &str, files: Option<&Vec<FilePart>>) {
        for file in files.into_iter().flatten() {
            self.file(name, Some(file));
        }
    }

    fn part(&mut self, name: &str, file_name: Option<&str>, content_type: Option<&str>, bytes: &[u8]) {
        let mut head = format!("--{}\r\nContent-Disposition: form-data; name=\"{}\"", self.boundary, quoted(name));
        if let Some(file_name) = file_name {
            head.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        if let Some(content_type) = content_type {
            head.push_str(&format!("\r\nContent-Type: {content_type}"));
        }
        head.push_str("\r\n\r\n");
        self.body.extend_from_slice(head.as_bytes());
        self.body.extend_from_slice(bytes);
        self.body.extend_from_slice(b"\r\n");
    }

    /// The encoded body and its media type (`multipart/form-data; boundary=…`).
    pub(crate) fn finish(mut self) -> (Vec<u8>, String) {
        self.body.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        (self.body, format!("multipart/form-data; boundary={}", self.boundary))
    }
}

/// A name or file name inside a quoted `Content-Disposition` parameter: `"`, CR and LF
/// percent-encoded, as browsers do (WHATWG HTML, multipart/form-data encoding algorithm).
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_framed_by_the_boundary() {
        let mut form = Multipart::new();
        form.field("n", Some(&3)).unwrap();
        form.field("tags", Some(&vec!["a", "b"])).unwrap();
        form.field("meta", Some(&serde_json::json!({"k": 1}))).unwrap();
        form.file("up\"load", Some(&FilePart::new(vec![0, 255]).file_name("a.bin")));
        let boundary = form.boundary.clone();
        let (body, content_type) = form.finish();
        assert_eq!(content_type, format!("multipart/form-data; boundary={boundary}"));
        let expected = [
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n3\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\na\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nb\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":1}}\r\n").into_bytes(),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"up%22load\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n").into_bytes(),
            vec![0, 255],
            format!("\r\n--{boundary}--\r\n").into_bytes(),
        ]
        .concat();
        assert_eq!(body, expected);
    }

    /// An array of objects is one JSON part (not one text part per item); `fields` writes every
    /// field of an object, sorted by name, and refuses anything else; `files` writes one part
    /// per file under the same name, with each file's name and media type.
    #[test]
    fn objects_fields_and_files() {
        let mut form = Multipart::new();
        form.field("rows", Some(&serde_json::json!([{"a": 1}, {"b": 2}]))).unwrap();
        form.fields(&serde_json::json!({"z": "last", "a": true})).unwrap();
        assert!(form.fields(&serde_json::json!([1, 2])).is_err());
        let files = vec![FilePart::new(b"x".to_vec()).file_name("a.txt").content_type("text/plain"), FilePart::new(b"y".to_vec())];
        form.files("docs", Some(&files));
        let boundary = form.boundary.clone();
        let (body, _) = form.finish();
        let expected = [
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"rows\"\r\nContent-Type: application/json\r\n\r\n[{{\"a\":1}},{{\"b\":2}}]\r\n"),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ntrue\r\n"),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"z\"\r\n\r\nlast\r\n"),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"docs\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nx\r\n"),
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"docs\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\ny\r\n"),
            format!("--{boundary}--\r\n"),
        ]
        .concat();
        assert_eq!(String::from_utf8(body).unwrap(), expected);
    }

    #[test]
    fn file_part_accessors() {
        let file = FilePart::new(b"x".to_vec()).file_name("a.txt").content_type("text/plain");
        assert_eq!((file.name(), file.media_type(), file.bytes()), (Some("a.txt"), Some("text/plain"), &b"x"[..]));
        let bare = FilePart::new(Vec::new());
        assert_eq!((bare.name(), bare.media_type()), (None, None));
    }

    #[test]
    fn file_parts_from_bytes_and_wrong_types() {
        use serde::Deserialize as _;
        let from_bytes = FilePart::deserialize(serde::de::value::BytesDeserializer::<serde::de::value::Error>::new(&[1, 2])).unwrap();
        assert_eq!(from_bytes.bytes(), &[1, 2]);
        let err = serde_json::from_str::<FilePart>("3").unwrap_err().to_string();
        assert!(err.contains("a string or an array of bytes"), "{err}");
    }

    #[test]
    fn file_parts_read_and_write_json() {
        let file: FilePart = serde_json::from_str("\"hi\"").unwrap();
        assert_eq!(file.bytes(), b"hi");
        assert_eq!(serde_json::to_string(&file).unwrap(), "\"hi\"");
        let binary: FilePart = serde_json::from_str("[0,255]").unwrap();
        assert_eq!(serde_json::to_string(&binary).unwrap(), "[0,255]");
    }
}
