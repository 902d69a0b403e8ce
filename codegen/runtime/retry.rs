//! When and how long to wait before trying a call again.
//!
//! Rules: a 429 is always retried (the server did not act on the request); 408 and 5xx are
//! retried for idempotent methods, and for POST/PATCH only when the client opted in; a failure to
//! connect is always retried (nothing was sent); other transport failures follow the 5xx rule.
//! The wait honours `Retry-After` (seconds or an HTTP date) and SendGrid's `X-RateLimit-Reset`
//! (Unix seconds), capped at [`RetryPolicy::max_delay`]; otherwise it is exponential backoff with
//! jitter.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

/// Retry settings of a client.
#[derive(Debug, Clone)]
pub(crate) struct RetryPolicy {
    /// Retries after the first attempt.
    pub(crate) max_retries: u32,
    /// Whether POST and PATCH are retried after a 408, 5xx or timeout.
    pub(crate) retry_non_idempotent: bool,
    /// The first backoff delay.
    pub(crate) initial_delay: Duration,
    /// The longest wait between attempts, whatever the server asks for.
    pub(crate) max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            retry_non_idempotent: false,
            initial_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
        }
    }
}

impl RetryPolicy {
    /// Whether a response with `status` should be retried.
    pub(crate) fn should_retry_status(&self, status: StatusCode, idempotent: bool) -> bool {
        let code = status.as_u16();
        code == 429 || ((code == 408 || status.is_server_error()) && (idempotent || self.retry_non_idempotent))
    }

    /// Whether a transport failure should be retried.
    pub(crate) fn should_retry_error(&self, error: &reqwest::Error, idempotent: bool) -> bool {
        error.is_connect() || idempotent || self.retry_non_idempotent
    }

    /// How long to wait before retry number `attempt` (0 for the first retry), after a response
    /// with `status` and `headers` (none for a transport failure).
    pub(crate) fn delay(&self, attempt: u32, response: Option<(StatusCode, &HeaderMap)>) -> Duration {
        let asked = response.and_then(|(status, headers)| server_delay(status, headers));
        let delay = asked.unwrap_or_else(|| self.backoff(attempt));
        delay.min(self.max_delay)
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let exponential = self.initial_delay.saturating_mul(2u32.saturating_pow(attempt.min(16)));
        let capped = exponential.min(Duration::from_secs(8));
        // Full jitter in [75%, 100%] spreads out clients that failed together.
        capped.mul_f64(0.75 + fastrand::f64() * 0.25)
    }
}

/// The wait the server asks for: `Retry-After` (any status), or for a 429 `X-RateLimit-Reset`.
/// SendGrid sends the rate-limit headers on every response, so after a 503 the reset time says
/// nothing about when the server recovers and plain backoff applies.
fn server_delay(status: StatusCode, headers: &HeaderMap) -> Option<Duration> {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
    if let Some(value) = header("retry-after") {
        if let Ok(seconds) = value.parse::<u64>() {
            return Some(Duration::from_secs(seconds));
        }
        if let Ok(when) = httpdate::parse_http_date(value) {
            return Some(when.duration_since(SystemTime::now()).unwrap_or_default());
        }
    }
    if status != StatusCode::TOO_MANY_REQUESTS {
        return None;
    }
    let reset: u64 = header("x-ratelimit-reset")?.parse().ok()?;
    let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs();
    Some(Duration::from_secs(reset.saturating_sub(now)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_seconds_and_cap() {
        let policy = RetryPolicy { max_delay: Duration::from_secs(5), ..RetryPolicy::default() };
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("2"));
        let limited = StatusCode::TOO_MANY_REQUESTS;
        assert_eq!(policy.delay(0, Some((limited, &headers))), Duration::from_secs(2));
        headers.insert("retry-after", HeaderValue::from_static("3600"));
        assert_eq!(policy.delay(0, Some((limited, &headers))), Duration::from_secs(5));
    }

    #[test]
    fn rate_limit_reset_only_counts_for_429() {
        let policy = RetryPolicy::default();
        let mut headers = HeaderMap::new();
        let in_a_minute = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs() + 60;
        headers.insert("x-ratelimit-reset", HeaderValue::from_str(&in_a_minute.to_string()).unwrap());
        assert!(policy.delay(0, Some((StatusCode::TOO_MANY_REQUESTS, &headers))) >= Duration::from_secs(58));
        assert!(policy.delay(0, Some((StatusCode::SERVICE_UNAVAILABLE, &headers))) <= Duration::from_secs(1));
    }

    #[test]
    fn post_is_not_retried_after_5xx_unless_opted_in() {
        let policy = RetryPolicy::default();
        assert!(!policy.should_retry_status(StatusCode::SERVICE_UNAVAILABLE, false));
        assert!(policy.should_retry_status(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(policy.should_retry_status(StatusCode::SERVICE_UNAVAILABLE, true));
        let opted = RetryPolicy { retry_non_idempotent: true, ..RetryPolicy::default() };
        assert!(opted.should_retry_status(StatusCode::BAD_GATEWAY, false));
        assert!(policy.should_retry_status(StatusCode::REQUEST_TIMEOUT, true));
        assert!(!policy.should_retry_status(StatusCode::REQUEST_TIMEOUT, false));
        assert!(!policy.should_retry_status(StatusCode::NOT_FOUND, true));
        assert!(!opted.should_retry_status(StatusCode::NOT_FOUND, false));
    }

    /// Each retry waits in [75%, 100%] of `initial_delay × 2^attempt`, capped at 8 s: the
    /// windows do not overlap, so every delay is longer than every delay before it until the
    /// cap; after the cap the window stays [6 s, 8 s]; `max_delay` caps below that.
    #[test]
    fn backoff_grows_and_is_bounded() {
        let policy = RetryPolicy::default();
        let ms = |d: Duration| d.as_millis() as u64;
        let mut longest_before = 0;
        for attempt in 0..5u32 {
            let full = 500u64 << attempt;
            for _ in 0..50 {
                let d = ms(policy.delay(attempt, None));
                assert!((full * 3 / 4..=full).contains(&d), "attempt {attempt}: {d} ms outside [{}, {full}]", full * 3 / 4);
                assert!(d > longest_before, "attempt {attempt}: {d} ms does not grow past {longest_before} ms");
            }
            longest_before = full;
        }
        for attempt in [5, 6, 16, 40, u32::MAX] {
            let d = ms(policy.delay(attempt, None));
            assert!((6000..=8000).contains(&d), "attempt {attempt}: {d} ms");
        }
        let tight = RetryPolicy { max_delay: Duration::from_secs(1), ..RetryPolicy::default() };
        assert_eq!(tight.delay(10, None), Duration::from_secs(1));
    }
}
