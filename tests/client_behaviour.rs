//! The generated client's behaviour over real HTTP (reqwest over loopback, a wiremock server):
//! pagination, client-side validation and the blocking API. (Compile-time checks: `compile_fail.rs`.)

use std::time::Duration;

use futures::TryStreamExt;
use sendgrid_access::{scopes, teammates, Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("test-key")
        .base_url(server.uri())
        .allow_http(true)
        .max_retries(0)
        .timeout(Duration::from_secs(5))
        .build()
        .expect("client builds")
}

fn teammate(n: usize) -> serde_json::Value {
    json!({"username": format!("t{n}"), "email": format!("t{n}@example.com")})
}

/// `items()` follows `offset` until a page shorter than `limit`.
#[tokio::test]
async fn teammates_pagination_stops_at_a_short_page() {
    let server = MockServer::start().await;
    // The first request carries no offset; later ones carry the number of items seen so far.
    for (offset, count) in [(None, 2), (Some(2), 2), (Some(4), 1)] {
        let start = offset.unwrap_or(0);
        let result: Vec<_> = (start..start + count).map(teammate).collect();
        let mock = Mock::given(method("GET")).and(path("/v3/teammates")).and(query_param("limit", "2"));
        let mock = match offset {
            Some(offset) => mock.and(query_param("offset", offset.to_string())),
            None => mock.and(query_param_is_missing("offset")),
        };
        mock.respond_with(ResponseTemplate::new(200).set_body_json(json!({ "result": result }))).expect(1).mount(&server).await;
    }
    let client = client(&server);
    let all: Vec<_> = client.teammates().list_teammate().limit(2).items().try_collect().await.expect("pages");
    let names: Vec<_> = all.iter().filter_map(|t| t.username.clone()).collect();
    assert_eq!(names, ["t0", "t1", "t2", "t3", "t4"]);
    // Exactly three requests, each matched by its own mock (`expect(1)` each, checked on drop).
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(3));
}

/// Without a `limit`, paging stops at the first empty page.
#[tokio::test]
async fn scopes_pagination_without_limit_stops_when_empty() {
    let server = MockServer::start().await;
    let item = json!({"id": 1, "scope_group_name": "g", "username": "u", "email": "e", "first_name": "f", "last_name": "l"});
    Mock::given(method("GET"))
        .and(path("/v3/scopes/requests"))
        .and(query_param("offset", "1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/scopes/requests"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([item])))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let pages: Vec<Vec<scopes::ListScopeRequestResponseItem>> =
        client.scopes().list_scope_request().pages().try_collect().await.expect("pages");
    assert_eq!(pages.iter().map(Vec::len).collect::<Vec<_>>(), [1, 0]);
}

/// The invite email must be 5 to 255 characters and match `^.*@.*\..*`: checked before any I/O.
#[tokio::test]
async fn invalid_email_fails_before_sending() {
    let server = MockServer::start().await;
    let client = client(&server);
    for email in ["a@b", "not-an-email", &format!("{}@example.com", "x".repeat(260))] {
        let body = teammates::InviteTeammateRequest::new(email, vec![], false);
        match client.teammates().invite_teammate(&body).await {
            Err(Error::InvalidRequest(e)) => assert_eq!(e.field, "email", "{e}"),
            other => panic!("expected InvalidRequest for {email:?}, got {other:?}"),
        }
    }
    // A parameter out of range is caught the same way.
    match client.teammates().list_teammate().limit(501).await {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.field, "limit"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    let received = server.received_requests().await.unwrap_or_default();
    assert!(received.is_empty(), "nothing was sent: {received:?}");
}

/// The `blocking` feature offers the same calls synchronously.
#[test]
fn blocking_calls_work_outside_async() {
    let runtime = tokio::runtime::Runtime::new().expect("runtime for the mock server");
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/v3/teammates/jane%40example.com"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "jane"})))
            .mount(&server)
            .await;
        server
    });
    let client = client(&server);
    let teammate = client.teammates().get_teammate("jane@example.com").send_blocking().expect("blocking call");
    assert_eq!(teammate.username.as_deref(), Some("jane"));
}

/// A call's futures — `send()`, `send_with_response()` and the builder's own `IntoFuture` — can
/// run on another task of a multi-threaded runtime (they are `Send`), and each sends the call
/// and decodes its answer there. (The generic sending they share is in the runtime: `Send` is
/// inferred through it, so this would stop compiling if any part of it stopped being `Send`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn call_futures_run_on_other_tasks() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/jane%40example.com"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "jane"})))
        .expect(3)
        .mount(&server)
        .await;
    // Spawned tasks outlive any borrow: the client lives for the rest of the test process.
    let client: &'static Client = Box::leak(Box::new(client(&server)));
    let call = || client.teammates().get_teammate("jane@example.com");
    let sent = tokio::spawn(call().send()).await.expect("task").expect("send");
    let with_response = tokio::spawn(call().send_with_response()).await.expect("task").expect("send_with_response");
    let awaited = tokio::spawn(std::future::IntoFuture::into_future(call())).await.expect("task").expect("await");
    assert_eq!(sent.username.as_deref(), Some("jane"));
    assert_eq!(with_response.status(), 200);
    assert_eq!(with_response.value().username.as_deref(), Some("jane"));
    assert_eq!(awaited.username.as_deref(), Some("jane"));
}
