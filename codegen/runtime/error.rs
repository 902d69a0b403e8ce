//! Errors: one [`Error`] type for every operation, generic over the operation's declared errors.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use super::rate_limit::RateLimit;

/// Everything that can go wrong with a call. `E` is the operation's enum of declared error
/// responses (for example `sso::CreateSsoCertificateError`).
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with an error status the API declares for this operation; its body
    /// was decoded into `E`.
    Api(Box<ApiError<E>>),
    /// The server answered with a status the API does not declare for this operation.
    UnexpectedStatus(Box<UnexpectedResponse>),
    /// The response body could not be decoded into the declared type.
    Decode(Box<DecodeError>),
    /// The request could not be sent or the response not received (connection, timeout, TLS).
    Transport(TransportError),
    /// The request was rejected before anything was sent (client-side validation).
    InvalidRequest(InvalidRequest),
    /// No credential could be obtained for the request (an OAuth 2 token endpoint refused or
    /// failed), so it was not sent.
    Auth(AuthError),
}

impl<E> Error<E> {
    /// The HTTP status of the response, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::UnexpectedStatus(e) => Some(e.status()),
            Error::Decode(e) => Some(e.status()),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Auth(_) => None,
        }
    }

    /// The response headers, if there was a response.
    pub fn headers(&self) -> Option<&HeaderMap> {
        match self {
            Error::Api(e) => Some(e.headers()),
            Error::UnexpectedStatus(e) => Some(e.headers()),
            Error::Decode(e) => Some(e.headers()),
            Error::Transport(_) | Error::InvalidRequest(_) | Error::Auth(_) => None,
        }
    }

    /// Whether trying the same call again later may succeed: rate limits (429), timeouts (408),
    /// server errors (5xx) and transport failures, of the API or of its token endpoint.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport(_) => true,
            Error::InvalidRequest(_) => false,
            Error::Auth(e) => e.is_retryable(),
            other => other.status().is_some_and(|s| s == 408 || s == 429 || (500..600).contains(&s)),
        }
    }

    /// The rate-limit headers of the response, if there was one.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.headers().map(RateLimit::from_headers)
    }

    /// Converts an error of one operation into an error of another; the `Api` case maps its body.
    pub fn map_api<F>(self, f: impl FnOnce(E) -> F) -> Error<F> {
        match self {
            Error::Api(e) => {
                let ApiError { status, headers, body } = *e;
                Error::Api(Box::new(ApiError { status, headers, body: f(body) }))
            }
            Error::UnexpectedStatus(e) => Error::UnexpectedStatus(e),
            Error::Decode(e) => Error::Decode(e),
            Error::Transport(e) => Error::Transport(e),
            Error::InvalidRequest(e) => Error::InvalidRequest(e),
            Error::Auth(e) => Error::Auth(e),
        }
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => write!(f, "API error {}: {:?}", e.status, e.body),
            Error::UnexpectedStatus(e) => write!(f, "unexpected status {}", e.status),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Transport(e) => write!(f, "{e}"),
            Error::InvalidRequest(e) => write!(f, "{e}"),
            Error::Auth(e) => write!(f, "{e}"),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Decode(e) => Some(e.as_ref()),
            Error::Transport(e) => Some(e),
            Error::InvalidRequest(e) => Some(e),
            Error::Auth(e) => Some(e),
            Error::Api(_) | Error::UnexpectedStatus(_) => None,
        }
    }
}

/// A declared error response, with its decoded body.
#[derive(Debug, Clone)]
pub struct ApiError<E> {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: E,
}

impl<E> ApiError<E> {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The decoded error, one variant per declared status.
    pub fn body(&self) -> &E {
        &self.body
    }

    /// The decoded error, by value.
    pub fn into_body(self) -> E {
        self.body
    }
}

/// A response whose status the API does not declare for the operation.
#[derive(Debug, Clone)]
pub struct UnexpectedResponse {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

impl UnexpectedResponse {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// The body as text, with invalid UTF-8 replaced.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A response body that does not match the declared type.
#[derive(Debug, thiserror::Error)]
#[error("cannot decode the {status} response at `{path}`: {message}")]
pub struct DecodeError {
    pub(crate) status: StatusCode,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) path: String,
    pub(crate) message: String,
}

impl DecodeError {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The raw body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }

    /// Where in the body decoding failed, as a serde path (e.g. `result[0].email`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What serde said.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A failure to send the request or receive the response.
#[derive(Debug, thiserror::Error)]
#[error("transport error: {0}")]
pub struct TransportError(#[from] pub(crate) reqwest::Error);

impl TransportError {
    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        self.0.is_timeout()
    }

    /// Whether the connection could not be made.
    pub fn is_connect(&self) -> bool {
        self.0.is_connect()
    }
}

/// No credential for the request: the OAuth 2 token endpoint refused the client's credentials,
/// failed, or answered without a token. Its text names the endpoint and the reason (RFC 6749's
/// `error` and `error_description` when the endpoint sent them), never a secret.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot get an OAuth 2 token from `{token_url}`: {problem}")]
pub struct AuthError {
    pub(crate) token_url: String,
    pub(crate) status: Option<StatusCode>,
    pub(crate) code: Option<String>,
    pub(crate) problem: String,
}

impl AuthError {
    /// The token endpoint's HTTP status, if it answered.
    pub fn status(&self) -> Option<u16> {
        self.status.map(|s| s.as_u16())
    }

    /// The OAuth 2 error code the endpoint sent (`invalid_client`, `invalid_scope`, …).
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The token endpoint's URL.
    pub fn token_url(&self) -> &str {
        &self.token_url
    }

    /// Whether asking again later may succeed: the endpoint could not be reached, or answered
    /// 408, 429 or 5xx.
    pub fn is_retryable(&self) -> bool {
        self.status.is_none_or(|s| s.as_u16() == 408 || s.as_u16() == 429 || s.is_server_error())
    }
}

/// Why a request got no response: the crate-internal error of the send loop, free of the
/// operation's error type (each call's `?` turns it into an [`Error`]).
#[derive(Debug)]
pub(crate) enum SendError {
    /// The request could not be sent or its response not received.
    Transport(TransportError),
    /// No token could be obtained for it.
    Auth(AuthError),
    /// It was rejected before sending (an extra field that does not fit the body).
    Invalid(InvalidRequest),
}

impl<E> From<SendError> for Error<E> {
    fn from(e: SendError) -> Self {
        match e {
            SendError::Transport(e) => Error::Transport(e),
            SendError::Auth(e) => Error::Auth(e),
            SendError::Invalid(e) => Error::InvalidRequest(e),
        }
    }
}

/// A request rejected before sending: a value breaks a constraint of the API's schema.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid request: `{field}` {problem}")]
pub struct InvalidRequest {
    /// The parameter or body field at fault (e.g. `body.email`).
    pub field: String,
    /// What is wrong with it.
    pub problem: String,
}

impl InvalidRequest {
    pub(crate) fn new(field: impl Into<String>, problem: impl Into<String>) -> Self {
        InvalidRequest { field: field.into(), problem: problem.into() }
    }
}

/// The client could not be built from the given settings.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The base URL is not a valid absolute URL.
    #[error("invalid base URL `{0}`")]
    InvalidBaseUrl(String),
    /// The base URL is plain http and [`ClientBuilder::allow_http`](super::ClientBuilder::allow_http) was not set.
    #[error("base URL `{0}` is not https; call allow_http(true) to permit plain http")]
    InsecureBaseUrl(String),
    /// A default header has an invalid name or value (for example a line break).
    #[error("invalid header `{0}`")]
    InvalidHeader(String),
    /// No base URL: the API declares no server and none was set.
    #[error("no base URL: set one with base_url()")]
    MissingBaseUrl,
    /// The OAuth 2 settings are not usable (a token URL that is not a URL, or plain http
    /// without [`allow_http`](super::ClientBuilder::allow_http)).
    #[error("{0}")]
    InvalidOAuth2(String),
    /// The underlying HTTP client could not be created.
    #[error("cannot create the HTTP client: {0}")]
    Http(#[from] reqwest::Error),
}
