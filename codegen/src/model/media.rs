//! Media types: which kind each declared media type is, and which one of a content map a client
//! reads or sends. Media types are compared case-insensitively and without their parameters
//! (Mastercard writes `application/JSON`).

use indexmap::IndexMap;
use openapiv3::MediaType;

/// A media type without its parameters, in lower case.
pub fn essence(media_type: &str) -> String {
    media_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase()
}

/// Whether a media type is text: `text/*` (but not an event stream) or XML.
pub fn is_text(media_type: &str) -> bool {
    let e = essence(media_type);
    (e.starts_with("text/") && !is_event_stream(&e)) || e == "application/xml" || e.ends_with("+xml")
}

/// Whether a media type is server-sent events.
pub fn is_event_stream(media_type: &str) -> bool {
    essence(media_type) == "text/event-stream"
}

/// Whether a media type is a sequence of JSON values, one per line or record: JSON lines
/// (`application/x-ndjson`, `application/jsonl`, `application/jsonlines`, `application/x-jsonlines`)
/// or JSON text sequences (`application/json-seq`, `+json-seq`).
pub fn is_json_lines(media_type: &str) -> bool {
    let e = essence(media_type);
    let subtype = e.split('/').nth(1).unwrap_or_default();
    matches!(subtype, "x-ndjson" | "ndjson" | "jsonl" | "x-jsonl" | "jsonlines" | "x-jsonlines" | "json-seq") || subtype.ends_with("+json-seq")
}

/// Whether a media type is JSON read as one value: `application/json`, or any `+json`/`json`
/// type that is not a sequence of values.
pub fn is_json(media_type: &str) -> bool {
    let e = essence(media_type);
    e.contains("json") && !is_json_lines(&e)
}

/// The JSON media type of a content map: `application/json` first, else any other JSON type.
pub fn json_media(content: &IndexMap<String, MediaType>) -> Option<(&String, &MediaType)> {
    content.iter().find(|(k, _)| essence(k) == "application/json").or_else(|| content.iter().find(|(k, _)| is_json(k)))
}

/// The first media type of a content map that matches `kind`.
pub fn find(content: &IndexMap<String, MediaType>, kind: fn(&str) -> bool) -> Option<(&String, &MediaType)> {
    content.iter().find(|(k, _)| kind(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert!(is_json("application/JSON") && is_json("application/vnd.api+json") && is_json("application/json; charset=utf-8"));
        for lines in ["application/x-ndjson", "application/jsonl", "application/json-seq", "application/geo+json-seq", "application/x-jsonlines"] {
            assert!(is_json_lines(lines) && !is_json(lines), "{lines}");
        }
        assert!(is_event_stream("text/event-stream; charset=utf-8") && !is_text("text/event-stream"));
        assert!(is_text("text/csv") && is_text("application/atom+xml") && !is_text("application/json"));
    }
}
