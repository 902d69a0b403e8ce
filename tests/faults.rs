//! Fault tests of the generated client (`sendgrid-access`) against local mock servers: retries
//! and transport or decoding failures. Headers, decoding leniency and safety are in
//! `faults_headers.rs`; the shared helpers in `fault_support.rs`.
//!
//! Every test talks only to 127.0.0.1: a `wiremock` server for well-formed HTTP, or a raw
//! `tokio` `TcpListener` for broken HTTP (a truncated body, a connection dropped on accept).
//! Every call is wrapped in a `tokio::time::timeout`, and every wait is a few milliseconds (at most
//! 150 ms; tests that configure a 10 s backoff do so to prove it is *not* used), so each test ends
//! in bounded time with the expected value or error, never a panic or a hang.
//!
//! Covered:
//! - retries: 429 + `Retry-After` (seconds or HTTP date; honoured, capped by `max_retry_delay`),
//!   `X-RateLimit-Reset` in the past, 503 until retries run out, POST not retried after 5xx
//!   unless opted in, POST retried after 429, a connection dropped on accept, counted per attempt;
//! - errors: per-call timeout, malformed JSON and wrong types on 200 (`Decode` with status, path
//!   and raw body), a truncated body, an HTML 502 page, a declared 500 (`Api`).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sendgrid_access::sso::ListSsoIntegrationError;
use sendgrid_access::teammates::InviteTeammateRequest;
use sendgrid_access::Error;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

// Each test binary uses its own subset of the helpers.
#[allow(dead_code)]
#[path = "fault_support.rs"]
mod support;
use support::*;

// ---------------------------------------------------------------------------------------------
// Retries
// ---------------------------------------------------------------------------------------------

/// 429 with `Retry-After: 1`, then 200: the client waits (capped at 50 ms) and succeeds on the
/// second of exactly two requests.
#[tokio::test]
async fn retry_after_429_then_success() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/jane"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/jane"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retry_delay(Duration::from_millis(50)).build().unwrap();

    let teammate = bounded(client.teammates().get_teammate("jane")).await.expect("second attempt succeeds");

    assert_eq!(teammate.username.as_deref(), Some("jane"));
    assert_eq!(requests(&server).await.len(), 2);
}

/// The wait follows `Retry-After` rather than the backoff: `Retry-After: 3600` with a 1 ms
/// backoff and a 150 ms cap waits the cap (at least 150 ms, so the header was read; an
/// uncapped wait would outlast the call limit), and `Retry-After: 0` with an hour of backoff
/// retries at once (else the call limit fails the test). No upper bound on a wall clock.
#[tokio::test]
async fn retry_after_is_honoured_under_the_cap() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/capped"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "3600"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/zero"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;

    let capped = builder(&server.uri()).max_retry_delay(Duration::from_millis(150)).build().unwrap();
    let start = Instant::now();
    bounded(capped.teammates().get_teammate("capped")).await.expect("succeeds after the wait");
    let waited = start.elapsed();
    assert!(waited >= Duration::from_millis(150), "Retry-After ignored: waited {waited:?}");

    let slow_backoff = hour_of_backoff(&server.uri());
    bounded(slow_backoff.teammates().get_teammate("zero")).await.expect("succeeds at once");

    assert_eq!(requests(&server).await.len(), 4);
}

/// A client whose backoff waits an hour: a retry that happens at once was told to by the server.
fn hour_of_backoff(base: &str) -> sendgrid_access::Client {
    builder(base).initial_retry_delay(AN_HOUR).max_retry_delay(AN_HOUR).build().unwrap()
}

/// `Retry-After` may also be an HTTP date; one in the past means "now" (with an hour of backoff
/// the retry still happens at once).
#[tokio::test]
async fn retry_after_http_date_in_the_past_retries_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).insert_header("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let client = hour_of_backoff(&server.uri());
    // Were the date ignored, the backoff would wait an hour and the call limit fail the test.
    bounded(client.teammates().get_teammate("jane")).await.expect("retry succeeds at once");
    assert_eq!(requests(&server).await.len(), 2);
}

/// `X-RateLimit-Reset` (Unix seconds) in the past means "now": with an hour of backoff the retry
/// still happens at once.
#[tokio::test]
async fn rate_limit_reset_in_the_past_retries_at_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Limit", "500")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", (unix_now() - 100).to_string().as_str()),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let client = hour_of_backoff(&server.uri());
    // Were the reset time ignored, the backoff would wait an hour and the call limit fail the test.
    bounded(client.teammates().get_teammate("jane")).await.expect("retry succeeds at once");
    assert_eq!(requests(&server).await.len(), 2);
}

/// 503 every time: `max_retries(2)` gives up after 3 attempts. `GetTeammate` declares only 200,
/// so the error is `UnexpectedStatus` with the status and body, and it is retryable.
#[tokio::test]
async fn persistent_503_gives_up_after_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503).set_body_string("try later"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = bounded(client.teammates().get_teammate("jane")).await.expect_err("503 is an error");

    assert_eq!(err.status(), Some(503));
    assert!(err.is_retryable());
    match &err {
        Error::UnexpectedStatus(e) => assert_eq!(e.text(), "try later"),
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 3);
}

/// A status the operation declares (SSO declares 500 with an error array) is retried like any 5xx
/// and then decoded into the typed `Api` error.
#[tokio::test]
async fn declared_500_is_retried_then_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/sso/integrations"))
        .respond_with(ResponseTemplate::new(500).set_body_json(json!([{"message": "boom", "field": null, "error_id": "e1"}])))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retries(1).build().unwrap();

    let err = bounded(client.sso().list_sso_integration()).await.expect_err("500 is an error");

    assert_eq!(requests(&server).await.len(), 2);
    assert!(err.is_retryable());
    match err {
        Error::Api(e) => {
            assert_eq!(e.status(), 500);
            match e.body() {
                ListSsoIntegrationError::InternalServerError(items) => {
                    assert_eq!(items[0].message.as_deref(), Some("boom"));
                    assert_eq!(items[0].error_id.as_deref(), Some("e1"));
                }
                other => panic!("expected InternalServerError, got {other:?}"),
            }
        }
        other => panic!("expected Api, got {other:?}"),
    }
}

fn invite() -> InviteTeammateRequest {
    InviteTeammateRequest::new("new@example.com", vec!["mail.send".to_string()], false)
}

/// POST (invite) after a 503 is not repeated: it may have taken effect. One request only.
#[tokio::test]
async fn post_is_not_retried_after_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).mount(&server).await;
    let client = client(&server.uri());
    let body = invite();

    let err = bounded(client.teammates().invite_teammate(&body)).await.expect_err("503 is an error");

    assert_eq!(err.status(), Some(503));
    assert!(matches!(err, Error::UnexpectedStatus(_)), "{err:?}");
    assert_eq!(requests(&server).await.len(), 1);
}

/// With `retry_non_idempotent(true)` the same POST is retried: 503, 503, then 201 succeeds.
#[tokio::test]
async fn post_is_retried_after_503_when_opted_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"token": "t1", "email": "new@example.com", "scopes": ["mail.send"], "is_admin": false})))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).retry_non_idempotent(true).build().unwrap();
    let body = invite();

    let invited = bounded(client.teammates().invite_teammate(&body)).await.expect("third attempt succeeds");

    assert_eq!(invited.token.as_deref(), Some("t1"));
    let received = requests(&server).await;
    assert_eq!(received.len(), 3);
    // Every attempt carries the same body.
    for request in &received {
        let sent: serde_json::Value = serde_json::from_slice(&request.body).unwrap();
        assert_eq!(sent, json!({"email": "new@example.com", "scopes": ["mail.send"], "is_admin": false}));
    }
}

/// A 429 means the server did not act, so even a POST is retried (without opting in).
#[tokio::test]
async fn post_is_retried_after_429() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"token": "t2"})))
        .mount(&server)
        .await;
    let client = client(&server.uri());
    let body = invite();

    let invited = bounded(client.teammates().invite_teammate(&body)).await.expect("retry succeeds");

    assert_eq!(invited.token.as_deref(), Some("t2"));
    assert_eq!(requests(&server).await.len(), 2);
}

/// Retries run out on 429 too; the error still carries the rate-limit headers.
#[tokio::test]
async fn persistent_429_reports_rate_limit() {
    let server = MockServer::start().await;
    let reset = unix_now() - 1;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("X-RateLimit-Limit", "500")
                .insert_header("X-RateLimit-Remaining", "0")
                .insert_header("X-RateLimit-Reset", reset.to_string().as_str()),
        )
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retries(1).build().unwrap();

    let err = bounded(client.teammates().list_teammate()).await.expect_err("429 is an error");

    assert_eq!(err.status(), Some(429));
    assert!(err.is_retryable());
    let limits = err.rate_limit().expect("a response was received");
    assert_eq!((limits.limit, limits.remaining, limits.reset), (Some(500), Some(0), Some(reset)));
    assert_eq!(requests(&server).await.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Transport and decoding failures
// ---------------------------------------------------------------------------------------------

/// The server answers after a minute, the call allows 100 ms: a `Transport` timeout, after
/// `max_retries(1)` + 1 attempts, long before the server would have answered.
#[tokio::test]
async fn per_call_timeout_is_a_transport_timeout() {
    let server = MockServer::start().await;
    // The server answers after a minute and the client-wide timeout is a minute: only the
    // per-call timeout ends the call before the call limit fails the test.
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).timeout(Duration::from_secs(60)).build().unwrap();

    let err = bounded(client.teammates().get_teammate("jane").timeout(Duration::from_millis(100)).max_retries(1))
        .await
        .expect_err("the call times out");

    match &err {
        Error::Transport(e) => assert!(e.is_timeout(), "not a timeout: {e}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(err.status(), None);
    assert_eq!(requests(&server).await.len(), 2);
}

/// A POST that times out is not repeated (the server may have acted on it), even with retries
/// left: one request, a `Transport` timeout.
#[tokio::test]
async fn post_is_not_retried_after_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"token": "late"})).set_delay(Duration::from_secs(60)))
        .mount(&server)
        .await;
    let client = builder(&server.uri()).max_retries(2).build().unwrap();
    let body = invite();

    let err = bounded(client.teammates().invite_teammate(&body).timeout(Duration::from_millis(100))).await.expect_err("the call times out");

    match &err {
        Error::Transport(e) => assert!(e.is_timeout(), "not a timeout: {e}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 1);
}

/// A syntactically broken JSON body on 200: `Decode` with the status, a location and the raw body.
#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let server = MockServer::start().await;
    let broken = r#"{"username": "jane", "email": "#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(broken, "application/json"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = bounded(client.teammates().get_teammate("jane")).await.expect_err("cannot decode");

    assert_eq!(err.status(), Some(200));
    assert!(!err.is_retryable());
    match &err {
        Error::Decode(e) => {
            assert_eq!(e.status(), 200);
            assert_eq!(e.body(), broken.as_bytes());
            assert!(!e.path().is_empty());
            assert!(!e.message().is_empty());
        }
        other => panic!("expected Decode, got {other:?}"),
    }
    // Not a server fault: no retry.
    assert_eq!(requests(&server).await.len(), 1);
}

/// Valid JSON of the wrong shape on 200: the `Decode` path names the offending field.
#[tokio::test]
async fn wrong_type_decode_error_names_the_field() {
    let server = MockServer::start().await;
    let body = r#"{"result": [{"username": "ok"}, {"username": 42}]}"#;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = bounded(client.teammates().list_teammate()).await.expect_err("cannot decode");

    match &err {
        Error::Decode(e) => {
            assert_eq!(e.path(), "result[1].username");
            assert_eq!(e.body(), body.as_bytes());
            assert!(err.to_string().contains("result[1].username"), "{err}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

/// A 502 HTML page from a proxy: `UnexpectedStatus` (GetTeammate does not declare 502) keeping the
/// raw page and its content type, after the retries a 5xx gets.
#[tokio::test]
async fn html_error_page_is_kept_raw() {
    let server = MockServer::start().await;
    let page = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_raw(page, "text/html"))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = bounded(client.teammates().get_teammate("jane")).await.expect_err("502 is an error");

    match &err {
        Error::UnexpectedStatus(e) => {
            assert_eq!(e.status(), 502);
            assert_eq!(e.body(), page.as_bytes());
            assert_eq!(e.text(), page);
            assert_eq!(e.headers()["content-type"], "text/html");
        }
        other => panic!("expected UnexpectedStatus, got {other:?}"),
    }
    assert_eq!(requests(&server).await.len(), 3);
}

/// A raw loopback server that handles at most `max_connections` connections with `handle` and
/// counts them. The accept loop is bounded and ends with the returned task (aborted on drop of
/// the test's runtime).
async fn raw_server<F, Fut>(max_connections: usize, handle: F) -> (String, Arc<AtomicUsize>)
where
    F: Fn(tokio::net::TcpStream) -> Fut + Send + 'static,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counter = count.clone();
    tokio::spawn(async move {
        for _ in 0..max_connections {
            let Ok((stream, _)) = listener.accept().await else { return };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(handle(stream));
        }
    });
    (format!("http://{addr}"), count)
}

/// Reads the request head (bounded in size and time), so that the client has sent its request.
async fn read_head(stream: &mut tokio::net::TcpStream) {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let read = async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => head.extend_from_slice(&buf[..n]),
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(2), read).await;
}

/// The server promises 100 bytes and closes after 13: a `Transport` error (the body could not be
/// received), retried like any transport failure of a GET, never a panic or a partial decode.
#[tokio::test]
async fn truncated_body_is_an_error() {
    let (base, connections) = raw_server(10, |mut stream| async move {
        read_head(&mut stream).await;
        let response = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":";
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
    let client = builder(&base).max_retries(1).build().unwrap();

    let err = bounded(client.teammates().get_teammate("jane")).await.expect_err("truncated");

    assert!(matches!(err, Error::Transport(_) | Error::Decode(_)), "{err:?}");
    assert!(matches!(err, Error::Transport(_)), "a short body is a transport failure, got {err:?}");
    assert_eq!(connections.load(Ordering::SeqCst), 2, "one attempt plus one retry");
}

/// The server accepts and drops each connection: a `Transport` error after `max_retries(2)` + 1
/// attempts.
#[tokio::test]
async fn connection_reset_is_a_transport_error_after_retries() {
    let (base, connections) = raw_server(10, |stream| async move {
        drop(stream);
    })
    .await;
    let client = client(&base);

    let err = bounded(client.teammates().get_teammate("jane")).await.expect_err("no response");

    match &err {
        Error::Transport(e) => assert!(!e.is_timeout(), "{e}"),
        other => panic!("expected Transport, got {other:?}"),
    }
    assert!(err.is_retryable());
    assert_eq!(connections.load(Ordering::SeqCst), 3);
}
