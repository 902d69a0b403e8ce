//! The streaming parts of the generated operation tests (see `op_tests.rs`): the mock answers of
//! a streamed call (two server-sent events and `[DONE]`, or two JSON lines) and the checks that
//! the items arrive decoded and the stream ends; the chunked download of a binary answer; the
//! test of an operation's streaming twin.

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::samples::sample;
use super::streaming::Streamed;
use crate::model::{Module, TypeRef};

/// The mock answer of a streamed call, and the checks of the stream it gives (`response` is
/// the `Response` of the call).
///
/// The checks are one block: their locals (`body`, `lines`, …) must not shadow the call's
/// arguments, which the contract check after them uses again.
pub fn answer_and_check(module: &Module, streamed: Streamed<'_>, status: u16) -> (TokenStream, TokenStream) {
    let (answer, check) = answer_and_statements(module, streamed, status);
    (answer, quote!({ #check }))
}

/// [`answer_and_check`] with the checks as bare statements.
fn answer_and_statements(module: &Module, streamed: Streamed<'_>, status: u16) -> (TokenStream, TokenStream) {
    match streamed {
        Streamed::Events(item) => {
            let (data, check) = item_check(module, item, "first.data");
            let (_, check_second) = item_check(module, item, "second.data");
            // A comment, a multi-line data field, an id, a retry: all as the format allows.
            let body = format!(": a comment the client skips\nid: 1\nretry: 1500\ndata: {data}\n\nevent: tick\ndata: {data}\n\ndata: [DONE]\n\n");
            let answer = quote!(ResponseTemplate::new(#status).set_body_raw(#body, "text/event-stream"));
            let check = quote! {
                let mut events = response.into_inner();
                let first = futures::StreamExt::next(&mut events).await.expect("a first event").expect("the first event decodes");
                #check
                assert_eq!(first.id.as_deref(), Some("1"));
                assert_eq!(first.retry, Some(std::time::Duration::from_millis(1500)));
                let second = futures::StreamExt::next(&mut events).await.expect("a second event").expect("the second event decodes");
                #check_second
                assert_eq!(second.event.as_deref(), Some("tick"));
                assert!(futures::StreamExt::next(&mut events).await.is_none(), "`data: [DONE]` ends the stream");
            };
            (answer, check)
        }
        Streamed::Lines(item) => {
            let (data, check) = item_check(module, item, "first");
            let (_, check_second) = item_check(module, item, "second");
            let body = format!("{data}\n{data}\n");
            let answer = quote!(ResponseTemplate::new(#status).set_body_raw(#body, "application/x-ndjson"));
            let check = quote! {
                let mut lines = response.into_inner();
                let first = futures::StreamExt::next(&mut lines).await.expect("a first line").expect("the first line decodes");
                #check
                let second = futures::StreamExt::next(&mut lines).await.expect("a second line").expect("the second line decodes");
                #check_second
                assert!(futures::StreamExt::next(&mut lines).await.is_none(), "two lines, two items");
            };
            (answer, check)
        }
        Streamed::Bytes => {
            let answer = quote!(ResponseTemplate::new(#status).set_body_bytes(b"sample \x00\xff bytes".to_vec()));
            let check = quote! {
                let mut chunks = response.into_inner();
                let mut body = Vec::new();
                while let Some(chunk) = futures::StreamExt::next(&mut chunks).await {
                    body.extend_from_slice(&chunk.expect("a chunk"));
                }
                assert_eq!(body, b"sample \x00\xff bytes");
            };
            (answer, check)
        }
    }
}

/// The text of an item sent, and the check of the decoded item `place`.
fn item_check(module: &Module, item: &TypeRef, place: &str) -> (String, TokenStream) {
    let place: TokenStream = place.parse().unwrap_or_default();
    if *item == TypeRef::String {
        return ("sample text".to_string(), quote!(assert_eq!(#place, "sample text");));
    }
    let text = serde_json::to_string(&sample(module, item, &Default::default())).unwrap_or_else(|_| "null".into());
    (text.clone(), quote!(assert_decoded(&#place, #text);))
}

/// The JSON text of `body` with `"stream": true` at its top level.
pub fn flagged(body: &str) -> String {
    match serde_json::from_str::<Value>(body) {
        Ok(Value::Object(mut map)) => {
            map.insert("stream".into(), Value::Bool(true));
            Value::Object(map).to_string()
        }
        _ => body.to_string(),
    }
}
