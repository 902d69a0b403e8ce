//! Helpers shared by the fault tests (`faults.rs`, `faults_headers.rs`): a client for a local
//! mock with tiny retry delays, a time bound on every call, and sample data.

use std::future::IntoFuture;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sendgrid_access::{Client, ClientBuilder};
use serde_json::json;
use wiremock::{MockServer, Request};

/// The longest any single call may take before the test fails. Generous, so that a loaded
/// machine never trips it: the timing tests make the wrong behaviour take far longer instead
/// (an ignored `Retry-After: 0` waits an hour of backoff), never assert an upper bound on a
/// wall clock.
pub const CALL_LIMIT: Duration = Duration::from_secs(20);

/// A wait the wrong behaviour would take: far beyond [`CALL_LIMIT`].
pub const AN_HOUR: Duration = Duration::from_secs(3600);

/// The API key every test client uses.
pub const API_KEY: &str = "SG.test-secret-key-0123456789";

/// A client for `base` with tiny retry delays and a short timeout.
pub fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base)
        .allow_http(true)
        .max_retries(2)
        .initial_retry_delay(Duration::from_millis(1))
        .max_retry_delay(Duration::from_millis(20))
        .timeout(Duration::from_secs(3))
}

/// A built client for `base` (see [`builder`]).
pub fn client(base: &str) -> Client {
    builder(base).build().expect("client builds")
}

/// Awaits `call`, failing the test if it takes longer than [`CALL_LIMIT`].
pub async fn bounded<F: IntoFuture>(call: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, call.into_future()).await.expect("call finished in bounded time")
}

/// The requests the mock server received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("request recording is on")
}

/// A teammate as the API returns it.
pub fn teammate_json() -> serde_json::Value {
    json!({"username": "jane", "email": "jane@example.com", "user_type": "teammate", "is_admin": false})
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).expect("clock after 1970").as_secs()
}
