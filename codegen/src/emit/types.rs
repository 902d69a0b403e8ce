//! Named types → Rust items: structs with constructors and setters, forward-compatible enums,
//! aliases and untagged unions.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{doc, ident, rust_type};
use crate::diag::Result;
use crate::model::{Field, TypeDef, TypeKind, TypeRef};

/// The items of one named type.
pub fn type_def(def: &TypeDef) -> Result<TokenStream> {
    let name = ident(&def.name);
    let docs = doc(def.description.as_deref(), None, &format!("The `{}` schema.", def.name));
    Ok(match &def.kind {
        TypeKind::Struct(fields) => struct_def(def, fields, docs)?,
        TypeKind::Enum(variants) => {
            let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
            let values: Vec<_> = variants.iter().map(|v| v.value.as_str()).collect();
            let variant_docs = values.iter().map(|v| format!(" The value `{v}`."));
            quote! {
                #docs
                ///
                /// Values this version of the crate does not know are kept in `Unknown`, so a new
                /// server value never breaks decoding.
                #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
                pub enum #name {
                    #( #[doc = #variant_docs] #[serde(rename = #values)] #names, )*
                    /// A value not known to this version of the crate.
                    #[serde(untagged)]
                    Unknown(String),
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
        TypeKind::Union(variants) => {
            let names: Vec<_> = variants.iter().map(|v| ident(&v.rust_name)).collect();
            let types = variants.iter().map(|v| rust_type(&v.ty, &def.location)).collect::<Result<Vec<_>>>()?;
            let variant_docs = variants.iter().map(|v| format!(" The `{}` alternative.", v.rust_name));
            quote! {
                #docs
                ///
                /// One of several shapes; decoding tries them in order.
                #[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
                #[serde(untagged)]
                pub enum #name {
                    #( #[doc = #variant_docs] #names(#types), )*
                }
            }
        }
    })
}

fn struct_def(def: &TypeDef, fields: &[Field], docs: TokenStream) -> Result<TokenStream> {
    let name = ident(&def.name);
    let mut field_items = Vec::new();
    let mut required_args = Vec::new();
    let mut inits = Vec::new();
    let mut setters = Vec::new();
    for field in fields {
        let rust_name = ident(&field.rust_name);
        let ty = rust_type(&field.ty, &def.location)?;
        let fdoc = doc(field.description.as_deref(), None, &format!("The `{}` field.", field.name));
        let mut serde_args = Vec::new();
        if field.rust_name != field.name {
            let wire = &field.name;
            serde_args.push(quote!(rename = #wire));
        }
        for alias in &field.aliases {
            serde_args.push(quote!(alias = #alias));
        }
        let field_ty = if field.is_optional() {
            serde_args.push(quote!(default));
            if !field.required {
                serde_args.push(quote!(skip_serializing_if = "Option::is_none"));
            }
            quote!(Option<#ty>)
        } else {
            ty.clone()
        };
        let serde_attr = if serde_args.is_empty() { quote!() } else { quote!(#[serde( #(#serde_args),* )]) };
        field_items.push(quote! { #fdoc #serde_attr pub #rust_name: #field_ty, });
        if field.required {
            let (arg_ty, conv) = into_arg(&field.ty, &ty);
            let arg_ty = if field.nullable { quote!(Option<#ty>) } else { arg_ty };
            required_args.push(quote!(#rust_name: #arg_ty));
            // Shorthand `name` where the argument is the value, `name: name.into()` otherwise.
            if field.nullable || field.ty != TypeRef::String {
                inits.push(quote!(#rust_name));
            } else {
                let conv = conv(&rust_name);
                inits.push(quote!(#rust_name: #conv));
            }
        } else {
            inits.push(quote!(#rust_name: None));
            let setter = ident(&setter_name(&field.rust_name));
            let (arg_ty, conv) = into_arg(&field.ty, &ty);
            let value = conv(&ident("value"));
            let sdoc = format!(" Sets `{}`.", field.name);
            setters.push(quote! {
                #[doc = #sdoc]
                pub fn #setter(mut self, value: #arg_ty) -> Self {
                    self.#rust_name = Some(#value);
                    self
                }
            });
        }
    }
    // With no required field, `new()` takes nothing and `Default` gives the same value.
    let derive_default = if required_args.is_empty() { quote!(Default,) } else { quote!() };
    Ok(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_default Serialize, Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #( #field_items )*
        }

        impl #name {
            /// Creates a value from the required fields; optional fields start unset.
            #[allow(clippy::too_many_arguments)]
            pub fn new( #( #required_args ),* ) -> Self {
                #name { #( #inits ),* }
            }

            #( #setters )*
        }
    })
}

/// Turns a setter's argument (by name) into the expression stored in the field.
type Convert = Box<dyn Fn(&proc_macro2::Ident) -> TokenStream>;

/// The argument type for a value of `ty`, and how to turn the argument into the field value.
/// Strings take `impl Into<String>`; everything else is taken as is.
fn into_arg(ty: &TypeRef, rust: &TokenStream) -> (TokenStream, Convert) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), Box::new(|v| quote!(#v.into()))),
        _ => (rust.clone(), Box::new(|v| quote!(#v))),
    }
}

/// The setter's name: the field's, except where it would clash with the constructor.
fn setter_name(field: &str) -> String {
    match field {
        "new" => "with_new".to_string(),
        other => other.to_string(),
    }
}
