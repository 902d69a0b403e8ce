//! The `scopes` module against the real API, as SendGrid's own OpenAPI description of it
//! (`tests/fixtures/scopes.openapi.reference.yaml`) says the API answers.
//!
//! The module is generated from a Postman collection whose examples are placeholders; these tests
//! check that what it decodes is what the service sends:
//!
//! - every example of the reference (responses and the `ErrorResponse` schema example) decodes into
//!   the generated type of its operation and status and encodes back to an equivalent value;
//! - each of the four operations, called through the client over loopback HTTP against a wiremock
//!   server that answers with the reference's example, succeeds and yields the example's values;
//!   the same with responses that leave out every optional key, and with the declared errors.
//!
//! The responses are read from the reference document, not written here, so the tests follow it.

use std::path::Path;

use sendgrid_access::scopes::{
    ApproveScopeRequestError, ApproveScopeRequestResponse, ErrorBody, ListScopeError, ListScopeErrorBody,
    ListScopeRequestResponseItem, ListScopeResponse, ListScopeUnauthorizedBody,
};
use sendgrid_access::{Client, Error};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The reference document, parsed.
fn reference() -> Value {
    let file = tests::fixture("scopes.openapi.reference.yaml");
    let bytes = std::fs::read(&file).expect("reference document");
    codegen::load::parse_document(&bytes, Path::new(&file)).expect("reference parses")
}

/// Follows a local `$ref` in `doc`.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix('#')) {
        Some(pointer) => doc.pointer(pointer).expect("reference $ref resolves"),
        None => value,
    }
}

/// Every example value of `status` of the operation at `op_pointer`, with its name.
fn examples(doc: &Value, op_pointer: &str, status: &str) -> Vec<(String, Value)> {
    let op = doc.pointer(op_pointer).unwrap_or_else(|| panic!("no {op_pointer} in the reference"));
    let response = resolve(doc, &op["responses"][status]);
    let media = &response["content"]["application/json"];
    let mut out: Vec<(String, Value)> = media["examples"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, example)| (name.clone(), example["value"].clone()))
        .collect();
    if let Some(value) = media.get("example") {
        out.push(("example".into(), value.clone()));
    }
    out
}

/// The first example of `status` of the operation at `op_pointer`.
fn example(doc: &Value, op_pointer: &str, status: &str) -> Value {
    examples(doc, op_pointer, status).into_iter().next().map(|(_, v)| v).expect("an example")
}

/// Whether `after` keeps every non-null value of `before`.
fn covers(before: &Value, after: &Value) -> bool {
    match (before, after) {
        (Value::Object(b), Value::Object(a)) => {
            b.iter().all(|(k, v)| a.get(k).map_or(v.is_null(), |av| covers(v, av)))
        }
        (Value::Array(b), Value::Array(a)) => b.len() == a.len() && b.iter().zip(a).all(|(x, y)| covers(x, y)),
        (b, a) => b == a,
    }
}

/// Decodes `value` as `T`, encodes it back, and checks nothing was lost.
fn round_trip<T: DeserializeOwned + Serialize>(what: &str, value: &Value) -> T {
    let decoded: T = serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("{what}: {e}\n{value}"));
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert!(covers(value, &encoded), "{what}: round trip changed {value} into {encoded}");
    decoded
}

const LIST_SCOPE: &str = "/paths/~1v3~1scopes/get";
const LIST_REQUESTS: &str = "/paths/~1v3~1scopes~1requests/get";
const DENY: &str = "/paths/~1v3~1scopes~1requests~1{request_id}/delete";
const APPROVE: &str = "/paths/~1v3~1scopes~1requests~1{request_id}~1approve/patch";

#[test]
fn every_reference_example_decodes_into_the_generated_types() {
    let doc = reference();
    let mut checked = 0;
    for (name, value) in examples(&doc, LIST_SCOPE, "200") {
        round_trip::<ListScopeResponse>(&format!("ListScope 200 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, LIST_SCOPE, "401") {
        round_trip::<ListScopeUnauthorizedBody>(&format!("ListScope 401 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, LIST_SCOPE, "403") {
        round_trip::<ListScopeErrorBody>(&format!("ListScope 403 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, LIST_SCOPE, "404") {
        round_trip::<ListScopeErrorBody>(&format!("ListScope 404 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, LIST_SCOPE, "500") {
        round_trip::<ListScopeErrorBody>(&format!("ListScope 500 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, LIST_REQUESTS, "200") {
        let items = round_trip::<Vec<ListScopeRequestResponseItem>>(&format!("ListScopeRequest 200 {name}"), &value);
        assert_eq!(items.iter().map(|i| i.id).collect::<Vec<Option<i64>>>(), [Some(1), Some(2)]);
        checked += 1;
    }
    for (name, value) in examples(&doc, DENY, "404") {
        round_trip::<ErrorBody>(&format!("DenyScopeRequest 404 {name}"), &value);
        checked += 1;
    }
    for (name, value) in examples(&doc, APPROVE, "200") {
        round_trip::<ApproveScopeRequestResponse>(&format!("ApproveScopeRequest 200 {name}"), &value);
        checked += 1;
    }
    let error_response = doc.pointer("/components/schemas/ErrorResponse/example").expect("ErrorResponse example");
    round_trip::<ListScopeErrorBody>("ErrorResponse example", error_response);
    checked += 1;
    assert_eq!(checked, 9, "every example of the reference was checked");
}

fn client(server: &MockServer) -> Client {
    Client::builder()
        .api_key("SG.test")
        .base_url(server.uri())
        .allow_http(true)
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// Answers `verb path` with `status` and `body` (no body when `None`).
async fn answer(server: &MockServer, verb: &str, at: &str, status: u16, body: Option<&Value>) {
    let mut template = ResponseTemplate::new(status);
    if let Some(body) = body {
        template = template.set_body_json(body);
    }
    Mock::given(method(verb))
        .and(path(at))
        .and(header("authorization", "Bearer SG.test"))
        .respond_with(template)
        .mount(server)
        .await;
}

/// Each operation against the reference's own success responses: the call succeeds and yields
/// the example's values.
#[tokio::test]
async fn every_operation_decodes_the_reference_responses() {
    let doc = reference();
    let server = MockServer::start().await;
    let scopes_example = example(&doc, LIST_SCOPE, "200");
    answer(&server, "GET", "/v3/scopes", 200, Some(&scopes_example)).await;
    let requests_example = example(&doc, LIST_REQUESTS, "200");
    Mock::given(method("GET"))
        .and(path("/v3/scopes/requests"))
        .and(query_param("limit", "2"))
        .and(query_param("offset", "0"))
        .respond_with(ResponseTemplate::new(200).set_body_json(&requests_example))
        .mount(&server)
        .await;
    answer(&server, "DELETE", "/v3/scopes/requests/17", 204, None).await;
    let approve_example = example(&doc, APPROVE, "200");
    answer(&server, "PATCH", "/v3/scopes/requests/17/approve", 200, Some(&approve_example)).await;
    let client = client(&server);
    let scopes = client.scopes();

    let listed = scopes.list_scope().await.expect("list_scope decodes the reference's 200");
    assert_eq!(listed.scopes, ["mail.send", "alerts.create", "alerts.read"]);
    assert_eq!(serde_json::to_value(&listed).unwrap(), scopes_example);

    let requests = scopes.list_scope_request().limit(2).offset(0).await.expect("list_scope_request decodes");
    assert_eq!(requests.len(), 2);
    let first = &requests[0];
    assert_eq!(first.id, Some(1_i64));
    assert_eq!(first.scope_group_name.as_deref(), Some("Mail Settings"));
    assert_eq!(first.username.as_deref(), Some("teammate1"));
    assert_eq!(first.email.as_deref(), Some("teammate1@example.com"));
    assert_eq!((first.first_name.as_deref(), first.last_name.as_deref()), (Some("Teammate"), Some("One")));
    assert_eq!(requests[1].id, Some(2));
    assert_eq!(serde_json::to_value(&requests).unwrap(), requests_example);

    scopes.deny_scope_request("17").await.expect("deny_scope_request: 204");

    let approved = scopes.approve_scope_request("17").await.expect("approve_scope_request decodes");
    assert_eq!(approved.scope_group_name.as_deref(), Some("Stats"));
}

/// The API may leave out any key the reference does not require: every optional key omitted
/// still decodes (as `None`), and a key with `null` too.
#[tokio::test]
async fn responses_without_optional_keys_decode() {
    let server = MockServer::start().await;
    answer(&server, "GET", "/v3/scopes/requests", 200, Some(&json!([{"id": 3}, {}]))).await;
    answer(&server, "PATCH", "/v3/scopes/requests/3/approve", 200, Some(&json!({}))).await;
    answer(&server, "GET", "/v3/scopes", 200, Some(&json!({"scopes": []}))).await;
    let client = client(&server);
    let scopes = client.scopes();

    let requests = scopes.list_scope_request().await.expect("sparse items decode");
    assert_eq!(requests[0].id, Some(3));
    assert_eq!(requests[0].email, None);
    assert_eq!(requests[1], ListScopeRequestResponseItem::default());
    let approved = scopes.approve_scope_request("3").await.expect("an empty object decodes");
    assert_eq!(approved.scope_group_name, None);
    assert!(scopes.list_scope().await.expect("an empty list decodes").scopes.is_empty());
}

/// The declared errors decode into their typed bodies, including SendGrid's `field: null`.
#[tokio::test]
async fn declared_errors_decode_into_typed_bodies() {
    let doc = reference();
    let server = MockServer::start().await;
    let unauthorized = example(&doc, LIST_SCOPE, "401");
    answer(&server, "GET", "/v3/scopes", 401, Some(&unauthorized)).await;
    answer(&server, "PATCH", "/v3/scopes/requests/9/approve", 401, Some(&json!({}))).await;
    let client = client(&server);

    match client.scopes().list_scope().await {
        Err(Error::Api(e)) => {
            assert_eq!(e.status(), 401);
            let ListScopeError::Unauthorized(body) = e.body() else { panic!("not the 401 variant: {:?}", e.body()) };
            assert_eq!(body.errors.len(), 1);
            assert_eq!(body.errors[0].message, "authorization required");
            assert_eq!(body.errors[0].field, None, "`field: null` decodes");
        }
        other => panic!("expected the typed 401, got {other:?}"),
    }
    match client.scopes().approve_scope_request("9").await {
        Err(Error::Api(e)) => assert!(matches!(e.body(), ApproveScopeRequestError::Unauthorized(_))),
        other => panic!("expected the typed 401, got {other:?}"),
    }
}
