//! A request being assembled by an operation, before the client sends it.

use std::borrow::Cow;
use std::time::Duration;

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;
use serde::Serialize;

use super::encode::{self, QueryStyle};
use super::error::InvalidRequest;
use super::multipart::Multipart;

/// Per-call settings that override the client's, and what a call adds to the request that the
/// API description does not list.
#[derive(Debug, Clone, Default)]
pub(crate) struct CallOptions {
    /// Timeout of each attempt.
    pub(crate) timeout: Option<Duration>,
    /// How many times to retry.
    pub(crate) max_retries: Option<u32>,
    /// Query pairs added after the operation's own, encoded.
    pub(crate) extra_query: Vec<String>,
    /// Headers added (replacing the operation's own of the same name), checked when sent.
    pub(crate) extra_headers: Vec<(String, String)>,
    /// Fields added to a JSON object body (replacing the body's own of the same name).
    pub(crate) extra_body: Vec<(String, serde_json::Value)>,
}

impl CallOptions {
    /// Adds a query pair the API description does not list.
    pub(crate) fn add_query(&mut self, name: &str, value: &str) {
        self.extra_query.push(encode::query_pair(name, value, false));
    }

    /// `request` with the extras: query pairs after its own, headers replacing its own, and
    /// fields merged into its body when that is a JSON object (any other body is left alone).
    pub(crate) fn with_extras(&self, mut request: Request) -> Result<Request, InvalidRequest> {
        request.query.extend(self.extra_query.iter().cloned());
        for (name, value) in &self.extra_headers {
            let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::new(name.clone(), "is not a valid header name"))?;
            let value = HeaderValue::from_str(value)
                .map_err(|_| InvalidRequest::new(name.clone(), "contains characters not allowed in a header (such as a line break)"))?;
            request.headers.retain(|(n, _)| *n != header);
            request.headers.push((header, value));
        }
        if self.extra_body.is_empty() {
            return Ok(request);
        }
        let Some((bytes, content_type)) = &mut request.body else {
            return Err(InvalidRequest::new("body", "extra body fields need a JSON body, and this call sends none"));
        };
        match serde_json::from_slice::<serde_json::Value>(bytes) {
            Ok(serde_json::Value::Object(mut object)) if content_type.contains("json") => {
                for (name, value) in &self.extra_body {
                    object.insert(name.clone(), value.clone());
                }
                *bytes = serde_json::to_vec(&object).map_err(|e| InvalidRequest::new("body", e.to_string()))?;
                Ok(request)
            }
            _ => Err(InvalidRequest::new("body", "extra body fields need a JSON object body")),
        }
    }
}

/// How an operation may send the client's credentials; the client uses the first of an
/// operation's list that it has a credential for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each API uses some of the kinds
pub(crate) enum Auth {
    /// `Authorization: <scheme> <api key>` (`Bearer` for bearer and OAuth 2 tokens).
    Http(&'static str),
    /// `Authorization: Basic …`, from the user name and password.
    Basic,
    /// The API key in this header.
    Header(&'static str),
    /// The API key in this query parameter.
    Query(&'static str),
    /// The API key in this cookie.
    Cookie(&'static str),
    /// `Authorization: Bearer`: the API key, else a token the client fetches with the OAuth 2
    /// client-credentials flow whose token URL (as the document writes it) this is.
    OAuth2(&'static str),
}

/// A request body made afresh for each attempt: bytes or a file can be sent again (so the call
/// is retried as usual), a stream only once (a call sending one is never retried).
pub(crate) trait BodySource: Send + Sync + std::fmt::Debug {
    /// The body for one more attempt, or `None` when it cannot be sent again.
    fn body(&self) -> Option<reqwest::Body>;
    /// Whether [`body`](Self::body) can give a body more than once.
    fn replayable(&self) -> bool;
}

/// A request: method, encoded path, query, headers, body and how it authenticates.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) method: Method,
    pub(crate) path: String,
    /// The query string's `name=value` pairs, encoded.
    pub(crate) query: Vec<String>,
    /// The `Cookie` header's `name=value` pairs, encoded.
    pub(crate) cookies: Vec<String>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    /// The encoded body and its media type.
    pub(crate) body: Option<(Vec<u8>, Cow<'static, str>)>,
    /// A body made afresh for each attempt (a file read again, a stream sent once), and its
    /// media type; it replaces `body`.
    pub(crate) source: Option<(std::sync::Arc<dyn BodySource>, Cow<'static, str>)>,
    pub(crate) auth: &'static [Auth],
    /// The `Accept` header: `application/json` unless the operation answers in other types.
    pub(crate) accept: &'static str,
    /// The operation's id in the API description (for hooks and tracing).
    pub(crate) operation_id: &'static str,
    /// The operation's path template (`/v3/teammates/{username}`), empty for a call made with
    /// `Client::request` (for tracing).
    #[cfg_attr(not(feature = "tracing"), allow(dead_code))]
    pub(crate) template: &'static str,
    /// Whether the request carries an idempotency key: the server performs it once per key, so
    /// it is retried like an idempotent method.
    pub(crate) idempotency_keyed: bool,
}

impl Request {
    /// A request of operation `operation_id`, whose path template is `template`, for `path`
    /// (already encoded with [`encode::path_segment`]), sending credentials as `auth` allows
    /// (none when it is empty).
    pub(crate) fn new(operation_id: &'static str, template: &'static str, method: Method, path: String, auth: &'static [Auth]) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            cookies: Vec::new(),
            headers: Vec::new(),
            body: None,
            source: None,
            auth,
            accept: "application/json",
            operation_id,
            template,
            idempotency_keyed: false,
        }
    }

    /// Adds a query parameter if `value` is set. Arrays repeat the key when `explode`, else they
    /// are joined with commas (OpenAPI's `form` style).
    #[allow(dead_code)] // used only by APIs with query parameters
    pub(crate) fn query<T: Serialize>(&mut self, name: &'static str, value: Option<&T>, explode: bool) -> Result<(), InvalidRequest> {
        self.query_styled(name, value, QueryStyle::Form, explode, false)
    }

    /// Adds a query parameter if `value` is set, serialised in `style` (see
    /// [`encode::query_pairs`]); with `allow_reserved`, reserved characters stay unencoded.
    #[allow(dead_code)] // used only by APIs with query parameters
    pub(crate) fn query_styled<T: Serialize>(
        &mut self,
        name: &'static str,
        value: Option<&T>,
        style: QueryStyle,
        explode: bool,
        allow_reserved: bool,
    ) -> Result<(), InvalidRequest> {
        let Some(value) = value else { return Ok(()) };
        let pairs = encode::query_pairs(name, value, style, explode)?;
        self.query.extend(pairs.iter().map(|(k, v)| encode::query_pair(k, v, allow_reserved)));
        Ok(())
    }

    /// Adds a cookie if `value` is set (`form` style: arrays joined with commas).
    #[allow(dead_code)] // used only by APIs with cookie parameters
    pub(crate) fn cookie<T: Serialize>(&mut self, name: &'static str, value: Option<&T>) -> Result<(), InvalidRequest> {
        let Some(value) = value else { return Ok(()) };
        let text = encode::texts(value, name)?.join(",");
        self.cookies.push(format!("{name}={}", encode::cookie_value(&text)));
        Ok(())
    }

    /// Adds a header if `value` is set; values with line breaks or other invalid bytes are rejected.
    #[allow(dead_code)] // used only by APIs with header parameters
    pub(crate) fn header<T: Serialize>(&mut self, name: &'static str, value: Option<&T>) -> Result<(), InvalidRequest> {
        let Some(value) = value else { return Ok(()) };
        let text = encode::texts(value, name)?.join(",");
        let value = HeaderValue::from_str(&text)
            .map_err(|_| InvalidRequest::new(name, "contains characters not allowed in a header (such as a line break)"))?;
        let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::new(name, "is not a valid header name"))?;
        self.headers.push((name, value));
        Ok(())
    }

    /// Adds the idempotency-key header `name`: `value` if the caller set one, else a new UUID v4.
    /// The request is built once per call, so every retry sends the same key, and the call is
    /// retried like an idempotent one.
    #[allow(dead_code)] // used only by APIs that accept idempotency keys
    pub(crate) fn idempotency_key(&mut self, name: &'static str, value: Option<&String>) -> Result<(), InvalidRequest> {
        let generated;
        let key = match value {
            Some(key) => key,
            None => {
                generated = uuid_v4();
                &generated
            }
        };
        self.header(name, Some(key))?;
        self.idempotency_keyed = true;
        Ok(())
    }

    /// Sets a JSON body, sent as `content_type` (`application/json` or a `+json` type).
    #[allow(dead_code)] // used only by APIs with JSON request bodies
    pub(crate) fn json<T: Serialize>(&mut self, body: &T, content_type: &'static str) -> Result<(), InvalidRequest> {
        let bytes = serde_json::to_vec(body).map_err(|e| InvalidRequest::new("body", e.to_string()))?;
        self.body = Some((bytes, Cow::Borrowed(content_type)));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body: the fields of `body` (a struct or map;
    /// `None` fields left out) as `key=value&…`, nested values as [`encode::form_pairs`] says.
    #[allow(dead_code)] // used only by APIs with form bodies
    pub(crate) fn form<T: Serialize>(&mut self, body: &T, content_type: &'static str) -> Result<(), InvalidRequest> {
        let value = serde_json::to_value(body).map_err(|e| InvalidRequest::new("body", format!("cannot be sent as a form: {e}")))?;
        let text = encode::form_urlencoded(&encode::form_pairs(&value)?);
        self.body = Some((text.into_bytes(), Cow::Borrowed(content_type)));
        Ok(())
    }

    /// Sets a body sent as it is (text or bytes), as `content_type`.
    #[allow(dead_code)] // used only by APIs with text or binary request bodies
    pub(crate) fn bytes(&mut self, body: &[u8], content_type: &'static str) {
        self.body = Some((body.to_vec(), Cow::Borrowed(content_type)));
    }

    /// Sets a body made by `source` for each attempt (see [`BodySource`]).
    #[allow(dead_code)] // used only by APIs with binary request bodies
    pub(crate) fn body_source(&mut self, source: std::sync::Arc<dyn BodySource>, content_type: &'static str) {
        self.source = Some((source, Cow::Borrowed(content_type)));
    }

    /// Sets a JSON body with `flag` set to `true` at its top level (the `stream: true` of a
    /// streaming variant), whatever the value says.
    #[allow(dead_code)] // used only by APIs whose calls can answer with an event stream
    pub(crate) fn json_flagged<T: Serialize>(&mut self, body: &T, flag: &str, content_type: &'static str) -> Result<(), InvalidRequest> {
        let mut value = serde_json::to_value(body).map_err(|e| InvalidRequest::new("body", e.to_string()))?;
        if let serde_json::Value::Object(map) = &mut value {
            map.insert(flag.to_string(), serde_json::Value::Bool(true));
        }
        self.json(&value, content_type)
    }

    /// Sets the `Accept` header to the media types the operation's success responses declare.
    #[allow(dead_code)] // used only by APIs with text or binary responses
    pub(crate) fn accept(&mut self, media_types: &'static str) {
        self.accept = media_types;
    }

    /// Sets a `multipart/form-data` body (its media type names the boundary).
    #[allow(dead_code)] // used only by APIs with multipart bodies
    pub(crate) fn multipart(&mut self, form: Multipart) {
        let (body, content_type) = form.finish();
        self.body = Some((body, Cow::Owned(content_type)));
    }
}

/// A method other than the standard ones (`PURGE`, `PROPFIND`, …), as the API names it.
#[allow(dead_code)] // used only by APIs with such methods
pub(crate) fn extension_method(name: &'static str) -> Result<Method, InvalidRequest> {
    Method::from_bytes(name.as_bytes()).map_err(|_| InvalidRequest::new("method", format!("`{name}` is not a valid HTTP method")))
}

/// A random UUID, version 4 (RFC 9562 §5.4): 122 random bits, lower-case hex.
#[allow(dead_code)] // used only by APIs that accept idempotency keys
fn uuid_v4() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_v4_has_the_version_and_variant_bits() {
        // Random bits: many keys, so that a wrong mask shows.
        for _ in 0..200 {
            let key = uuid_v4();
            let groups: Vec<&str> = key.split('-').collect();
            assert!(groups[2].starts_with('4') && matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "{key}");
        }
        let key = uuid_v4();
        assert_eq!(key.len(), 36, "{key}");
        let groups: Vec<&str> = key.split('-').collect();
        assert_eq!(groups.iter().map(|g| g.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12], "{key}");
        assert!(groups[2].starts_with('4'), "version 4: {key}");
        assert!(matches!(groups[3].as_bytes()[0], b'8' | b'9' | b'a' | b'b'), "RFC variant: {key}");
        assert!(key.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{key}");
        assert_ne!(uuid_v4(), key, "random");
    }

    #[test]
    fn a_given_key_wins_and_marks_the_request() {
        let mut request = Request::new("p", "/p", Method::POST, "/p".into(), &[]);
        request.idempotency_key("idempotency-key", Some(&"mine".to_string())).unwrap();
        assert!(request.idempotency_keyed);
        assert_eq!(request.headers, vec![(HeaderName::from_static("idempotency-key"), HeaderValue::from_static("mine"))]);
        let mut generated = Request::new("p", "/p", Method::POST, "/p".into(), &[]);
        generated.idempotency_key("idempotency-key", None).unwrap();
        assert_eq!(generated.headers[0].1.len(), 36);
    }
}
