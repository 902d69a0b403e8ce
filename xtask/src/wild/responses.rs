//! The responses of a generated client checked against the document they came from: every
//! response the document declares with content must be read into a type (never discarded as
//! `()`), and in the way its media type asks (JSON decoded, text as text, events and JSON lines
//! as streams, anything else as bytes). The document is read as JSON here, not through the
//! generator's model, so a mistake of the generator cannot hide itself.

use codegen::model::media;
use codegen::model::{Operation, ResponseMedia, Status};
use serde_json::Value;

/// What the check found in one document.
#[derive(Debug, Default)]
pub struct Findings {
    /// Responses the document declares with content.
    pub declared: usize,
    /// Responses declared with content that the client reads as nothing.
    pub read_as_nothing: Vec<String>,
    /// Responses read in a media type the document does not declare for them, or read in a way
    /// their media type does not allow (JSON decoding of XML, say).
    pub misread: Vec<String>,
}

/// Checks every operation of `ops` against `doc`.
pub fn check<'a>(doc: &Value, ops: impl IntoIterator<Item = &'a Operation>) -> Findings {
    let mut findings = Findings::default();
    for op in ops {
        let Some(responses) = doc.pointer(&op.location.pointer).and_then(|o| o.get("responses")).and_then(Value::as_object) else {
            continue;
        };
        for (key, response) in responses {
            let response = follow(doc, response);
            let declared: Vec<String> = response.get("content").and_then(Value::as_object).map(|c| c.keys().cloned().collect()).unwrap_or_default();
            if declared.is_empty() {
                continue;
            }
            let Some(status) = status_of(key) else { continue };
            findings.declared += 1;
            let what = format!("{} {} {key}", op.method.as_str(), op.path);
            let Some(read) = op.responses.iter().find(|r| r.status == status) else {
                findings.read_as_nothing.push(format!("{what}: declares {} and has no response", declared.join(", ")));
                continue;
            };
            if read.ty.is_none() {
                findings.read_as_nothing.push(format!("{what}: declares {}, read as nothing", declared.join(", ")));
                continue;
            }
            let Some(media_type) = &read.media_type else {
                findings.misread.push(format!("{what}: read with no media type, declared {}", declared.join(", ")));
                continue;
            };
            if !declared.iter().any(|d| media::essence(d) == media::essence(media_type)) {
                findings.misread.push(format!("{what}: reads `{media_type}`, declared {}", declared.join(", ")));
            } else if !reads_as(media_type, read.media) {
                findings.misread.push(format!("{what}: `{media_type}` read as {:?}", read.media));
            }
        }
    }
    findings
}

/// Whether a body of `media_type` may be read as `how`. Wildcard ranges (`*/*`, `image/*`) say
/// nothing about the bytes, so any reading is allowed for them.
fn reads_as(media_type: &str, how: ResponseMedia) -> bool {
    let essence = media::essence(media_type);
    if essence.ends_with("/*") {
        return true;
    }
    let expected = if media::is_event_stream(&essence) {
        ResponseMedia::EventStream
    } else if media::is_json_lines(&essence) {
        ResponseMedia::JsonLines
    } else if media::is_json(&essence) {
        ResponseMedia::Json
    } else if media::is_text(&essence) {
        ResponseMedia::Text
    } else {
        ResponseMedia::Binary
    };
    expected == how
}

/// A response object, its `$ref` followed (a few times at most, in case of chains).
fn follow<'a>(doc: &'a Value, mut value: &'a Value) -> &'a Value {
    for _ in 0..8 {
        match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')).and_then(|p| doc.pointer(p)) {
            Some(target) => value = target,
            None => break,
        }
    }
    value
}

/// The status a `responses` key stands for: `200`, `2XX`, `default`.
fn status_of(key: &str) -> Option<Status> {
    let key = key.trim();
    if key.eq_ignore_ascii_case("default") {
        return Some(Status::Default);
    }
    if let Ok(code) = key.parse::<u16>() {
        return Some(Status::Code(code));
    }
    let lower = key.to_ascii_lowercase();
    lower.strip_suffix("xx").and_then(|d| d.parse::<u16>().ok()).map(Status::Range)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_and_readings() {
        assert_eq!(status_of("204"), Some(Status::Code(204)));
        assert_eq!(status_of("4XX"), Some(Status::Range(4)));
        assert_eq!(status_of("default"), Some(Status::Default));
        assert!(reads_as("application/xml", ResponseMedia::Text) && !reads_as("application/xml", ResponseMedia::Json));
        assert!(reads_as("application/x-ndjson", ResponseMedia::JsonLines) && !reads_as("application/x-ndjson", ResponseMedia::Json));
        assert!(reads_as("*/*", ResponseMedia::Json) && reads_as("image/png", ResponseMedia::Binary));
    }

    /// A faithful client passes; the same client with a response discarded or read as JSON
    /// instead of XML is caught.
    #[test]
    fn a_discarded_or_misread_response_is_found() {
        let doc = serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
            "paths": {"/report": {"get": {"operationId": "getReport", "responses": {
                "200": {"description": "ok", "content": {"application/xml": {"schema": {"type": "string"}}}},
                "404": {"description": "gone", "content": {"application/json": {"example": {"reason": "gone"}}}}
            }}}}
        });
        let generated = codegen::generate_document("audit", std::path::Path::new("audit.json"), doc.clone()).expect("generates");
        let ops: Vec<Operation> = generated.api.modules.iter().flat_map(|m| m.operations.clone()).collect();
        let faithful = check(&doc, &ops);
        assert_eq!((faithful.declared, faithful.read_as_nothing.len(), faithful.misread.len()), (2, 0, 0), "{faithful:?}");
        let mut broken = ops.clone();
        broken[0].responses.iter_mut().find(|r| r.status == Status::Code(404)).expect("404").ty = None;
        broken[0].responses.iter_mut().find(|r| r.status == Status::Code(200)).expect("200").media = ResponseMedia::Json;
        let found = check(&doc, &broken);
        assert_eq!((found.read_as_nothing.len(), found.misread.len()), (1, 1), "{found:?}");
    }
}
