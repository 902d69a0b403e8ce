//! Client-side validation from the schema: `minLength`, `maxLength`, `pattern`, `minimum`,
//! `maximum`. Request types get a `validate()` method; calls check their parameters and body
//! before any network I/O, failing with `Error::InvalidRequest` naming the field. A string
//! `enum` gets no length or pattern checks: its Rust enum already limits it to the listed values
//! (see `model::schema::validation_of`).

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::ident;
use crate::model::{Field, Module, Operation, TypeDef, TypeKind, TypeRef, Validation};

/// The names of the module's types that have something to check (directly or in a field).
pub fn validated_types(module: &Module) -> BTreeSet<String> {
    validated_defs(&module.types)
}

/// The names of `types` that have something to check (directly or in a field).
pub fn validated_defs(types: &[TypeDef]) -> BTreeSet<String> {
    let mut validated = BTreeSet::new();
    // A fixpoint: a struct is validated if a field has constraints or a validated type.
    loop {
        let before = validated.len();
        for def in types {
            if let TypeKind::Struct(fields) = &def.kind {
                if fields.iter().any(|f| !f.validation.is_empty() || named_validated(&f.ty, &validated).is_some()) {
                    validated.insert(def.name.clone());
                }
            }
        }
        if validated.len() == before {
            return validated;
        }
    }
}

/// The validated named type inside `ty` (itself or its array item), if any.
fn named_validated<'t>(ty: &'t TypeRef, validated: &BTreeSet<String>) -> Option<&'t str> {
    match ty {
        TypeRef::Named(name) if validated.contains(name) => Some(name),
        TypeRef::Array(item) => named_validated(item, validated),
        _ => None,
    }
}

/// The `validate` method of a struct, if it has anything to check.
pub fn struct_validate(def: &TypeDef, fields: &[Field], validated: &BTreeSet<String>) -> Option<TokenStream> {
    if !validated.contains(&def.name) {
        return None;
    }
    let checks = fields.iter().filter_map(|f| {
        let name = ident(&f.rust_name);
        let value_checks = checks(&f.name, &f.ty, &f.validation, quote!(value), validated);
        if value_checks.is_empty() {
            return None;
        }
        Some(if f.is_optional() {
            quote! { if let Some(value) = &self.#name { #value_checks } }
        } else {
            quote! { { let value = &self.#name; #value_checks } }
        })
    });
    Some(quote! {
        /// Checks the constraints of the API's schema (lengths, patterns, ranges), as every call
        /// does before sending.
        pub fn validate(&self) -> Result<(), InvalidRequest> {
            #( #checks )*
            Ok(())
        }
    })
}

/// Statements checking `value` (a reference to a value of `ty`) against `v`.
fn checks(field: &str, ty: &TypeRef, v: &Validation, value: TokenStream, validated: &BTreeSet<String>) -> TokenStream {
    let mut out = Vec::new();
    if v.min_length.is_some() || v.max_length.is_some() {
        let (min, max) = (option_u64(v.min_length), option_u64(v.max_length));
        out.push(quote!(validate::length(#field, #value, #min, #max)?;));
    }
    if let Some(pattern) = &v.pattern {
        out.push(quote!(validate::pattern(#field, #value, #pattern)?;));
    }
    if v.minimum.is_some() || v.maximum.is_some() {
        let (min, max) = (option_f64(v.minimum), option_f64(v.maximum));
        out.push(quote!(validate::range(#field, validate::Number::to_f64(#value), #min, #max)?;));
    }
    match ty {
        TypeRef::Named(name) if validated.contains(name) => out.push(quote!(#value.validate()?;)),
        TypeRef::Array(item) if named_validated(item, validated).is_some() => {
            out.push(quote!(for item in #value.iter() { item.validate()?; }));
        }
        _ => {}
    }
    quote!( #( #out )* )
}

/// The call builder's private `validate` method (parameters and body) and the statement that
/// runs it at the start of a call; both empty when there is nothing to check.
pub fn call_checks(op: &Operation, validated: &BTreeSet<String>) -> (TokenStream, TokenStream) {
    let mut out = Vec::new();
    for p in &op.params {
        if p.validation.is_empty() {
            continue;
        }
        let name = ident(&p.rust_name);
        let value_checks = checks(&p.name, &p.ty, &p.validation, quote!(value), validated);
        out.push(if p.required {
            quote! { { let value = &self.#name; #value_checks } }
        } else {
            quote! { if let Some(value) = &self.#name { #value_checks } }
        });
    }
    if let Some(body) = &op.body {
        let body_checks = checks("body", &body.ty, &Validation::default(), quote!(self.body), validated);
        if !body_checks.is_empty() {
            out.push(body_checks);
        }
    }
    if out.is_empty() {
        return (quote!(), quote!());
    }
    let method = quote! {
        /// Checks parameters and body against the API's schema.
        fn validate(&self) -> Result<(), InvalidRequest> {
            #( #out )*
            Ok(())
        }
    };
    (method, quote!(self.validate().map_err(Error::InvalidRequest)?;))
}

fn option_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn option_f64(v: Option<f64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}
