// Copied by codegen from `specs/tests/tracing.rs`; edit that file, not this one.

//! The `tracing` feature as a user sees it: one span per call with OpenTelemetry's HTTP client
//! fields and an event per retry, recorded by a subscriber that keeps every field of every span
//! and event — none of which may hold the API key.

#![cfg(feature = "tracing")]

use std::fmt;
use std::future::IntoFuture;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

use sendgrid_access::{Client, ClientBuilder};

/// The API key every test client uses: no span or event field may hold it.
const API_KEY: &str = "SG.test-secret-key-0123456789";

/// A client for `base` with tiny retry delays.
fn builder(base: &str) -> ClientBuilder {
    Client::builder()
        .api_key(API_KEY)
        .base_url(base)
        .allow_http(true)
        .max_retries(2)
        .initial_retry_delay(Duration::from_millis(1))
        .max_retry_delay(Duration::from_millis(20))
        .timeout(Duration::from_secs(3))
}

fn client(base: &str) -> Client {
    builder(base).build().expect("client builds")
}

/// Awaits `call`, failing the test if it takes longer than 20 s (only a hang does).
async fn bounded<F: IntoFuture>(call: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(20), call.into_future()).await.expect("call finished in bounded time")
}

/// A span or event: its name and every field recorded, in order.
#[derive(Debug, Clone, Default)]
struct Recorded {
    name: String,
    fields: Vec<(String, String)>,
}

impl Recorded {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

impl Visit for Recorded {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields.push((field.name().to_string(), value.to_string()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.fields.push((field.name().to_string(), format!("{value:?}")));
    }
}

/// Keeps every span and event.
#[derive(Clone, Default)]
struct Recorder {
    spans: Arc<Mutex<Vec<Recorded>>>,
    events: Arc<Mutex<Vec<Recorded>>>,
    next: Arc<AtomicU64>,
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut recorded = Recorded { name: span.metadata().name().to_string(), fields: Vec::new() };
        span.record(&mut recorded);
        let mut spans = self.spans.lock().unwrap();
        spans.push(recorded);
        self.next.fetch_add(1, Ordering::SeqCst);
        Id::from_u64(spans.len() as u64)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some(recorded) = spans.get_mut(span.into_u64() as usize - 1) {
            values.record(recorded);
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut recorded = Recorded { name: event.metadata().name().to_string(), fields: Vec::new() };
        event.record(&mut recorded);
        self.events.lock().unwrap().push(recorded);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[tokio::test]
async fn one_span_per_call_an_event_per_retry_and_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": []}))).mount(&server).await;
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let client = client(&server.uri());

    bounded(client.teammates().list_teammate().limit(5)).await.expect("the retry succeeds");

    let spans = recorder.spans.lock().unwrap().clone();
    let calls: Vec<&Recorded> = spans.iter().filter(|s| s.name == "http.client.request").collect();
    assert_eq!(calls.len(), 1, "one span per call: {spans:?}");
    let call = calls[0];
    let url = format!("{}/v3/teammates?limit=5", server.uri());
    for (field, value) in [
        ("otel.name", "GET /v3/teammates"),
        ("otel.kind", "client"),
        ("operation.id", "ListTeammate"),
        ("http.request.method", "GET"),
        ("url.template", "/v3/teammates"),
        ("url.full", url.as_str()),
        ("http.response.status_code", "200"),
        ("http.request.resend_count", "1"),
    ] {
        assert_eq!(call.field(field), Some(value), "{field} in {call:?}");
    }
    let events = recorder.events.lock().unwrap().clone();
    let retries: Vec<&Recorded> = events.iter().filter(|e| e.field("message") == Some("retrying")).collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(retries[0].field("cause"), Some("503"));
    assert_eq!(retries[0].field("http.request.resend_count"), Some("1"));
    assert!(retries[0].field("delay_ms").is_some());
    // A call answered at once: no resend count.
    bounded(client.teammates().list_teammate().limit(5)).await.expect("answered at once");
    let spans = recorder.spans.lock().unwrap().clone();
    let second = spans.iter().filter(|s| s.name == "http.client.request").nth(1).expect("a span for the second call");
    assert_eq!(second.field("http.response.status_code"), Some("200"));
    assert_eq!(second.field("http.request.resend_count"), None, "{second:?}");
    for recorded in spans.iter().chain(&events) {
        for (name, value) in &recorded.fields {
            assert!(!value.contains(API_KEY) && !value.contains("test-secret"), "a secret in {name} of {}: {value}", recorded.name);
        }
    }
}

#[tokio::test]
async fn a_failed_call_records_the_error_type() {
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    // A port nothing listens on: a connection failure, retried, then reported.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = builder(&base).max_retries(1).build().unwrap();

    bounded(client.teammates().get_teammate("jane")).await.expect_err("nothing listens");

    let spans = recorder.spans.lock().unwrap().clone();
    let call = spans.iter().find(|s| s.name == "http.client.request").expect("a span");
    assert_eq!(call.field("error.type"), Some("connect"), "{call:?}");
    assert_eq!(call.field("http.response.status_code"), None);
}

/// A response cut short (100 bytes promised, 13 sent): `error.type` is `body`.
#[tokio::test]
async fn a_body_cut_short_is_a_body_error() {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for _ in 0..2 {
            let Ok((mut socket, _)) = listener.accept() else { return };
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && socket.read_exact(&mut byte).is_ok() {
                head.push(byte[0]);
            }
            let _ = socket.write_all(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"username\":");
            let _ = socket.shutdown(std::net::Shutdown::Both);
        }
    });
    let recorder = Recorder::default();
    let _guard = tracing::subscriber::set_default(recorder.clone());
    let client = builder(&base).max_retries(0).build().unwrap();

    bounded(client.teammates().get_teammate("jane")).await.expect_err("cut short");

    let spans = recorder.spans.lock().unwrap().clone();
    let call = spans.iter().find(|s| s.name == "http.client.request").expect("a span");
    assert_eq!(call.field("error.type"), Some("body"), "{call:?}");
}
