//! Rate-limit headers: what a response (or an error with a response) says of the caller's quota.
//! Its own file, so that `error.rs` and `response.rs` need not import each other for it.

use reqwest::header::HeaderMap;

/// SendGrid-style rate-limit headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window.
    pub limit: Option<u64>,
    /// Requests left in the current window.
    pub remaining: Option<u64>,
    /// When the window resets, in Unix seconds.
    pub reset: Option<u64>,
}

impl RateLimit {
    /// Reads the headers; absent or malformed ones are `None`.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        let number = |name: &str| headers.get(name)?.to_str().ok()?.trim().parse().ok();
        RateLimit {
            limit: number("x-ratelimit-limit"),
            remaining: number("x-ratelimit-remaining"),
            reset: number("x-ratelimit-reset"),
        }
    }
}
