//! How a call builder sends its call: the `send_with_response`/`send` methods, the body of its
//! `IntoFuture`, and, for an answer read whole, its implementation of the runtime's `Call`.
//!
//! An answer read whole is sent by the runtime's generic `send` (`runtime/call.rs`): the call
//! builder says, in plain functions, how its request is built (`request`) and its answers read
//! (`decode`), and its sending methods return the runtime's futures — no async body per
//! operation for the compiler to check, and the futures' `Send` proven once in the runtime
//! (issue 25). A streamed answer opens the response itself, in an async body of its own.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

/// The parts of a call builder its sending code is made of.
pub struct Sending<'a> {
    /// The call builder's type.
    pub call: &'a Ident,
    /// The operation's error enum.
    pub error: &'a Ident,
    /// The decoded success type.
    pub success_ty: &'a TokenStream,
    /// The statements that check the parameters and body (`?` on failure).
    pub checks: &'a TokenStream,
    /// The statements that build `request`.
    pub build: &'a TokenStream,
}

impl Sending<'_> {
    /// An answer opened as a stream: `open` reads it after the request is sent. Returns the
    /// sending methods, no `Call` implementation, and the body of `into_future`.
    pub fn streamed(&self, open: TokenStream) -> (TokenStream, TokenStream, TokenStream) {
        let Sending { error, success_ty, checks, build, .. } = self;
        let send = quote! {
            /// Sends the request; returns the decoded body with the status and headers.
            pub async fn send_with_response(self) -> Result<Response<#success_ty>, Error<#error>> {
                #checks
                #build
                #open
            }

            /// Sends the request; returns the decoded body.
            pub async fn send(self) -> Result<#success_ty, Error<#error>> {
                self.send_with_response().await.map(Response::into_inner)
            }
        };
        (send, quote!(), quote!(Box::pin(self.send())))
    }

    /// An answer read whole and decoded by status: the match arms of the declared successes and
    /// failures, and the arm of any other status (empty when a `default` response catches it).
    /// Returns the sending methods, the `Call` implementation, and the body of `into_future`.
    pub fn read_whole(&self, success_arms: &[TokenStream], failure_arms: &[TokenStream], unexpected: &TokenStream) -> (TokenStream, TokenStream, TokenStream) {
        let Sending { call, error, success_ty, checks, build } = self;
        let send = quote! {
            /// Sends the request; returns the decoded body with the status and headers.
            pub fn send_with_response(self) -> impl Future<Output = Result<Response<#success_ty>, Error<#error>>> + 'a {
                crate::runtime::send(self)
            }

            /// Sends the request; returns the decoded body.
            pub fn send(self) -> impl Future<Output = Result<#success_ty, Error<#error>>> + 'a {
                crate::runtime::send_body(self)
            }
        };
        let call_impl = quote! {
            impl<'a> crate::runtime::Call for #call<'a> {
                type Output = #success_ty;
                type Failure = #error;

                fn client(&self) -> &Client {
                    self.client
                }

                fn options(&self) -> &CallOptions {
                    &self.options
                }

                fn request(&self) -> Result<Request, Error<#error>> {
                    #checks
                    #build
                    Ok(request)
                }

                fn decode(raw: crate::runtime::RawResponse) -> Result<Response<#success_ty>, Error<#error>> {
                    match raw.status() {
                        #( #success_arms )*
                        #( #failure_arms )*
                        #unexpected
                    }
                }
            }
        };
        (send, call_impl, quote!(crate::runtime::boxed(self)))
    }
}
