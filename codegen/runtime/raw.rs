//! The escape hatch: calls to endpoints the API description does not list (yet), sent like the
//! generated calls — the client's base URL, credentials, default headers, timeout, retries and
//! hooks — and answered with the same errors.

use std::borrow::Cow;
use std::time::Duration;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::client::Client;
use super::error::{Error, InvalidRequest};
use super::request::{CallOptions, Request};
use super::response::{RawResponse, Response};

/// A call to an endpoint the API description does not list, started by [`Client::request`].
#[derive(Debug)]
#[must_use = "a call does nothing until it is sent"]
pub struct RawRequest<'a> {
    client: &'a Client,
    request: Request,
    options: CallOptions,
    invalid: Option<InvalidRequest>,
}

impl Client {
    /// Starts a call of `method` on `path`, relative to the base URL (`/v3/new_endpoint`) and
    /// sent as written (percent-encode what needs it), for an endpoint the API description does
    /// not list yet. It is sent like a generated call: the base URL, the credential as the API's
    /// operations send it, default headers, timeout, retries (by the same rules: GET, PUT and
    /// DELETE after a 5xx, any method after a 429) and hooks. A 2xx answer is decoded as asked;
    /// any other is an [`Error::Api`] with the body as JSON, or [`Error::UnexpectedStatus`] when
    /// the body is not JSON.
    pub fn request(&self, method: Method, path: &str) -> RawRequest<'_> {
        let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
        RawRequest { client: self, request: Request::new("", "", method, path, crate::client::DEFAULT_AUTH), options: CallOptions::default(), invalid: None }
    }
}

impl RawRequest<'_> {
    /// Adds a query parameter (its name and value percent-encoded).
    pub fn query(mut self, name: &str, value: &str) -> Self {
        self.options.add_query(name, value);
        self
    }

    /// Sets a header (a client default of the same name is replaced); an invalid name or value
    /// fails the call before it is sent.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.options.extra_headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends `body` as JSON (`application/json`).
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.request.body = Some((bytes, Cow::Borrowed("application/json"))),
            Err(e) => self.invalid = Some(InvalidRequest::new("body", e.to_string())),
        }
        self
    }

    /// Sends `bytes` as the body, with `content_type`.
    pub fn body(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.request.body = Some((bytes.into(), Cow::Owned(content_type.to_string())));
        self
    }

    /// Overrides the client's timeout for this call (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Overrides the client's number of retries for this call.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.options.max_retries = Some(max_retries);
        self
    }

    /// Sends the call and decodes a 2xx answer's JSON body into `T` (`serde_json::Value` for
    /// any JSON; an empty body decodes like `null`).
    pub async fn send_json<T: DeserializeOwned>(self) -> Result<Response<T>, Error<serde_json::Value>> {
        let raw = self.send_raw().await?;
        raw.decode()
    }

    /// Sends the call and returns a 2xx answer's body as bytes.
    pub async fn send_bytes(self) -> Result<Response<Vec<u8>>, Error<serde_json::Value>> {
        let raw = self.send_raw().await?;
        raw.bytes()
    }

    /// Sends the call; a 2xx answer comes back unread, any other as an error.
    async fn send_raw(self) -> Result<RawResponse, Error<serde_json::Value>> {
        if let Some(invalid) = self.invalid {
            return Err(Error::InvalidRequest(invalid));
        }
        let raw = self.client.execute(self.request, &self.options).await?;
        if raw.status.is_success() {
            Ok(raw)
        } else if serde_json::from_slice::<serde_json::Value>(&raw.body).is_ok() {
            Err(raw.api(std::convert::identity))
        } else {
            Err(raw.unexpected())
        }
    }
}
