//! Loading: bytes on disk → `serde_json::Value`.
//!
//! This stage knows files and formats, nothing about OpenAPI. YAML is read with `yaml_serde`,
//! JSON with `serde_json`; the format is chosen by the file extension (`.json` → JSON, anything
//! else → YAML, which also accepts JSON). Postman collections are recognised by their `info.schema`
//! and converted to OpenAPI by [`postman`].

mod nesting;
pub mod postman;
pub mod spans;

pub use nesting::{check_nesting, MAX_NESTING};

use std::path::Path;

use serde_json::Value;

use crate::diag::{Diagnostic, Error, Location, Position, Result};

/// The pass name of loading diagnostics (`--message-format json`, warning groups).
pub const PASS: &str = "load";

/// Reads `path` and parses it into a JSON value; diagnostics name the file `display`.
pub fn read_document(path: &Path, display: &Path) -> Result<Value> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(display, e))?;
    parse_document(&bytes, display)
}

/// Parses `bytes` (the content of `path`) into a JSON value.
///
/// Errors name the file; for non-UTF-8 input the pointer is empty and the message gives the byte
/// offset, for syntax errors the message gives line and column.
pub fn parse_document(bytes: &[u8], path: &Path) -> Result<Value> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let valid = e.valid_up_to();
        let diagnostic = Diagnostic::error(
            Location::new(path, ""),
            format!("file is not valid UTF-8 (invalid byte at offset {valid})"),
        );
        // The text before the invalid byte is valid, so its end has a line and column.
        let before = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        Error::Input(Box::new(diagnostic.at_position(Position::at_offset(before, valid))))
    })?;
    let is_json = path.extension().is_some_and(|ext| ext.eq_ignore_ascii_case("json"));
    let value: Value = if is_json {
        serde_json::from_str(text).map_err(|e| {
            let diagnostic = Diagnostic::error(
                Location::new(path, ""),
                format!("invalid JSON at line {} column {}: {e}", e.line(), e.column()),
            );
            // serde_json counts the column of the offending character from 1; 0 means none yet.
            let at = Position { line: e.line().max(1), column: e.column().max(1) };
            Error::Input(Box::new(diagnostic.at_position(at)))
        })?
    } else {
        yaml_serde::from_str(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" at line {} column {}", l.line(), l.column()))
                .unwrap_or_default();
            let diagnostic = Diagnostic::error(Location::new(path, ""), format!("invalid YAML{at}: {e}"));
            let diagnostic = match e.location() {
                Some(l) => diagnostic.at_position(Position { line: l.line().max(1), column: l.column().max(1) }),
                None => diagnostic,
            };
            Error::Input(Box::new(diagnostic))
        })?
    };
    if !value.is_object() {
        return Err(Error::input(
            Location::new(path, ""),
            "the document is not a mapping (expected an OpenAPI document or Postman collection)",
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_the_file() {
        let err = parse_document(b"openapi: \xff\xfe", Path::new("bad.yaml")).unwrap_err();
        assert!(err.to_string().starts_with("error: bad.yaml#: file is not valid UTF-8"), "{err}");
    }

    #[test]
    fn invalid_yaml_names_line() {
        let err = parse_document(b"a: [1, 2\nb: c", Path::new("bad.yaml")).unwrap_err();
        assert!(err.to_string().contains("invalid YAML at line"), "{err}");
    }

    #[test]
    fn json_by_extension() {
        let v = parse_document(br#"{"a": 1}"#, Path::new("x.json")).unwrap();
        assert_eq!(v["a"], 1);
    }
}
