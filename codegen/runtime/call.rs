//! The sending of an operation's call, written once for every operation: each call builder says
//! how its request is built and how its answers decode ([`Call`]), and its `send`,
//! `send_with_response` and `IntoFuture` return the futures of the generic functions here. The
//! compiler then checks one async body (and proves its future `Send` once, from the bounds)
//! instead of one per operation.

use std::future::Future;
use std::pin::Pin;

use super::client::Client;
use super::error::Error;
use super::request::{CallOptions, Request};
use super::response::{RawResponse, Response};

/// What an operation's call builder tells [`send`]: the request it makes and how it reads the
/// answers. Implemented by every generated call builder whose answer is read whole; not part of
/// the public API.
pub(crate) trait Call: Send {
    /// The decoded success body.
    type Output: Send;
    /// The operation's error enum (the error responses it declares).
    type Failure: Send;

    /// The client the call is sent with.
    fn client(&self) -> &Client;

    /// The call's settings (timeout, retries, extra query parameters and headers).
    fn options(&self) -> &CallOptions;

    /// Builds the request from the call's parameters and body, checking them first.
    fn request(&self) -> Result<Request, Error<Self::Failure>>;

    /// Reads an answer: the declared successes and errors by status, anything else unexpected.
    fn decode(raw: RawResponse) -> Result<Response<Self::Output>, Error<Self::Failure>>;
}

/// Builds `call`'s request, sends it (retrying as the client and the call allow) and decodes
/// the answer, with its status and headers. Nothing happens until the future is polled.
pub(crate) async fn send<C: Call>(call: C) -> Result<Response<C::Output>, Error<C::Failure>> {
    let request = call.request()?;
    let raw = call.client().execute(request, call.options()).await?;
    C::decode(raw)
}

/// Like [`send`], keeping only the decoded body.
pub(crate) async fn send_body<C: Call>(call: C) -> Result<C::Output, Error<C::Failure>> {
    send(call).await.map(Response::into_inner)
}

/// The future of a call's `IntoFuture`: [`send_body`], boxed.
pub(crate) type Boxed<'a, C> = Pin<Box<dyn Future<Output = Result<<C as Call>::Output, Error<<C as Call>::Failure>>> + Send + 'a>>;

/// [`send_body`] boxed as a call's `IntoFuture` (its `Send` proven here, once, from the bounds).
pub(crate) fn boxed<'a, C: Call + 'a>(call: C) -> Boxed<'a, C> {
    Box::pin(send_body(call))
}
