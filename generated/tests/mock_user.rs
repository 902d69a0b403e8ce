// Copied by codegen from `specs/tests/mock_user.rs`; edit that file, not this one.

//! The `mock` feature used as a user would: a small piece of "application code" that invites
//! a teammate and reads it back, tested against `sendgrid_access::mock::MockApi` with no path,
//! query string or JSON written by hand.

#![cfg(feature = "mock")]

use sendgrid_access::mock::MockApi;
use sendgrid_access::teammates::{ErrorBody, ErrorItem, GetTeammateResponse, InviteTeammateError, InviteTeammateRequest, InviteTeammateResponse};
use sendgrid_access::{Client, Error};

/// The code under test: invites `email` with `scopes`, then reads the teammate back and
/// returns its username.
async fn invite_and_confirm(client: &Client, email: &str, scopes: &[&str]) -> Result<Option<String>, String> {
    let body = InviteTeammateRequest::new(email, scopes.iter().map(|s| s.to_string()).collect(), false);
    let invited = client.teammates().invite_teammate(&body).await.map_err(|e| match e {
        Error::Api(api) => match api.body() {
            InviteTeammateError::BadRequest(body) => {
                format!("rejected: {}", body.errors.iter().flatten().filter_map(|e| e.message.clone()).collect::<Vec<_>>().join("; "))
            }
            other => format!("{other:?}"),
        },
        other => other.to_string(),
    })?;
    let email = invited.email.unwrap_or_default();
    let teammate = client.teammates().get_teammate(&email).await.map_err(|e| e.to_string())?;
    Ok(teammate.username)
}

#[tokio::test]
async fn invite_then_read_back() {
    let api = MockApi::start().await;
    let invite = api.teammates().invite_teammate().respond(&InviteTeammateResponse::new().email("ada@example.com").token("t-1")).await;
    let read = api.teammates().get_teammate("ada@example.com").respond(&GetTeammateResponse::new().username("ada")).await;

    let username = invite_and_confirm(&api.client(), "ada@example.com", &["mail.send"]).await.expect("the flow succeeds");

    assert_eq!(username.as_deref(), Some("ada"));
    assert_eq!(invite.calls().await, 1);
    assert_eq!(read.calls().await, 1);
    let sent = invite.bodies().await;
    assert_eq!(sent, [InviteTeammateRequest::new("ada@example.com", vec!["mail.send".to_string()], false)]);
}

#[tokio::test]
async fn a_declared_error_reaches_the_code_typed() {
    let api = MockApi::start().await;
    let rejected = ErrorBody::new().errors(vec![ErrorItem::new().message("email is taken")]);
    let invite = api.teammates().invite_teammate().respond_error(400, &rejected).await;

    let outcome = invite_and_confirm(&api.client(), "ada@example.com", &["mail.send"]).await;

    assert_eq!(outcome, Err("rejected: email is taken".to_string()));
    assert_eq!(invite.calls().await, 1);
}

#[tokio::test]
async fn query_matchers_tell_calls_apart() {
    let api = MockApi::start().await;
    let first = api.teammates().list_teammate().limit(2).offset(0).respond(&serde_json::from_value(serde_json::json!({"result": [{"username": "a"}]})).unwrap()).await;
    let second = api.teammates().list_teammate().limit(2).offset(2).respond(&serde_json::from_value(serde_json::json!({"result": []})).unwrap()).await;
    let client = api.client();

    let page = client.teammates().list_teammate().limit(2).offset(0).await.expect("first page");
    let rest = client.teammates().list_teammate().limit(2).offset(2).await.expect("second page");

    assert_eq!(page.result.map(|r| r.len()), Some(1));
    assert_eq!(rest.result.map(|r| r.len()), Some(0));
    assert_eq!((first.calls().await, second.calls().await), (1, 1));
}
