//! Streamed bodies: server-sent events, JSON lines and raw bytes as they arrive, and request
//! bodies read from a file or a stream.
//!
//! A streaming call is retried like any other until the server answers 2xx; from then on the
//! body is read as it arrives and nothing is retried: a broken connection is an `Err` item, and
//! the stream ends. Memory stays bounded by what one item (one event, one line) takes.
//!
//! This module is part of a generated crate only when its API streams something (server-sent
//! events, on top of it, are `sse.rs`).

use std::collections::VecDeque;
use std::fmt;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::Bytes;
use futures::stream::{Stream, StreamExt};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

use super::client::{Client, Sent};
use super::error::{DecodeError, SendError, TransportError};
use super::request::{BodySource, CallOptions, Request};
use super::response::RawResponse;

/// A failure while reading a stream whose call succeeded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StreamError {
    /// The connection failed or was closed in the middle of the stream.
    #[error("the stream broke off: {0}")]
    Transport(#[from] TransportError),
    /// An item is not the JSON its type expects.
    #[error("a streamed item does not decode: {0}")]
    Decode(Box<DecodeError>),
    /// The bytes are not a valid event stream (not UTF-8, or a line the format does not allow).
    #[error("the event stream is malformed: {0}")]
    Malformed(String),
    /// The server sent an event named `error`; its id and data are kept as sent.
    #[error("the server sent an error event: {data}")]
    ErrorEvent {
        /// The event's id, if it has one.
        id: Option<String>,
        /// The event's data, as sent.
        data: String,
    },
}

/// How a stream item's text becomes a value: as JSON, or kept as text.
#[allow(dead_code)] // used only by APIs with streamed responses (not by those that only upload)
pub(crate) type Decoder<T> = fn(&[u8]) -> Result<T, serde_json::Error>;

/// Decodes an item as JSON.
#[allow(dead_code)] // used only by APIs that stream typed items
pub(crate) fn decode_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    serde_json::from_slice(bytes)
}

/// Keeps an item as text.
#[allow(dead_code)] // used only by APIs that stream text items
pub(crate) fn decode_text(bytes: &[u8]) -> Result<String, serde_json::Error> {
    Ok(String::from_utf8_lossy(bytes).into_owned())
}

/// The error of an item of a stream (`status`, `headers`) that does not decode.
pub(crate) fn decode_error(status: StatusCode, headers: &HeaderMap, item: &[u8], error: serde_json::Error) -> StreamError {
    StreamError::Decode(Box::new(DecodeError {
        status,
        headers: headers.clone(),
        body: item.to_vec(),
        path: super::json_path::path_at(item, error.line(), error.column()),
        message: error.to_string(),
    }))
}

/// A stream of items with the status and headers of the response that carries it.
pub struct Streamed<I> {
    status: StatusCode,
    headers: HeaderMap,
    items: Pin<Box<dyn Stream<Item = I> + Send>>,
}

impl<I> Streamed<I> {
    /// The stream with the status and headers, as a call's [`Response`](super::Response).
    #[allow(dead_code)] // used only by APIs with streamed responses
    pub(crate) fn into_response(self) -> super::Response<Streamed<I>> {
        super::Response::new(self.status, self.headers.clone(), self)
    }

    /// The response's status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response's headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

impl<I> fmt::Debug for Streamed<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Streamed").field("status", &self.status).finish_non_exhaustive()
    }
}

impl<I> Stream for Streamed<I> {
    type Item = I;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I>> {
        self.items.as_mut().poll_next(cx)
    }
}

/// JSON values of type `T`, one per line (JSON lines) or record (JSON text sequences).
pub type JsonLines<T> = Streamed<Result<T, StreamError>>;

/// A body as it arrives, in chunks.
pub type ByteStream = Streamed<Result<Bytes, StreamError>>;

impl Client {
    /// Sends `request`; a 2xx answer comes back unread, as an open response, any other read
    /// whole (for the operation's error decoding).
    #[allow(dead_code)] // used only by APIs with streamed responses
    pub(crate) async fn execute_open(&self, request: Request, options: &CallOptions) -> Result<Opened, SendError> {
        let request = options.with_extras(request).map_err(SendError::Invalid)?;
        match self.send_attempts(request, options, true).await? {
            Sent::Open(response) => Ok(Opened::Open(response)),
            Sent::Read(raw) => Ok(Opened::Read(raw)),
        }
    }
}

/// What a streaming call got: an open 2xx answer, or another answer read whole.
#[allow(dead_code)] // used only by APIs with streamed responses
pub(crate) enum Opened {
    /// A 2xx answer whose body is to be streamed.
    Open(reqwest::Response),
    /// Any other answer.
    Read(RawResponse),
}

/// The response's status and headers, for a stream.
#[allow(dead_code)] // used only by APIs with event streams
pub(crate) fn parts<I>(status: StatusCode, headers: HeaderMap, items: Pin<Box<dyn Stream<Item = I> + Send>>) -> Streamed<I> {
    Streamed { status, headers, items }
}

/// The chunks of `response`, errors made [`StreamError`]s.
fn chunks(response: reqwest::Response) -> impl Stream<Item = Result<Bytes, StreamError>> + Send {
    response.bytes_stream().map(|chunk| chunk.map_err(|e| StreamError::Transport(TransportError(e))))
}

/// The body of `response` as it arrives.
#[allow(dead_code)] // used only by APIs with binary responses
pub(crate) fn byte_stream(response: reqwest::Response) -> ByteStream {
    let (status, headers) = (response.status(), response.headers().clone());
    Streamed { status, headers, items: Box::pin(chunks(response)) }
}

/// The JSON values of `response`, one per line; a JSON text sequence's record separator
/// (U+001E) starts a record as a line feed ends one. A last value without a line end counts.
#[allow(dead_code)] // used only by APIs with JSON lines
pub(crate) fn json_lines<T: DeserializeOwned + Send + 'static>(response: reqwest::Response) -> JsonLines<T> {
    let (status, headers) = (response.status(), response.headers().clone());
    let item_headers = std::sync::Arc::new(headers.clone());
    let state = LineState { chunks: Box::pin(chunks(response)), buffer: Vec::new(), ready: VecDeque::new(), ended: false };
    let items = futures::stream::unfold(state, move |mut state| {
        let headers = std::sync::Arc::clone(&item_headers);
        async move {
        loop {
            if let Some(line) = state.ready.pop_front() {
                let item = decode_json::<T>(&line).map_err(|e| decode_error(status, &headers, &line, e));
                return Some((item, state));
            }
            if state.ended {
                return None;
            }
            match state.chunks.next().await {
                Some(Ok(chunk)) => state.split(&chunk),
                Some(Err(e)) => {
                    state.ended = true;
                    return Some((Err(e), state));
                }
                None => {
                    state.ended = true;
                    let rest = std::mem::take(&mut state.buffer);
                    state.push_line(rest);
                }
            }
        }
        }
    });
    Streamed { status, headers, items: Box::pin(items) }
}

/// The reading state of [`json_lines`].
struct LineState {
    chunks: Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>,
    /// The bytes of the line being read.
    buffer: Vec<u8>,
    /// Complete lines not yet decoded.
    ready: VecDeque<Vec<u8>>,
    ended: bool,
}

impl LineState {
    /// Splits `chunk` at line ends (and record separators) into complete lines.
    fn split(&mut self, chunk: &[u8]) {
        for &byte in chunk {
            if byte == b'\n' || byte == 0x1e {
                let line = std::mem::take(&mut self.buffer);
                self.push_line(line);
            } else {
                self.buffer.push(byte);
            }
        }
    }

    /// Queues `line` unless it is blank.
    fn push_line(&mut self, line: Vec<u8>) {
        if line.iter().any(|b| !b.is_ascii_whitespace()) {
            self.ready.push_back(line);
        }
    }
}

/// A binary request body: bytes (sent again on a retry), a file (read again on a retry), or a
/// stream (sent once: a call with a stream body is never retried).
#[derive(Clone)]
pub struct Upload {
    source: Arc<UploadSource>,
}

enum UploadSource {
    Bytes(Bytes),
    File(PathBuf),
    Stream(Mutex<Option<reqwest::Body>>),
}

impl Upload {
    /// A body of `bytes`.
    pub fn bytes(bytes: impl Into<Bytes>) -> Self {
        Upload { source: Arc::new(UploadSource::Bytes(bytes.into())) }
    }

    /// A body read from the file at `path` as it is sent (read again for each attempt).
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Upload { source: Arc::new(UploadSource::File(path.into())) }
    }

    /// A body read from `stream` as it is sent. It can be sent only once, so a call with it is
    /// never retried.
    pub fn stream<S, B, E>(stream: S) -> Self
    where
        S: Stream<Item = Result<B, E>> + Send + Sync + 'static,
        Bytes: From<B>,
        B: 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
    {
        Upload { source: Arc::new(UploadSource::Stream(Mutex::new(Some(reqwest::Body::wrap_stream(stream))))) }
    }

    /// This body as a request body source.
    #[allow(dead_code)] // used only by APIs with binary request bodies
    pub(crate) fn source(&self) -> Arc<dyn BodySource> {
        Arc::new(self.clone())
    }
}

impl fmt::Debug for Upload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.source.as_ref() {
            UploadSource::Bytes(bytes) => write!(f, "Upload::bytes({} bytes)", bytes.len()),
            UploadSource::File(path) => write!(f, "Upload::file({})", path.display()),
            UploadSource::Stream(_) => f.write_str("Upload::stream(..)"),
        }
    }
}

impl From<Vec<u8>> for Upload {
    fn from(bytes: Vec<u8>) -> Self {
        Upload::bytes(bytes)
    }
}

impl From<&Vec<u8>> for Upload {
    fn from(bytes: &Vec<u8>) -> Self {
        Upload::bytes(Bytes::copy_from_slice(bytes))
    }
}

impl From<&[u8]> for Upload {
    fn from(bytes: &[u8]) -> Self {
        Upload::bytes(Bytes::copy_from_slice(bytes))
    }
}

impl<const N: usize> From<&[u8; N]> for Upload {
    fn from(bytes: &[u8; N]) -> Self {
        Upload::bytes(Bytes::copy_from_slice(bytes))
    }
}

impl From<Bytes> for Upload {
    fn from(bytes: Bytes) -> Self {
        Upload::bytes(bytes)
    }
}

impl BodySource for Upload {
    fn body(&self) -> Option<reqwest::Body> {
        match self.source.as_ref() {
            UploadSource::Bytes(bytes) => Some(reqwest::Body::from(bytes.clone())),
            UploadSource::File(path) => {
                let path = path.clone();
                let chunks = futures::stream::once(async move { tokio::fs::File::open(path).await }).flat_map(|file| match file {
                    Ok(file) => file_chunks(file).boxed(),
                    Err(e) => futures::stream::once(async move { Err(e) }).boxed(),
                });
                Some(reqwest::Body::wrap_stream(chunks))
            }
            UploadSource::Stream(stream) => stream.lock().ok().and_then(|mut s| s.take()),
        }
    }

    fn replayable(&self) -> bool {
        !matches!(self.source.as_ref(), UploadSource::Stream(_))
    }
}

/// The contents of `file` in chunks of at most 64 KiB.
fn file_chunks(file: tokio::fs::File) -> impl Stream<Item = std::io::Result<Bytes>> + Send {
    futures::stream::unfold(file, |mut file| async move {
        use tokio::io::AsyncReadExt;
        let mut buffer = vec![0u8; 64 * 1024];
        match file.read(&mut buffer).await {
            Ok(0) => None,
            Ok(n) => {
                buffer.truncate(n);
                Some((Ok(Bytes::from(buffer)), file))
            }
            Err(e) => Some((Err(e), file)),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_split_at_line_ends_and_record_separators_across_chunks() {
        let mut state = LineState { chunks: Box::pin(futures::stream::empty()), buffer: Vec::new(), ready: VecDeque::new(), ended: false };
        for chunk in [&b"{\"a\":"[..], b"1}\n\n{\"a\"", b":2}\r\n", b"\x1e{\"a\":3}\n", b"{\"a\":4}"] {
            state.split(chunk);
        }
        let rest = std::mem::take(&mut state.buffer);
        state.push_line(rest);
        let values: Vec<serde_json::Value> = state.ready.iter().map(|l| decode_json(l).expect("JSON")).collect();
        assert_eq!(values, [serde_json::json!({"a": 1}), serde_json::json!({"a": 2}), serde_json::json!({"a": 3}), serde_json::json!({"a": 4})]);
    }
}
