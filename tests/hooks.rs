//! Hooks, the escape hatch and extras, as a user of `sendgrid-access` meets them: hooks see
//! every attempt of a call (retries included) and can add headers, without seeing the API key
//! unless they ask for it by name; `Client::request` calls a path the description does not list
//! with the same auth, retries and hooks; `extra_query`/`extra_header`/`extra_body_field` add
//! what an operation does not declare.

use std::sync::{Arc, Mutex};

use sendgrid_access::teammates::InviteTeammateRequest;
use sendgrid_access::{Error, Method};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[allow(dead_code)]
#[path = "fault_support.rs"]
mod support;
use support::*;

/// What an `after_attempt` hook recorded of one attempt.
#[derive(Debug, Clone, PartialEq)]
struct Seen {
    operation: String,
    method: String,
    url: String,
    attempt: u32,
    status: Option<u16>,
    retries: bool,
}

#[tokio::test]
async fn hooks_see_each_attempt_and_add_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(503)).up_to_n_times(2).mount(&server).await;
    Mock::given(method("GET")).respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": []}))).mount(&server).await;
    let before: Arc<Mutex<Vec<String>>> = Arc::default();
    let after: Arc<Mutex<Vec<Seen>>> = Arc::default();
    let (b, a) = (before.clone(), after.clone());
    let uri = server.uri();
    let client = builder(&server.uri())
        .default_header("x-drop-me", "1")
        .before_attempt(move |attempt| {
            assert_eq!((attempt.operation_id(), attempt.method().as_str()), ("ListTeammate", "GET"));
            assert_eq!(attempt.url(), format!("{uri}/v3/teammates?limit=5"));
            let names: Vec<String> = attempt.header_names().map(|n| n.to_string()).collect();
            assert!(names.contains(&"authorization".to_string()) && names.contains(&"accept".to_string()), "{names:?}");
            let debug = format!("{attempt:?}");
            assert!(debug.contains("\"authorization\", \"<redacted>\"") && debug.contains("ListTeammate"), "{debug}");
            let key = attempt.header("authorization").map(|v| v.to_str().unwrap_or_default().to_string()).unwrap_or_default();
            b.lock().unwrap().push(format!("{} {} key={}", attempt.attempt(), debug.contains(API_KEY), key.ends_with(API_KEY)));
            assert_eq!(attempt.remove_header("x-drop-me").as_ref().map(|v| v.to_str().unwrap()), Some("1"));
            attempt.set_header("x-attempt".parse().unwrap(), attempt.attempt().to_string().parse().unwrap());
        })
        .after_attempt(move |outcome| {
            assert!(outcome.error().is_none(), "a response came");
            assert!(outcome.headers().is_some_and(|h| h.contains_key("content-length")), "the response headers");
            assert!(outcome.elapsed() > std::time::Duration::ZERO);
            let debug = format!("{outcome:?}");
            assert!(debug.contains("ListTeammate") && debug.contains("attempt"), "{debug}");
            a.lock().unwrap().push(Seen {
                operation: outcome.operation_id().to_string(),
                method: outcome.method().to_string(),
                url: outcome.url().to_string(),
                attempt: outcome.attempt(),
                status: outcome.status(),
                retries: outcome.retry_in().is_some(),
            })
        })
        .build()
        .unwrap();

    bounded(client.teammates().list_teammate().limit(5)).await.expect("the third attempt succeeds");

    let url = format!("{}/v3/teammates?limit=5", server.uri());
    let seen = |attempt, status, retries| Seen { operation: "ListTeammate".into(), method: "GET".into(), url: url.clone(), attempt, status: Some(status), retries };
    assert_eq!(*after.lock().unwrap(), [seen(0, 503, true), seen(1, 503, true), seen(2, 200, false)]);
    // The key is there when asked for by name, never in the Debug output.
    assert_eq!(*before.lock().unwrap(), ["0 false key=true", "1 false key=true", "2 false key=true"]);
    let sent: Vec<String> = requests(&server).await.iter().map(|r| r.headers["x-attempt"].to_str().unwrap().to_string()).collect();
    assert_eq!(sent, ["0", "1", "2"], "each attempt carries the header its hook set");
    for request in requests(&server).await {
        assert!(!request.headers.contains_key("cookie"), "no cookie parameter or cookie credential: no Cookie header");
    }
    for request in requests(&server).await {
        assert!(!request.headers.contains_key("x-drop-me"), "a hook removed it");
    }
    assert!(format!("{client:?}").contains("before: 1, after: 1"), "{client:?}");
}

#[tokio::test]
async fn the_escape_hatch_calls_an_undeclared_path_with_auth_and_retries() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/v3/teammates/beta/insights")).respond_with(ResponseTemplate::new(503)).up_to_n_times(1).mount(&server).await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/beta/insights"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"active": 3})))
        .mount(&server)
        .await;
    Mock::given(method("POST")).and(path("/v3/teammates/beta/notes")).respond_with(ResponseTemplate::new(422).set_body_json(json!({"errors": [{"message": "bad"}]}))).mount(&server).await;
    let attempts: Arc<Mutex<Vec<String>>> = Arc::default();
    let (counted, seen_before) = (attempts.clone(), attempts.clone());
    let client = builder(&server.uri())
        .on_behalf_of("subuser-1")
        .before_attempt(move |attempt| seen_before.lock().unwrap().push(format!("before {} {:?}", attempt.method(), attempt.operation_id())))
        .after_attempt(move |outcome| counted.lock().unwrap().push(format!("after {} {:?}", outcome.method(), outcome.status())))
        .build()
        .unwrap();

    let insights = bounded(client.request(Method::GET, "/v3/teammates/beta/insights").query("window", "7 days").send_json::<serde_json::Value>())
        .await
        .expect("the retry succeeds");

    assert_eq!(insights.value(), &json!({"active": 3}));
    let received = requests(&server).await;
    assert_eq!(received.len(), 2, "a 503, then the retry");
    for request in &received {
        assert_eq!(request.url.query(), Some("window=7+days"));
        assert_eq!(request.headers["authorization"], format!("Bearer {API_KEY}").as_str());
        assert_eq!(request.headers["on-behalf-of"], "subuser-1", "client default headers apply");
    }
    assert_eq!(*attempts.lock().unwrap(), ["before GET \"\"", "after GET Some(503)", "before GET \"\"", "after GET Some(200)"], "hooks see the escape hatch's attempts too");

    // A POST is not retried after a 4xx; the error body is JSON.
    let err = bounded(client.request(Method::POST, "v3/teammates/beta/notes").json(&json!({"text": "hi"})).send_json::<serde_json::Value>())
        .await
        .expect_err("422");
    match err {
        Error::Api(e) => {
            assert_eq!(e.status(), 422);
            assert_eq!(e.body(), &json!({"errors": [{"message": "bad"}]}));
        }
        other => panic!("expected Api, got {other:?}"),
    }
    assert_eq!(attempts.lock().unwrap()[4..], ["before POST \"\"".to_string(), "after POST Some(422)".to_string()]);
    let post = requests(&server).await.into_iter().filter(|r| r.method.as_str() == "POST").collect::<Vec<_>>();
    assert_eq!(post.len(), 1);
    assert_eq!(serde_json::from_slice::<serde_json::Value>(&post[0].body).unwrap(), json!({"text": "hi"}));
    assert_eq!(post[0].headers["content-type"], "application/json");
}

#[tokio::test]
async fn extras_add_what_the_operation_does_not_declare() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).respond_with(ResponseTemplate::new(201).set_body_json(json!({"token": "t"}))).mount(&server).await;
    let client = client(&server.uri());
    let body = InviteTeammateRequest::new("new@example.com", vec!["mail.send".to_string()], false);

    bounded(
        client
            .teammates()
            .invite_teammate(&body)
            .extra_query("dry_run", "true")
            .extra_header("x-trace", "abc")
            .extra_body_field("first_name", json!("Ada")),
    )
    .await
    .expect("invited");

    let sent = &requests(&server).await[0];
    assert_eq!(sent.url.query(), Some("dry_run=true"));
    assert_eq!(sent.headers["x-trace"], "abc");
    let sent_body: serde_json::Value = serde_json::from_slice(&sent.body).unwrap();
    assert_eq!(sent_body, json!({"email": "new@example.com", "scopes": ["mail.send"], "is_admin": false, "first_name": "Ada"}));

    // An extra header replaces the operation's own header of that name.
    bounded(client.teammates().invite_teammate(&body).on_behalf_of("subuser-a").extra_header("on-behalf-of", "subuser-b")).await.expect("invited");
    let sent = requests(&server).await.pop().expect("a second request");
    assert_eq!(sent.headers.get_all("on-behalf-of").iter().map(|v| v.to_str().unwrap()).collect::<Vec<_>>(), ["subuser-b"]);

    // An invalid extra header fails the call before anything is sent.
    let err = bounded(client.teammates().invite_teammate(&body).extra_header("bad header", "x")).await.expect_err("invalid");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(requests(&server).await.len(), 2);

    // An extra header of another name leaves the operation's own headers alone.
    bounded(client.teammates().invite_teammate(&body).on_behalf_of("subuser-a").extra_header("x-trace", "c")).await.expect("invited");
    let sent = requests(&server).await.pop().expect("a third request");
    assert_eq!((sent.headers["on-behalf-of"].to_str().unwrap(), sent.headers["x-trace"].to_str().unwrap()), ("subuser-a", "c"));
}

/// A hook sees a transport failure as an error with no status.
#[tokio::test]
async fn hooks_see_transport_failures() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    // (status, a connection error) of each attempt.
    type Seen = Vec<(Option<u16>, bool)>;
    let seen: Arc<Mutex<Seen>> = Arc::default();
    let record = seen.clone();
    let client = builder(&base)
        .max_retries(1)
        .after_attempt(move |outcome| record.lock().unwrap().push((outcome.status(), outcome.error().is_some_and(|e| e.is_connect()))))
        .build()
        .unwrap();

    bounded(client.teammates().get_teammate("jane")).await.expect_err("nothing listens");

    assert_eq!(*seen.lock().unwrap(), [(None, true), (None, true)]);
}
