//! Loading: bytes on disk → `serde_json::Value`.
//!
//! This stage knows files and formats, nothing about OpenAPI. YAML is read with `yaml_serde`,
//! JSON with `serde_json`; the format is chosen by the file extension (`.json` → JSON, anything
//! else → YAML, which also accepts JSON). Postman collections are recognised by their `info.schema`
//! and converted to OpenAPI by [`postman`].

mod nesting;
pub mod percent;
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
        // A number beyond `f64` (`1e400`) is an error for serde_json; the YAML reader (JSON is
        // YAML) keeps it as text, for the `numeric-limits` pass to drop with a warning.
        serde_json::from_str(text).or_else(|e| match yaml_serde::from_str::<Loaded>(text) {
            Ok(Loaded(value)) if e.to_string().starts_with("number out of range") => Ok(value),
            _ => Err(e),
        }).map_err(|e| {
            // serde_json's message ends in the position, which the excerpt shows.
            let message = e.to_string();
            let message = split_position(&message).map_or(message.as_str(), |(text, _)| text);
            let diagnostic = Diagnostic::error(Location::new(path, ""), format!("invalid JSON: {message}"));
            // serde_json counts the column of the offending character from 1; 0 means none yet.
            let at = Position { line: e.line().max(1), column: e.column().max(1) };
            Error::Input(Box::new(diagnostic.at_position(at)))
        })?
    } else {
        yaml_serde::from_str::<Loaded>(text).map(|loaded| loaded.0).map_err(|e| Error::Input(Box::new(yaml_diagnostic(path, &e))))?
    };
    if !value.is_object() {
        return Err(Error::input(
            Location::new(path, ""),
            "the document is not a mapping (expected an OpenAPI document or Postman collection)",
        ));
    }
    Ok(value)
}

/// A YAML syntax error as a diagnostic shown the way rustc shows an unclosed delimiter: the
/// message says what is wrong, the primary position is where the parser stopped, and the
/// construct it was inside (libyaml's "while parsing a flow sequence at line 4 column 7") is a
/// second, labelled position ("this sequence is never closed"). No position is repeated in prose.
fn yaml_diagnostic(path: &Path, e: &yaml_serde::Error) -> Diagnostic {
    let text = e.to_string();
    let (problem, context) = match text.split_once(", while ") {
        Some((problem, context)) => (problem, Some(context)),
        None => (text.as_str(), None),
    };
    let problem = split_position(problem).map_or(problem, |(text, _)| text);
    let mut diagnostic = Diagnostic::error(Location::new(path, ""), format!("invalid YAML: {problem}"));
    if let Some(l) = e.location() {
        diagnostic = diagnostic.at_position(Position { line: l.line().max(1), column: l.column().max(1) });
    }
    if let Some((construct, at)) = context.and_then(split_position) {
        let construct = construct.trim_start_matches("parsing ").trim_start_matches("scanning ");
        let label = match construct {
            "a flow sequence" if problem.contains("']'") => "this sequence is never closed".to_string(),
            "a flow mapping" if problem.contains("'}'") => "this mapping is never closed".to_string(),
            "a quoted scalar" if problem.contains("end of stream") => "this string is never closed".to_string(),
            other => format!("{other} starts here"),
        };
        diagnostic = diagnostic.with_related(at, label);
    }
    diagnostic
}

/// Splits `text` ending in ` at line L column C` into the text before and the position.
fn split_position(text: &str) -> Option<(&str, Position)> {
    let (before, rest) = text.rsplit_once(" at line ")?;
    let (line, column) = rest.split_once(" column ")?;
    Some((before, Position { line: line.trim().parse().ok()?, column: column.trim().parse().ok()? }))
}

/// A document read from YAML: a `serde_json::Value` as `Value`'s own `Deserialize` reads it,
/// except that an integer beyond 64 bits becomes a float (as serde_json's JSON reader makes it)
/// instead of failing the whole document ("JSON number out of range").
struct Loaded(Value);

impl<'de> serde::Deserialize<'de> for Loaded {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(LoadedVisitor).map(Loaded)
    }
}

/// A mapping key, read as `Value` reads keys (a string, e.g. `200` for an unquoted YAML `200:`).
struct Key(String);

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct KeyVisitor;
        impl serde::de::Visitor<'_> for KeyVisitor {
            type Value = String;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string key")
            }
            fn visit_str<E>(self, value: &str) -> std::result::Result<String, E> {
                Ok(value.to_string())
            }
            fn visit_string<E>(self, value: String) -> std::result::Result<String, E> {
                Ok(value)
            }
        }
        deserializer.deserialize_str(KeyVisitor).map(Key)
    }
}

struct LoadedVisitor;

impl<'de> serde::de::Visitor<'de> for LoadedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any valid JSON value")
    }
    fn visit_bool<E>(self, value: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> std::result::Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_u64<E>(self, value: u64) -> std::result::Result<Value, E> {
        Ok(Value::Number(value.into()))
    }
    fn visit_i128<E>(self, value: i128) -> std::result::Result<Value, E> {
        Ok(match i64::try_from(value) {
            Ok(n) => Value::Number(n.into()),
            Err(_) => serde_json::Number::from_f64(value as f64).map_or(Value::Null, Value::Number),
        })
    }
    fn visit_u128<E>(self, value: u128) -> std::result::Result<Value, E> {
        Ok(match u64::try_from(value) {
            Ok(n) => Value::Number(n.into()),
            Err(_) => serde_json::Number::from_f64(value as f64).map_or(Value::Null, Value::Number),
        })
    }
    fn visit_f64<E>(self, value: f64) -> std::result::Result<Value, E> {
        Ok(serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, value: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }
    fn visit_string<E>(self, value: String) -> std::result::Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(LoadedVisitor)
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Loaded(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut values = serde_json::Map::new();
        while let Some((Key(key), Loaded(value))) = map.next_entry()? {
            values.insert(key, value);
        }
        Ok(Value::Object(values))
    }
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
    fn invalid_yaml_has_its_position_and_the_unclosed_sequence() {
        let err = parse_document(b"a: [1, 2\nb: c", Path::new("bad.yaml")).unwrap_err();
        let d = err.diagnostic().expect("an input error");
        assert_eq!(d.message, "invalid YAML: did not find expected ',' or ']'");
        assert_eq!(d.position.map(|p| p.line), Some(2));
        assert_eq!(d.related, [(Position { line: 1, column: 4 }, "this sequence is never closed".to_string())]);
        let err = parse_document(b"a: {b: 1\n", Path::new("bad.yaml")).unwrap_err();
        assert_eq!(err.diagnostic().map(|d| d.related[0].1.as_str()), Some("this mapping is never closed"));
        let err = parse_document(b"a: \"open\n", Path::new("bad.yaml")).unwrap_err();
        assert_eq!(err.diagnostic().map(|d| d.related[0].1.as_str()), Some("this string is never closed"));
        let err = parse_document(b"{\"a\": [1,\n}", Path::new("bad.json")).unwrap_err();
        let d = err.diagnostic().expect("an input error");
        assert!(!d.message.contains(" at line "), "{}", d.message);
    }

    #[test]
    fn numbers_beyond_64_bits_or_f64_keep_the_document_loading() {
        let v = parse_document(b"a: 99999999999999999999999\nb: -99999999999999999999999\nc: 1e400\nd: 18446744073709551615\n200: ok", Path::new("x.yaml")).unwrap();
        assert_eq!(v["a"].as_f64(), Some(1e23));
        assert_eq!(v["b"].as_f64(), Some(-1e23));
        assert_eq!(v["c"], "1e400");
        assert_eq!(v["d"].as_u64(), Some(u64::MAX));
        assert_eq!(v["200"], "ok");
        let v = parse_document(br#"{"a": 99999999999999999999999, "c": 1e400}"#, Path::new("x.json")).unwrap();
        assert_eq!(v["a"].as_f64(), Some(1e23));
        assert_eq!(v["c"], "1e400");
        // Other JSON errors stay JSON errors.
        let err = parse_document(br#"{"c": 1e400, "d": [}"#, Path::new("x.json")).unwrap_err();
        assert!(err.to_string().contains("invalid JSON"), "{err}");
    }

    #[test]
    fn json_by_extension() {
        let v = parse_document(br#"{"a": 1}"#, Path::new("x.json")).unwrap();
        assert_eq!(v["a"], 1);
    }
}
