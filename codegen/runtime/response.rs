//! Responses: the decoded value with its status and headers, and decoding helpers.

use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::error::{ApiError, DecodeError, Error, UnexpectedResponse};
use super::rate_limit::RateLimit;

/// A decoded response body together with the status and headers it came with.
#[derive(Debug, Clone)]
pub struct Response<T> {
    status: StatusCode,
    headers: HeaderMap,
    value: T,
}

impl<T> Response<T> {
    /// A response of `value` with its status and headers.
    #[allow(dead_code)] // used only by APIs with streamed responses
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, value: T) -> Self {
        Response { status, headers, value }
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The decoded body, by value.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// The rate-limit headers of the response.
    pub fn rate_limit(&self) -> RateLimit {
        RateLimit::from_headers(&self.headers)
    }

    /// Transforms the body, keeping status and headers.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response { status: self.status, headers: self.headers, value: f(self.value) }
    }
}

/// A received response before decoding.
#[derive(Debug)]
pub(crate) struct RawResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl RawResponse {
    /// The status code as a number, for matching.
    pub(crate) fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// Decodes the body as JSON into `T`, keeping status and headers.
    #[allow(dead_code)] // used only by APIs with JSON success responses
    pub(crate) fn decode<T: DeserializeOwned, E>(self) -> Result<Response<T>, Error<E>> {
        let value = self.parse::<T>().map_err(Error::Decode)?;
        Ok(Response { status: self.status, headers: self.headers, value })
    }

    /// A success without a body to decode.
    #[allow(dead_code)] // used only by APIs with body-less success responses
    pub(crate) fn empty<E>(self) -> Result<Response<()>, Error<E>> {
        Ok(Response { status: self.status, headers: self.headers, value: () })
    }

    /// Decodes the body as text.
    #[allow(dead_code)] // used only by APIs with non-JSON responses
    pub(crate) fn text<E>(self) -> Result<Response<String>, Error<E>> {
        let value = String::from_utf8_lossy(&self.body).into_owned();
        Ok(Response { status: self.status, headers: self.headers, value })
    }

    /// The body as bytes (a binary media type).
    #[allow(dead_code)] // used only by APIs with binary responses
    pub(crate) fn bytes<E>(self) -> Result<Response<Vec<u8>>, Error<E>> {
        Ok(Response { status: self.status, headers: self.headers, value: self.body })
    }

    /// A declared error whose body is bytes (a binary media type), wrapped by `variant`.
    #[allow(dead_code)] // used only by APIs with binary error responses
    pub(crate) fn api_bytes<E>(self, variant: fn(Vec<u8>) -> E) -> Error<E> {
        let body = variant(self.body);
        Error::Api(Box::new(ApiError { status: self.status, headers: self.headers, body }))
    }

    /// A declared error whose body decodes into `T`, wrapped by `variant` (a function pointer
    /// rather than a closure type, so that it is compiled once per body and error type).
    #[allow(dead_code)] // used only by APIs with JSON error responses
    pub(crate) fn api<T: DeserializeOwned, E>(self, variant: fn(T) -> E) -> Error<E> {
        match self.parse::<T>() {
            Ok(body) => Error::Api(Box::new(ApiError { status: self.status, headers: self.headers, body: variant(body) })),
            Err(e) => Error::Decode(e),
        }
    }

    /// A declared error whose body is text (a non-JSON media type), wrapped by `variant`.
    #[allow(dead_code)] // used only by APIs with text error responses
    pub(crate) fn api_text<E>(self, variant: fn(String) -> E) -> Error<E> {
        let body = variant(String::from_utf8_lossy(&self.body).into_owned());
        Error::Api(Box::new(ApiError { status: self.status, headers: self.headers, body }))
    }

    /// A declared error without a body.
    #[allow(dead_code)] // used only by APIs with body-less error responses
    pub(crate) fn api_empty<E>(self, body: E) -> Error<E> {
        Error::Api(Box::new(ApiError { status: self.status, headers: self.headers, body }))
    }

    /// A status the operation does not declare.
    #[allow(dead_code)] // unused when every operation declares a `default` response
    pub(crate) fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus(Box::new(UnexpectedResponse { status: self.status, headers: self.headers, body: self.body }))
    }

    fn parse<T: DeserializeOwned>(&self) -> Result<T, Box<DecodeError>> {
        serde_json::from_slice(self.json_body()).map_err(|e| self.decode_error(e))
    }

    /// The body to decode: an empty body decodes like `null`, so that `Option`/`()`-like types
    /// accept it.
    fn json_body(&self) -> &[u8] {
        if self.body.iter().all(u8::is_ascii_whitespace) { b"null" } else { &self.body }
    }

    /// The error for a body that does not decode; not generic, so compiled once.
    fn decode_error(&self, error: serde_json::Error) -> Box<DecodeError> {
        Box::new(DecodeError {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
            path: super::json_path::path_at(self.json_body(), error.line(), error.column()),
            message: error.to_string(),
        })
    }
}
