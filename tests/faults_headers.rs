//! Fault tests of the generated client (`sendgrid-access`), continued: decoding leniency,
//! headers and safety, against local `wiremock` servers (helpers in `fault_support.rs`).
//!
//! Covered:
//! - decoding: an enum value the spec does not list lands in `Unknown`;
//! - headers: rate-limit headers through `send_with_response`, `on-behalf-of` default/per-call/
//!   override and header injection (rejected before anything is sent);
//! - safety: path parameters stay one encoded segment (and `.`, `..`, `""` cannot escape it),
//!   the API key is sent but never printed by `Debug`, plain http needs `allow_http(true)`.

use sendgrid_access::teammates::UserType;
use sendgrid_access::{BuildError, Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

// Each test binary uses its own subset of the helpers.
#[allow(dead_code)]
#[path = "fault_support.rs"]
mod support;
use support::*;

// ---------------------------------------------------------------------------------------------
// Decoding and headers
// ---------------------------------------------------------------------------------------------

/// `user_type: "superuser"` is not in the spec's enum: it decodes into `Unknown`, in a single
/// teammate and in a list, instead of failing the whole response.
#[tokio::test]
async fn unknown_enum_value_decodes_into_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates/root"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"username": "root", "user_type": "superuser"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v3/teammates"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"result": [
            {"username": "a", "user_type": "owner"},
            {"username": "b", "user_type": "superuser"}
        ]})))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let one = bounded(client.teammates().get_teammate("root")).await.expect("decodes");
    assert_eq!(one.user_type, Some(UserType::Unknown("superuser".into())));
    assert_eq!(one.user_type.as_ref().map(|t| t.as_str()), Some("superuser"));

    let list = bounded(client.teammates().list_teammate()).await.expect("decodes");
    let types: Vec<_> = list.result.unwrap().into_iter().map(|t| t.user_type).collect();
    assert_eq!(types, [Some(UserType::Owner), Some(UserType::Unknown("superuser".into()))]);
}

/// `send_with_response()` exposes status, headers and the parsed rate-limit headers.
#[tokio::test]
async fn rate_limit_headers_are_readable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"result": []}))
                .insert_header("X-RateLimit-Limit", "500")
                .insert_header("X-RateLimit-Remaining", "499")
                .insert_header("X-RateLimit-Reset", "1700000000"),
        )
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let response = bounded(client.teammates().list_teammate().limit(10).send_with_response()).await.expect("200");

    assert_eq!(response.status(), 200);
    let limits = response.rate_limit();
    assert_eq!((limits.limit, limits.remaining, limits.reset), (Some(500), Some(499), Some(1_700_000_000)));
    assert_eq!(response.headers()["x-ratelimit-remaining"], "499");
    assert_eq!(response.value().result.as_deref().map(<[_]>::len), Some(0));
    let received = requests(&server).await;
    assert_eq!(received[0].url.query(), Some("limit=10"));
}

fn on_behalf_of_values(request: &Request) -> Vec<String> {
    request.headers.get_all("on-behalf-of").iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

/// `on-behalf-of`: a per-call value is sent; a client default is sent when the call sets none;
/// a per-call value replaces the default (exactly one header value).
#[tokio::test]
async fn on_behalf_of_default_and_override() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let plain = client(&server.uri());
    let with_default = builder(&server.uri()).on_behalf_of("default-sub").build().unwrap();

    bounded(plain.teammates().get_teammate("jane").on_behalf_of("per-call")).await.unwrap();
    bounded(plain.teammates().get_teammate("jane")).await.unwrap();
    bounded(with_default.teammates().get_teammate("jane")).await.unwrap();
    bounded(with_default.teammates().get_teammate("jane").on_behalf_of("account-id 42")).await.unwrap();

    let sent: Vec<Vec<String>> = requests(&server).await.iter().map(on_behalf_of_values).collect();
    assert_eq!(
        sent,
        [vec!["per-call".to_string()], vec![], vec!["default-sub".to_string()], vec!["account-id 42".to_string()]]
    );
}

/// A line break in `on-behalf-of` (header injection) is rejected before anything is sent: per
/// call as `Error::InvalidRequest`, as a client default at build time.
#[tokio::test]
async fn on_behalf_of_with_line_break_is_rejected_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let client = client(&server.uri());

    let err = bounded(client.teammates().get_teammate("jane").on_behalf_of("sub\r\nX-Injected: 1"))
        .await
        .expect_err("rejected");

    match &err {
        Error::InvalidRequest(e) => assert_eq!(e.field, "on-behalf-of"),
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert_eq!(err.status(), None);
    assert!(requests(&server).await.is_empty(), "nothing may be sent");

    let built = builder(&server.uri()).on_behalf_of("sub\nX-Injected: 1").build();
    assert!(matches!(built, Err(BuildError::InvalidHeader(_))), "{built:?}");
}

/// Path parameters cannot change the request path: `/`, `..`, `?`, `#`, `%` and non-ASCII stay
/// inside one percent-encoded segment, with no query or fragment leaking out.
#[tokio::test]
async fn path_parameters_stay_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server.uri());

    bounded(client.teammates().get_teammate("a/../b?c#d%é")).await.expect("200");
    bounded(client.teammates().delete_pending_teammate("../../sso/integrations/x")).await.expect("204");
    bounded(client.teammates().list_subuser_access("x/../../v3/sso").limit(5)).await.ok();

    let received = requests(&server).await;
    let paths: Vec<&str> = received.iter().map(|r| r.url.path()).collect();
    assert_eq!(
        paths,
        [
            "/v3/teammates/a%2F..%2Fb%3Fc%23d%25%C3%A9",
            "/v3/teammates/pending/..%2F..%2Fsso%2Fintegrations%2Fx",
            "/v3/teammates/x%2F..%2F..%2Fv3%2Fsso/subuser_access",
        ]
    );
    assert_eq!(received[0].url.query(), None);
    assert_eq!(received[1].url.query(), None);
    assert_eq!(received[2].url.query(), Some("limit=5"));
}

/// A path parameter that is exactly a dot segment (`.`, `..`) or empty must not move the request
/// to another resource. Encoding is no protection (URL parsers treat `%2E%2E` as `..`, so
/// `get_teammate("..")` would become `GET /v3/`), so the client rejects such values with
/// `InvalidRequest` and sends nothing.
#[tokio::test]
async fn dot_segment_and_empty_path_parameters_cannot_escape() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    let client = client(&server.uri());

    for value in [".", "..", ""] {
        let before = requests(&server).await.len();
        let get = bounded(client.teammates().get_teammate(value)).await;
        let delete = bounded(client.teammates().delete_teammate(value)).await;
        let received = requests(&server).await;
        let sent: Vec<String> = received[before..].iter().map(|r| format!("{} {}", r.method, r.url.path())).collect();
        assert!(sent.is_empty(), "{value:?}: nothing may be sent, but the client sent {sent:?}");
        assert!(matches!(get, Err(Error::InvalidRequest(_))), "{value:?}: {get:?}");
        assert!(matches!(delete, Err(Error::InvalidRequest(_))), "{value:?}: {delete:?}");
    }
    // The server is live: a valid value is sent, to the one segment it belongs in.
    bounded(client.teammates().get_teammate("a.b")).await.expect("a dotted name that is not a dot segment is sent");
    let paths: Vec<String> = requests(&server).await.iter().map(|r| r.url.path().to_string()).collect();
    assert_eq!(paths, ["/v3/teammates/a.b"]);
}

// ---------------------------------------------------------------------------------------------
// Secrets and configuration
// ---------------------------------------------------------------------------------------------

/// The API key is sent as a bearer token but never shown by `Debug` (client or builder).
#[tokio::test]
async fn api_key_is_sent_but_never_printed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(teammate_json()))
        .mount(&server)
        .await;
    let builder = builder(&server.uri());
    let builder_debug = format!("{builder:?}");
    let client = builder.build().unwrap();
    let client_debug = format!("{client:?}");

    bounded(client.teammates().get_teammate("jane")).await.unwrap();

    let received = requests(&server).await;
    assert_eq!(received[0].headers["authorization"], format!("Bearer {API_KEY}").as_str());
    for debug in [&builder_debug, &client_debug] {
        assert!(!debug.contains(API_KEY), "key leaked: {debug}");
        assert!(!debug.contains("test-secret"), "part of the key leaked: {debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }
}

/// A basic-auth password is never shown by `Debug` either (the user name is).
#[test]
fn basic_auth_password_is_never_printed() {
    let builder = Client::builder().basic_auth("ann", "pw-secret-1").base_url("https://127.0.0.1:9");
    let builder_debug = format!("{builder:?}");
    let client_debug = format!("{:?}", builder.build().unwrap());
    for debug in [&builder_debug, &client_debug] {
        assert!(!debug.contains("pw-secret-1"), "password leaked: {debug}");
        assert!(debug.contains("redacted"), "{debug}");
    }
    assert!(builder_debug.contains("ann"), "{builder_debug}");
}

/// Plain http is refused unless `allow_http(true)`; https and loopback http with the flag build.
#[test]
fn plain_http_needs_allow_http() {
    let refused = Client::builder().api_key("k").base_url("http://127.0.0.1:9").build();
    assert!(matches!(refused, Err(BuildError::InsecureBaseUrl(ref url)) if url == "http://127.0.0.1:9"), "{refused:?}");
    assert!(Client::builder().api_key("k").base_url("http://127.0.0.1:9").allow_http(true).build().is_ok());
    assert!(Client::builder().api_key("k").base_url("https://127.0.0.1:9").build().is_ok());
}
