//! Server-sent events (`text/event-stream`): the events of a streamed response, their data
//! decoded as they arrive. The parsing (data lines joined, `event:`, `id:`, `retry:`, comments
//! skipped) is the `eventsource-stream` crate's; this module decodes each event's data and
//! follows OpenAI's convention that `data: [DONE]` ends the stream.
//!
//! This module is part of a generated crate only when its API answers with event streams.

use std::sync::Arc;
use std::time::Duration;

use eventsource_stream::Eventsource;
use futures::stream::StreamExt;

use super::error::TransportError;
use super::stream::{decode_error, parts, Decoder, StreamError, Streamed};

/// One server-sent event.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Event<T> {
    /// The event's name (`event:`), if it has one.
    pub event: Option<String>,
    /// The event's id (`id:`), if it has one.
    pub id: Option<String>,
    /// The reconnection time the server asks for (`retry:`), if any.
    pub retry: Option<Duration>,
    /// The event's `data:` lines (joined with newlines), decoded.
    pub data: T,
}

/// Server-sent events whose `data` decodes into `T`. OpenAI's convention is honoured: a `data:
/// [DONE]` event ends the stream. Comments and events without data are skipped.
pub type EventStream<T> = Streamed<Result<Event<T>, StreamError>>;

/// The server-sent events of `response`, their data decoded by `decode`.
#[allow(dead_code)] // used only by APIs with event streams
pub(crate) fn event_stream<T: Send + 'static>(response: reqwest::Response, decode: Decoder<T>) -> EventStream<T> {
    let (status, headers) = (response.status(), response.headers().clone());
    let item_headers = Arc::new(headers.clone());
    let events = response.bytes_stream().eventsource();
    let items = futures::stream::unfold((Box::pin(events), false), move |(mut events, done)| {
        let headers = Arc::clone(&item_headers);
        async move {
        if done {
            return None;
        }
        loop {
            let event = match events.next().await? {
                Ok(event) => event,
                Err(eventsource_stream::EventStreamError::Transport(e)) => {
                    return Some((Err(StreamError::Transport(TransportError(e))), (events, true)));
                }
                Err(e) => return Some((Err(StreamError::Malformed(e.to_string())), (events, true))),
            };
            let name = Some(event.event).filter(|n| !n.is_empty() && n != "message");
            let id = Some(event.id).filter(|id| !id.is_empty());
            if event.data.trim() == "[DONE]" {
                return None;
            }
            if name.as_deref() == Some("error") {
                return Some((Err(StreamError::ErrorEvent { id, data: event.data }), (events, false)));
            }
            if event.data.is_empty() {
                continue; // only an id or a retry: nothing to decode
            }
            let item = decode(event.data.as_bytes())
                .map(|data| Event { event: name, id, retry: event.retry, data })
                .map_err(|e| decode_error(status, &headers, event.data.as_bytes(), e));
            return Some((item, (events, false)));
        }
        }
    });
    parts(status, headers, Box::pin(items))
}

