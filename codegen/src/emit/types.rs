//! Named types → Rust items: structs with constructors and setters, forward-compatible enums,
//! aliases and untagged unions.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

use super::validate::struct_validate;
use super::tokens::{arg_type, arg_value, doc, ident, rust_type};
use crate::diag::Result;
use crate::model::{Field, Tagged, TypeDef, TypeKind, TypeRef, UnionVariant};

/// The items of one named type; `validated` names the types that have a `validate` method. A
/// type shared with other modules is a re-export of its definition in `common` (the crate-level
/// module of shared types).
pub fn type_def(def: &TypeDef, validated: &BTreeSet<String>, common: &str) -> Result<TokenStream> {
    let name = ident(&def.name);
    if let Some(shared_name) = &def.shared_as {
        let (module, shared) = (ident(common), ident(shared_name));
        return Ok(if def.name == *shared_name {
            quote!(pub use crate::#module::#shared;)
        } else {
            quote!(pub use crate::#module::#shared as #name;)
        });
    }
    let docs = doc(def.description.as_deref(), None, &format!("The `{}` schema.", def.name));
    Ok(match &def.kind {
        TypeKind::Struct(fields) => struct_def(def, fields, docs, validated)?,
        TypeKind::Enum(variants) => {
            let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
            let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
            let variant_docs = values.iter().map(|v| format!(" The value `{v}`."));
            quote! {
                #docs
                ///
                /// Values this version of the crate does not know are kept in `Unknown`, so a new
                /// server value never breaks decoding.
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
                #[non_exhaustive]
                pub enum #name {
                    #( #[doc = #variant_docs] #[serde(rename = #values)] #names, )*
                    /// A value not known to this version of the crate.
                    #[serde(untagged)]
                    Unknown(String),
                }

                // Written out rather than derived: the derive buffers the value to try the
                // known names and then `Unknown`; one string match does both.
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let text = crate::runtime::de::Key::text(deserializer)?;
                        Ok(match text.as_str() {
                            // Values are distinct: the `dedupe-enums` pass removes repeated ones.
                            #( #values => #name::#names, )*
                            _ => #name::Unknown(text.into_string()),
                        })
                    }
                }

                impl #name {
                    /// The value as sent on the wire.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #( #name::#names => #values, )*
                            #name::Unknown(other) => other,
                        }
                    }
                }

                impl std::fmt::Display for #name {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            }
        }
        TypeKind::Alias(target) => {
            let target = rust_type(target, &def.location)?;
            quote! { #docs pub type #name = #target; }
        }
        TypeKind::Tagged(tagged) => tagged_def(def, tagged, docs)?,
        TypeKind::Union(variants) => {
            let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
            let types = alternative_types(variants, def)?;
            let variant_docs = variants.iter().map(|v| format!(" The `{}` alternative.", v.rust_name));
            quote! {
                #docs
                ///
                /// One of several shapes; decoding tries them in order.
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)] // boxing would make matching clumsier
                pub enum #name {
                    #( #[doc = #variant_docs] #names(#types), )*
                }
            }
        }
    })
}

/// A discriminated union: decoding reads the discriminator and decodes the mapped alternative
/// (the alternative keeps the property too); an unmapped value is kept as raw JSON in `Unknown`.
/// Encoding writes the alternative as it is.
fn tagged_def(def: &TypeDef, tagged: &Tagged, docs: TokenStream) -> Result<TokenStream> {
    let name = ident(&def.name);
    let names: Vec<_> = tagged.variants.iter().map(|v| ident(&v.rust_name)).collect();
    let types = alternative_types(&tagged.variants, def)?;
    let variant_docs = tagged.variants.iter().enumerate().map(|(i, v)| {
        let values: Vec<String> = tagged.mapping.iter().filter(|(_, j)| *j == i).map(|(value, _)| format!("`{value}`")).collect();
        format!(" The `{}` alternative (`{}` = {}).", v.rust_name, tagged.property, values.join(", "))
    });
    let property = &tagged.property;
    let decoded: Vec<_> = tagged.variants.iter().zip(&names).map(|(v, variant)| match v.boxed {
        true => quote!(|v| #name::#variant(Box::new(v))),
        false => quote!(#name::#variant),
    }).collect();
    // One arm per alternative, with every discriminator value that names it.
    let arms = decoded.iter().enumerate().filter_map(|(i, decoded)| {
        let values: Vec<&String> = tagged.mapping.iter().filter(|(_, j)| *j == i).map(|(value, _)| value).collect();
        (!values.is_empty()).then(|| {
            quote!(Some(#( #values )|*) => serde_json::from_value(value).map(#decoded).map_err(serde::de::Error::custom),)
        })
    });
    let unknown_doc = format!(" A `{property}` value this version of the crate does not know, kept as raw JSON.");
    Ok(quote! {
        #docs
        ///
        /// The variant is chosen by the discriminator property, so a value never decodes into the
        /// wrong alternative; unknown discriminator values are kept in `Unknown`.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)] // boxing would make matching clumsier
        pub enum #name {
            #( #[doc = #variant_docs] #names(#types), )*
            #[doc = #unknown_doc]
            Unknown(serde_json::Value),
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = serde_json::Value::deserialize(deserializer)?;
                match value.get(#property).and_then(serde_json::Value::as_str) {
                    #( #arms )*
                    _ => Ok(#name::Unknown(value)),
                }
            }
        }
    })
}

/// The Rust types of union alternatives, boxed where the union contains itself.
fn alternative_types(variants: &[UnionVariant], def: &TypeDef) -> Result<Vec<TokenStream>> {
    variants
        .iter()
        .map(|v| {
            let ty = rust_type(&v.ty, &def.location)?;
            Ok(if v.boxed { quote!(Box<#ty>) } else { ty })
        })
        .collect()
}

fn struct_def(def: &TypeDef, fields: &[Field], docs: TokenStream, validated: &BTreeSet<String>) -> Result<TokenStream> {
    let name = ident(&def.name);
    let mut field_items = Vec::new();
    let mut required_args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    let mut field_types = Vec::new();
    for field in fields {
        let rust_name = ident(&field.rust_name);
        let plain = rust_type(&field.ty, &def.location)?;
        // A boxed field (recursive schema) stores `Box<T>`; constructor and setter take `T`.
        let ty = if field.boxed { quote!(Box<#plain>) } else { plain.clone() };
        let fdoc = doc(field.description.as_deref(), None, &format!("The `{}` field.", field.name));
        // Serde attributes for encoding only: decoding is written out by `struct_deserialize`.
        let mut serde_args = Vec::new();
        if field.rust_name != field.name {
            let wire = &field.name;
            serde_args.push(quote!(rename = #wire));
        }
        let field_ty = if field.is_optional() {
            if !field.required {
                serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
            }
            quote!(Option<#ty>)
        } else {
            ty.clone()
        };
        let serde_attr = if serde_args.is_empty() { quote!() } else { quote!(#[serde( #(#serde_args),* )]) };
        field_items.push(quote! { #fdoc #serde_attr pub #rust_name: #field_ty, });
        field_types.push(field_ty);
        if field.required {
            let arg_ty = if field.nullable { quote!(Option<#plain>) } else { arg_type(&field.ty, &plain) };
            required_args.push(quote!(#rust_name: #arg_ty));
            // Shorthand `name` where the argument is the value, `name: name.into()` otherwise.
            if field.boxed && field.nullable {
                inits.push(quote!(#rust_name: #rust_name.map(Box::new)));
            } else if field.boxed {
                inits.push(quote!(#rust_name: Box::new(#rust_name)));
            } else if field.nullable || field.ty != TypeRef::String {
                inits.push(quote!(#rust_name));
            } else {
                let value = arg_value(&field.ty, &rust_name);
                inits.push(quote!(#rust_name: #value));
            }
        } else {
            inits.push(quote!(#rust_name: None));
            let setter = ident(&setter_name(&field.rust_name));
            let arg_ty = arg_type(&field.ty, &plain);
            let value = arg_value(&field.ty, &ident("value"));
            let value = if field.boxed { quote!(Box::new(#value)) } else { value };
            let sdoc = format!(" Sets `{}`.", field.name);
            // A setter named like an operator trait's method (`add(self, v) -> Self`) is not one.
            let operator_name = matches!(setter_name(&field.rust_name).as_str(), "add" | "sub" | "mul" | "div" | "rem" | "shl" | "shr" | "bitand" | "bitor" | "bitxor");
            let allow = operator_name.then(|| quote!(#[allow(clippy::should_implement_trait)]));
            setters.push(quote! {
                #[doc = #sdoc]
                #allow
                pub fn #setter(mut self, value: #arg_ty) -> Self {
                    self.#rust_name = Some(#value);
                    self
                }
            });
        }
    }
    // With no required field, `new()` takes nothing and `Default` gives the same value.
    let derive_default = if required_args.is_empty() { quote!(Default,) } else { quote!() };
    let validate = struct_validate(def, fields, validated);
    let deserialize = struct_deserialize(def, fields, &field_types);
    let many_args = if required_args.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #field_items )*
        }

        #deserialize

        impl #name {
            /// Creates a value from the required fields; optional fields start unset.
            #many_args
            pub fn new( #( #required_args ),* ) -> Self {
                #name { #( #inits ),* }
            }

            #( #setters )*

            #validate
        }
    })
}

/// A struct's `Deserialize`: one `visit_map` over the object's keys, with the key type and the
/// per-field steps shared in the runtime (`runtime/de.rs`), so each struct compiles only its
/// name matching. It reads what `#[derive(Deserialize)]` with the fields' renames, aliases and
/// `default` on optional fields reads from an object: unknown keys skipped, a duplicate or a
/// missing required field an error. A JSON array is not read as a struct (the derive's
/// positional `visit_seq`, which no JSON API sends and an untagged union could mistake for a
/// match, is left out, and the struct is read with `deserialize_map`, so the decoder's own
/// sequence arm is not compiled either).
fn struct_deserialize(def: &TypeDef, fields: &[Field], field_types: &[TokenStream]) -> TokenStream {
    let name = ident(&def.name);
    let expecting = format!("struct {}", def.name);
    let slots: Vec<_> = (0..fields.len()).map(|i| ident(&format!("f{i}"))).collect();
    // Every key names one field: a field's own name first, then aliases no earlier field took
    // (an alias that is another field's name is left to that field).
    let mut taken: BTreeSet<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    let arms = fields.iter().zip(&slots).map(|(field, slot)| {
        let wire = &field.name;
        let aliases: Vec<&str> = field.aliases.iter().map(String::as_str).filter(|a| taken.insert(*a)).collect();
        quote!(#wire #( | #aliases )* => crate::runtime::de::field(&mut map, &mut #slot, #wire)?,)
    });
    let values = fields.iter().zip(&slots).map(|(field, slot)| {
        let rust_name = ident(&field.rust_name);
        let wire = &field.name;
        match field.is_optional() {
            true => quote!(#rust_name: #slot.flatten()),
            false => quote!(#rust_name: crate::runtime::de::required(#slot, #wire)?),
        }
    });
    let read_keys = if fields.is_empty() {
        quote!(while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {})
    } else {
        quote! {
            #( let mut #slots: Option<#field_types> = None; )*
            while let Some(key) = map.next_key::<crate::runtime::de::Key<'de>>()? {
                match key.as_str() {
                    #( #arms )*
                    _ => crate::runtime::de::skip(&mut map)?,
                }
            }
        }
    };
    quote! {
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct __Visitor;
                impl<'de> serde::de::Visitor<'de> for __Visitor {
                    type Value = #name;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(#expecting)
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<#name, A::Error> {
                        #read_keys
                        Ok(#name { #( #values ),* })
                    }
                }
                deserializer.deserialize_map(__Visitor)
            }
        }
    }
}

/// The setter's name: the field's, except where it would clash with the constructor.
fn setter_name(field: &str) -> String {
    match field {
        "new" => "with_new".to_string(),
        other => other.to_string(),
    }
}
