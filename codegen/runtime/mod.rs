//! Runtime support shared by every operation of this crate: the HTTP client with retries and
//! timeouts, the error types, and the encoding of paths, queries and headers.
//!
//! This module is written verbatim by the generator; it does not depend on any particular API.

#[cfg(feature = "blocking")]
mod blocking;
mod call;
mod client;
pub(crate) mod de;
mod encode;
mod error;
mod hooks;
mod json_path;
mod multipart;
mod oauth;
mod rate_limit;
mod raw;
mod request;
mod response;
mod retry;
pub(crate) mod validate;

pub use client::{Client, ClientBuilder};
pub use error::{ApiError, AuthError, BuildError, DecodeError, Error, InvalidRequest, TransportError, UnexpectedResponse};
pub use hooks::{Attempt, AttemptOutcome};
pub use raw::RawRequest;
/// The HTTP method of a [`Client::request`] call.
pub use reqwest::Method;
#[allow(unused_imports)] // `FilePart` is re-exported only by APIs with binary fields
pub use multipart::FilePart;
pub use rate_limit::RateLimit;
pub use response::Response;

#[cfg(feature = "blocking")]
pub(crate) use blocking::block_on;
pub(crate) use call::{boxed, send, send_body, Call};
pub(crate) use response::RawResponse;
#[allow(unused_imports)] // used only by APIs with path parameters
pub(crate) use encode::encode_path_segment;
#[allow(unused_imports)] // used only by APIs with query parameters in a style other than `form`
pub(crate) use encode::QueryStyle;
#[allow(unused_imports)] // `extension_method` is used only by APIs with methods such as `PURGE`
pub(crate) use request::{extension_method, Auth, CallOptions, Request};
#[allow(unused_imports)] // used only by APIs with multipart bodies
pub(crate) use multipart::Multipart;
