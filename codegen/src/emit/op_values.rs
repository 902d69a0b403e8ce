//! Values for the generated operation tests, written as a user writes them: through the
//! crate's public API (constructors with the required fields, then one setter per optional
//! field, enum variants, `vec![..]`), never by deserialising JSON into the type. Each value
//! follows a sample JSON value ([`super::samples`]) field by field, so the test can expect the
//! sample on the wire: a constructor, setter or serde attribute that puts a value in the wrong
//! place shows up as a different request body.
//!
//! What the public API cannot build field by field (a union, free-form JSON, a value the sample
//! leaves incomplete) is read from its sample JSON instead.

use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

use super::op_tests::type_path;
use super::tokens::ident;
use crate::model::{IntWidth, Module, TypeKind, TypeRef, FILE_PART};

/// How deep constructors are nested before a value is read from JSON instead.
const MAX_DEPTH: usize = 24;

/// What a value is passed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// An argument of a method, constructor or setter: strings as `impl Into<String>` (a
    /// literal is enough).
    Arg,
    /// An owned value (an item of a list, a request body): strings as `String`.
    Owned,
}

/// Writes values of one module's types.
pub struct Values<'a> {
    /// The crate's Rust name (`sendgrid_access`).
    pub lib: &'a str,
    /// The module the types belong to.
    pub module: &'a Module,
    /// The expression of the test file's file part (`FilePart::new(..)`), for multipart files.
    pub file_part: TokenStream,
}

impl Values<'_> {
    /// An expression of type `ty` whose value serialises to `sample`.
    pub fn expr(&self, ty: &TypeRef, sample: &Value, want: Want) -> TokenStream {
        self.at(ty, sample, want, 0).unwrap_or_else(|| self.read_json(ty, sample))
    }

    /// `serde_json::from_value::<T>(json("…"))`: for what the public API cannot build.
    fn read_json(&self, ty: &TypeRef, sample: &Value) -> TokenStream {
        let path: TokenStream = type_path(self.lib, &self.module.name, ty).parse().unwrap_or_else(|_| quote!(serde_json::Value));
        let text = serde_json::to_string(sample).unwrap_or_else(|_| "null".into());
        quote!(serde_json::from_value::<#path>(json(#text)).expect("sample value"))
    }

    fn at(&self, ty: &TypeRef, sample: &Value, want: Want, depth: usize) -> Option<TokenStream> {
        if depth > MAX_DEPTH {
            return None;
        }
        match (ty, sample) {
            (TypeRef::String, Value::String(s)) => Some(string(s, want)),
            (TypeRef::Integer(width), Value::Number(n)) => {
                let n = n.as_i64()?;
                Some(match width {
                    IntWidth::I32 => {
                        let n = Literal::i32_unsuffixed(i32::try_from(n).ok()?);
                        quote!(#n)
                    }
                    IntWidth::I64 => {
                        let n = Literal::i64_unsuffixed(n);
                        quote!(#n)
                    }
                })
            }
            (TypeRef::Number, Value::Number(n)) => {
                let n = Literal::f64_unsuffixed(n.as_f64()?);
                Some(quote!(#n))
            }
            (TypeRef::Boolean, Value::Bool(b)) => Some(quote!(#b)),
            (TypeRef::Array(item), Value::Array(items)) => {
                let items = items.iter().map(|v| self.at(item, v, Want::Owned, depth + 1).unwrap_or_else(|| self.read_json(item, v)));
                Some(quote!(vec![#( #items ),*]))
            }
            (TypeRef::Map(value), Value::Object(map)) if map.is_empty() => {
                let _ = value;
                Some(quote!(std::collections::BTreeMap::new()))
            }
            (TypeRef::Map(value), Value::Object(map)) => {
                let entries = map.iter().map(|(k, v)| {
                    let v = self.at(value, v, Want::Owned, depth + 1).unwrap_or_else(|| self.read_json(value, v));
                    quote!((String::from(#k), #v))
                });
                Some(quote!(std::collections::BTreeMap::from([#( #entries ),*])))
            }
            (TypeRef::Custom(custom), _) => self.custom(custom, sample, want),
            (TypeRef::Named(name), _) => self.named(name, sample, depth),
            _ => None,
        }
    }

    fn custom(&self, custom: &str, sample: &Value, want: Want) -> Option<TokenStream> {
        match (custom, sample) {
            (FILE_PART, _) => Some(self.file_part.clone()),
            ("String" | "&str", Value::String(s)) => Some(string(s, want)),
            ("bool", Value::Bool(b)) => Some(quote!(#b)),
            ("f32" | "f64", Value::Number(n)) => {
                let n = Literal::f64_unsuffixed(n.as_f64()?);
                Some(quote!(#n))
            }
            ("i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "isize" | "usize", Value::Number(n)) => {
                let n = Literal::i64_unsuffixed(n.as_i64()?);
                Some(quote!(#n))
            }
            _ => None,
        }
    }

    fn named(&self, name: &str, sample: &Value, depth: usize) -> Option<TokenStream> {
        let def = self.module.type_def(name)?;
        let path: TokenStream = type_path(self.lib, &self.module.name, &TypeRef::Named(name.to_string())).parse().ok()?;
        match &def.kind {
            TypeKind::Struct(fields) => {
                let object = sample.as_object()?;
                let mut args = Vec::new();
                let mut setters = Vec::new();
                for field in fields {
                    let value = object.get(&field.name);
                    if field.required {
                        let arg = match value {
                            Some(Value::Null) | None if field.nullable => quote!(None),
                            Some(v) if field.nullable => {
                                let v = self.at(&field.ty, v, Want::Owned, depth + 1)?;
                                quote!(Some(#v))
                            }
                            Some(v) => self.at(&field.ty, v, Want::Arg, depth + 1)?,
                            None => return None,
                        };
                        args.push(arg);
                    } else if let Some(v) = value.filter(|v| !v.is_null()) {
                        let setter = ident(&setter_name(&field.rust_name));
                        let v = self.at(&field.ty, v, Want::Arg, depth + 1)?;
                        setters.push(quote!(.#setter(#v)));
                    } else if value.is_some() {
                        // An optional field the sample sets to null: not something a setter does.
                        return None;
                    }
                }
                Some(quote!(#path::new(#( #args ),*) #( #setters )*))
            }
            TypeKind::Enum(variants) => {
                let text = sample.as_str()?;
                let variant = variants.iter().find(|v| v.value == text)?;
                let variant = ident(&variant.rust_name);
                Some(quote!(#path::#variant))
            }
            TypeKind::Alias(target) => self.at(target, sample, Want::Owned, depth + 1),
            TypeKind::Union(_) | TypeKind::Tagged(_) => None,
        }
    }
}

/// A string literal, or an owned `String` of it.
fn string(s: &str, want: Want) -> TokenStream {
    match want {
        Want::Arg => quote!(#s),
        Want::Owned => quote!(String::from(#s)),
    }
}

/// The setter of a field (as `emit::types` names it).
fn setter_name(field: &str) -> String {
    match field {
        "new" => "with_new".to_string(),
        other => other.to_string(),
    }
}
