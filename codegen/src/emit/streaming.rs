//! The parts of call builders that stream: the `send_with_response` of a call whose success is
//! an event stream or JSON lines, `send_streaming` for binary downloads, and the streaming twin
//! of a call whose success also offers an event stream (`create_chat_completion_stream`).
//!
//! A streamed call is sent like any other (retries until the server answers 2xx); the 2xx
//! answer is then handed over unread, as a stream of decoded items; any other answer is read
//! whole and decoded into the operation's error as usual.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::rust_type;
use crate::diag::Result;
use crate::model::{Operation, ResponseMedia, TypeRef};

/// How a call's 2xx answer is streamed.
#[derive(Debug, Clone, Copy)]
pub enum Streamed<'a> {
    /// Server-sent events whose data is this type.
    Events(&'a TypeRef),
    /// JSON lines of this type.
    Lines(&'a TypeRef),
    /// The raw body, in chunks.
    Bytes,
}

impl Streamed<'_> {
    /// The stream's Rust type, as users name it.
    pub fn rust_type(&self, op: &Operation) -> Result<TokenStream> {
        Ok(match self {
            Streamed::Events(item) => {
                let item = rust_type(item, &op.location)?;
                quote!(crate::EventStream<#item>)
            }
            Streamed::Lines(item) => {
                let item = rust_type(item, &op.location)?;
                quote!(crate::JsonLines<#item>)
            }
            Streamed::Bytes => quote!(crate::ByteStream),
        })
    }

    /// The expression turning the open answer `response` into the stream.
    fn open(&self, op: &Operation) -> Result<TokenStream> {
        Ok(match self {
            Streamed::Events(TypeRef::String) => quote!(crate::runtime::event_stream(response, crate::runtime::decode_text)),
            Streamed::Events(item) => {
                let item = rust_type(item, &op.location)?;
                quote!(crate::runtime::event_stream(response, crate::runtime::decode_json::<#item>))
            }
            Streamed::Lines(item) => {
                let item = rust_type(item, &op.location)?;
                quote!(crate::runtime::json_lines::<#item>(response))
            }
            Streamed::Bytes => quote!(crate::runtime::byte_stream(response)),
        })
    }
}

/// How the success of `op` is streamed, when its only success media type streams.
pub fn streamed_success(op: &Operation) -> Option<Streamed<'_>> {
    let r = op.streamed_success()?;
    let item = r.ty.as_ref()?;
    match r.media {
        ResponseMedia::EventStream => Some(Streamed::Events(item)),
        ResponseMedia::JsonLines => Some(Streamed::Lines(item)),
        _ => None,
    }
}

/// Whether `op` answers with a binary body, which its call can also stream.
pub fn streams_bytes(op: &Operation) -> bool {
    op.success_enum.is_none() && op.successes().any(|r| r.media == ResponseMedia::Binary && r.ty.is_some())
}

/// The statements after the request is built: send it, hand over a 2xx answer as `streamed`,
/// decode any other into the operation's error (`failure_arms`, then `unexpected`).
pub fn send_open(op: &Operation, streamed: Streamed<'_>, failure_arms: &[TokenStream], unexpected: &TokenStream) -> Result<TokenStream> {
    let open = streamed.open(op)?;
    let decode_error = if failure_arms.is_empty() {
        quote!(Err(raw.unexpected()))
    } else {
        quote! {
            match raw.status() {
                #( #failure_arms )*
                #unexpected
            }
        }
    };
    Ok(quote! {
        let raw = match self.client.execute_open(request, &self.options).await? {
            crate::runtime::Opened::Open(response) => return Ok(#open.into_response()),
            crate::runtime::Opened::Read(raw) => raw,
        };
        #decode_error
    })
}
