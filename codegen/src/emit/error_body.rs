//! The module's shared error body trait: one way to read "the API said no" from any operation.
//!
//! When several operations of a module answer errors with the same body type (after same-shaped
//! types are merged, SendGrid's `{"errors": [...]}` is one `ErrorBody`), every error enum of the
//! module implements a trait (`HasErrorBody`) whose `error_body()` returns that body when the
//! variant carries it. A user writes one handler, generic over the operation.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{ident, rust_type};
use crate::diag::Result;
use crate::model::Module;

/// The trait and its implementation for every error enum of `module` (nothing when the module
/// has no shared error body). `lib` is the crate's Rust name, for the doc example.
pub fn shared_error_trait(module: &Module, lib: &str) -> Result<TokenStream> {
    let Some(shared) = &module.error_body else { return Ok(quote!()) };
    let trait_name = ident(&shared.trait_name);
    let ty = rust_type(&shared.ty, &module.source)?;
    let ty_text = shared.ty.rust_text();
    let users = module.operations.iter().filter(|op| op.failures().any(|r| r.ty.as_ref() == Some(&shared.ty))).count();
    let doc = format!(
        "The error body `{ty_text}` that {users} operations of this module answer with, read from any of its error enums.\n\n\
         Every error enum of the module implements this trait, so one function handles \"the API said no\" for all of them:\n\n\
         ```no_run\n\
         use {lib}::{module}::{trait_text};\n\
         use {lib}::Error;\n\n\
         /// What the API said, for any operation of the module.\n\
         fn explain<E: {trait_text} + std::fmt::Debug>(error: &Error<E>) -> String {{\n\
         \x20   match error {{\n\
         \x20       Error::Api(e) => match e.body().error_body() {{\n\
         \x20           Some(body) => format!(\"{{}}: {{body:?}}\", e.status()),\n\
         \x20           None => format!(\"{{}} with another body\", e.status()),\n\
         \x20       }},\n\
         \x20       other => other.to_string(),\n\
         \x20   }}\n\
         }}\n\
         ```",
        module = module.name,
        trait_text = shared.trait_name,
    );
    let mut impls = Vec::new();
    for op in &module.operations {
        let error = ident(&op.error_name);
        let carrying: Vec<TokenStream> = op
            .failures()
            .filter(|r| r.ty.as_ref() == Some(&shared.ty))
            .map(|r| {
                let variant = ident(&r.variant);
                quote!(#error::#variant(body) => Some(body),)
            })
            .collect();
        let all = op.failures().count();
        let body = match (carrying.len(), all) {
            (_, 0) => quote!(match *self {}),
            (0, _) => quote!({
                let _ = self;
                None
            }),
            (n, all) if n == all => quote!(match self { #( #carrying )* }),
            _ => quote!(match self { #( #carrying )* _ => None, }),
        };
        impls.push(quote! {
            impl #trait_name for #error {
                fn error_body(&self) -> Option<&#ty> {
                    #body
                }
            }
        });
    }
    let method_doc = format!(" The `{ty_text}` this error carries, if its status declares that body.");
    let doc_lines = doc.split('\n').map(|line| if line.is_empty() { String::new() } else { format!(" {line}") });
    Ok(quote! {
        #( #[doc = #doc_lines] )*
        pub trait #trait_name {
            #[doc = #method_doc]
            fn error_body(&self) -> Option<&#ty>;
        }

        #( #impls )*
    })
}
