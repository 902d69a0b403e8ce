//! Hooks: client-wide closures that see every attempt of every call.
//!
//! [`ClientBuilder::before_attempt`](super::ClientBuilder::before_attempt) runs just before an
//! attempt is sent and may add, change or remove headers; [`ClientBuilder::after_attempt`]
//! (super::ClientBuilder::after_attempt) runs when its answer (or failure) is in, with the
//! status, headers, elapsed time, attempt number and whether the client will try again. Both
//! run once per attempt, retries included. Credentials are in the headers a hook sees only
//! when it asks for them by name ([`Attempt::header`]): [`Attempt::header_names`] lists them,
//! `Debug` output redacts them, and an API key sent in the query is not part of [`Attempt::url`].

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

/// A hook run before each attempt.
pub(crate) type BeforeHook = Arc<dyn Fn(&mut Attempt<'_>) + Send + Sync>;
/// A hook run after each attempt.
pub(crate) type AfterHook = Arc<dyn Fn(&AttemptOutcome<'_>) + Send + Sync>;

/// The hooks of a client.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) before: Vec<BeforeHook>,
    pub(crate) after: Vec<AfterHook>,
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks").field("before", &self.before.len()).field("after", &self.after.len()).finish()
    }
}

/// An attempt about to be sent, as a [`before_attempt`](super::ClientBuilder::before_attempt)
/// hook sees it.
pub struct Attempt<'a> {
    pub(crate) operation_id: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a str,
    pub(crate) attempt: u32,
    pub(crate) headers: &'a mut HeaderMap,
}

impl Attempt<'_> {
    /// The operation's id in the API description (`ListTeammate`), or the path of a call made
    /// with [`Client::request`](super::Client::request).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL, with the query string (an API key sent in the query is left out).
    pub fn url(&self) -> &str {
        self.url
    }

    /// The attempt number: 0 for the first, 1 for the first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The value of header `name` (credentials included: asked for by name).
    pub fn header(&self, name: &str) -> Option<&HeaderValue> {
        self.headers.get(name)
    }

    /// The names of the headers to be sent.
    pub fn header_names(&self) -> impl Iterator<Item = &HeaderName> {
        self.headers.keys()
    }

    /// Sets header `name` to `value`, replacing any value it had.
    pub fn set_header(&mut self, name: HeaderName, value: HeaderValue) {
        self.headers.insert(name, value);
    }

    /// Removes header `name`; returns its value, if it was set.
    pub fn remove_header(&mut self, name: &str) -> Option<HeaderValue> {
        self.headers.remove(name)
    }
}

impl fmt::Debug for Attempt<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attempt")
            .field("operation_id", &self.operation_id)
            .field("method", self.method)
            .field("url", &self.url)
            .field("attempt", &self.attempt)
            .field("headers", &redacted(self.headers))
            .finish()
    }
}

/// What an attempt gave, as an [`after_attempt`](super::ClientBuilder::after_attempt) hook sees it.
pub struct AttemptOutcome<'a> {
    pub(crate) operation_id: &'static str,
    pub(crate) method: &'a Method,
    pub(crate) url: &'a str,
    pub(crate) attempt: u32,
    pub(crate) status: Option<StatusCode>,
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) error: Option<&'a reqwest::Error>,
    pub(crate) elapsed: Duration,
    pub(crate) retry_in: Option<Duration>,
}

impl AttemptOutcome<'_> {
    /// The operation's id in the API description, as in [`Attempt::operation_id`].
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The URL, as in [`Attempt::url`].
    pub fn url(&self) -> &str {
        self.url
    }

    /// The attempt number: 0 for the first, 1 for the first retry, and so on.
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The response status, when a response came.
    pub fn status(&self) -> Option<u16> {
        self.status.map(|s| s.as_u16())
    }

    /// The response headers, when a response came.
    pub fn headers(&self) -> Option<&HeaderMap> {
        self.headers
    }

    /// Why no response came (a connection failure, a timeout), if none did.
    pub fn error(&self) -> Option<&reqwest::Error> {
        self.error
    }

    /// From sending the attempt to having its whole answer (or the failure).
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// How long the client waits before the next attempt, when it will retry.
    pub fn retry_in(&self) -> Option<Duration> {
        self.retry_in
    }
}

impl fmt::Debug for AttemptOutcome<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AttemptOutcome")
            .field("operation_id", &self.operation_id)
            .field("method", self.method)
            .field("url", &self.url)
            .field("attempt", &self.attempt)
            .field("status", &self.status)
            .field("error", &self.error)
            .field("elapsed", &self.elapsed)
            .field("retry_in", &self.retry_in)
            .finish_non_exhaustive()
    }
}

/// Header names and values, sensitive values (credentials) replaced.
fn redacted(headers: &HeaderMap) -> Vec<(&str, &str)> {
    headers
        .iter()
        .map(|(name, value)| (name.as_str(), if value.is_sensitive() { "<redacted>" } else { value.to_str().unwrap_or("<binary>") }))
        .collect()
}
