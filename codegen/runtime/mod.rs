//! Runtime support shared by every operation of this crate: the HTTP client with retries and
//! timeouts, the error types, and the encoding of paths, queries and headers.
//!
//! This module is written verbatim by the generator; it does not depend on any particular API.

mod client;
mod encode;
mod error;
mod request;
mod response;
mod retry;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, BuildError, DecodeError, Error, InvalidRequest, TransportError, UnexpectedResponse};
pub use response::{RateLimit, Response};

pub(crate) use encode::encode_path_segment;
pub(crate) use request::{CallOptions, Request};
