//! The runtime's public API: every `pub` item of the runtime files a crate includes (the client,
//! its builder, the error types, hooks, the escape hatch, streams), read from their source with
//! `syn`, so that a change to the runtime — a method, a variant, a signature — is in the change
//! report like a change to an operation.
//!
//! Each entry is a path and what it is: `Client::request` → `pub fn request(&self, method:
//! Method, path: &str) -> RawRequest<'_>`, `Error::Auth` → `variant(AuthError)`, `Error` →
//! `enum<E>, non_exhaustive`, `Error: fmt::Display` → `impl`, `use Method` → `re-export`. An item removed or whose entry changed
//! breaks code that uses it; an item added does not, except a variant of an enum that is not
//! `#[non_exhaustive]` (a `match` on it no longer covers every case).

use std::collections::BTreeMap;

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, Visibility};

use super::diff::{ApiChange, ChangeKind};
use super::VariantLock;
use crate::model::Api;

/// The runtime's public items of the crate of `api`, sorted by path.
pub fn runtime_lock(api: &Api) -> Vec<VariantLock> {
    // The runtime is the generator's own code: it always parses (a test checks it).
    let files: Vec<syn::File> = crate::emit::runtime_sources(api.streaming()).into_iter().filter_map(|(_, text)| syn::parse_file(text).ok()).collect();
    // Types that are not public: trait impls on them or naming them are not public API.
    let private: Vec<String> = files.iter().flat_map(|f| &f.items).filter_map(|item| match item {
        Item::Struct(s) if !is_pub(&s.vis) => Some(s.ident.to_string()),
        Item::Enum(e) if !is_pub(&e.vis) => Some(e.ident.to_string()),
        Item::Type(t) if !is_pub(&t.vis) => Some(t.ident.to_string()),
        _ => None,
    }).collect();
    let mut items = BTreeMap::new();
    for item in files.iter().flat_map(|f| &f.items) {
        record(item, &private, &mut items);
    }
    items.into_iter().map(|(name, value)| VariantLock { name, value }).collect()
}

/// Whether `attrs` hold `#[cfg(test)]`.
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().is_ident("cfg") && a.to_token_stream().to_string().replace(' ', "") == "#[cfg(test)]")
}

fn is_pub(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

/// Rust source for `tokens` on one line, as rustfmt would space it.
fn text(item: Item) -> String {
    let file = syn::File { shebang: None, attrs: Vec::new(), items: vec![item] };
    let line = prettyplease::unparse(&file).split_whitespace().collect::<Vec<_>>().join(" ");
    // What prettyplease's line breaks leave behind: `( mut self, a: A, )`.
    line.replace("( ", "(").replace(", )", ")").replace(", }", " }")
}

/// The traits `#[derive(...)]` implements.
fn derived(attrs: &[syn::Attribute]) -> Vec<String> {
    let mut out = Vec::new();
    for attr in attrs.iter().filter(|a| a.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            out.push(meta.path.to_token_stream().to_string().replace(' ', ""));
            Ok(())
        });
    }
    out
}

/// Whether `text` names one of `private`'s types (as a whole word).
fn mentions(text: &str, private: &[String]) -> bool {
    text.split(|c: char| !c.is_alphanumeric() && c != '_').any(|word| private.iter().any(|p| p == word))
}

/// `ty` as text (`Option<&HeaderValue>`).
fn type_text(ty: &syn::Type) -> String {
    let item: Item = syn::parse_quote!(type T = #ty;);
    text(item).trim_start_matches("type T = ").trim_end_matches(';').to_string()
}

/// The fields of a variant or struct: `(u16, String)`, `{ id: Option<String> }` (public
/// fields only, for a struct), or nothing.
fn fields_text(fields: &Fields, only_pub: bool) -> String {
    match fields {
        Fields::Unit => String::new(),
        Fields::Unnamed(f) => {
            let types: Vec<String> = f.unnamed.iter().filter(|f| !only_pub || is_pub(&f.vis)).map(|f| type_text(&f.ty)).collect();
            if types.is_empty() && only_pub {
                String::new()
            } else {
                format!("({})", types.join(", "))
            }
        }
        Fields::Named(f) => {
            let named: Vec<String> = f
                .named
                .iter()
                .filter(|f| !only_pub || is_pub(&f.vis))
                .map(|f| format!("{}: {}", f.ident.as_ref().map(ToString::to_string).unwrap_or_default(), type_text(&f.ty)))
                .collect();
            if named.is_empty() {
                String::new()
            } else {
                format!("{{ {} }}", named.join(", "))
            }
        }
    }
}

/// The generics of an item, as written (`<E>`), or nothing.
fn generics_text(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        let params = &generics.params;
        let item: Item = syn::parse_quote!(struct S<#params>;);
        text(item).trim_start_matches("struct S").trim_end_matches(';').to_string()
    }
}

/// The names a `use` tree makes visible (`a::{B, C as D}` → `B`, `D`).
fn exported(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(p) => exported(&p.tree, out),
        syn::UseTree::Name(n) => out.push(n.ident.to_string()),
        syn::UseTree::Rename(r) => out.push(r.rename.to_string()),
        syn::UseTree::Glob(_) => out.push("*".into()),
        syn::UseTree::Group(g) => g.items.iter().for_each(|t| exported(t, out)),
    }
}

/// Records the public parts of `item`.
fn record(item: &Item, private: &[String], out: &mut BTreeMap<String, String>) {
    let non_exhaustive = |attrs: &[syn::Attribute]| attrs.iter().any(|a| a.path().is_ident("non_exhaustive"));
    match item {
        Item::Struct(s) if is_pub(&s.vis) && !is_test(&s.attrs) => {
            let name = s.ident.to_string();
            let marker = if non_exhaustive(&s.attrs) { ", non_exhaustive" } else { "" };
            for t in derived(&s.attrs) {
                out.insert(format!("{name}: {t}"), "impl".into());
            }
            out.insert(name, format!("struct{}{marker} {}", generics_text(&s.generics), fields_text(&s.fields, true)).trim_end().to_string());
        }
        Item::Enum(e) if is_pub(&e.vis) && !is_test(&e.attrs) => {
            let name = e.ident.to_string();
            let marker = if non_exhaustive(&e.attrs) { ", non_exhaustive" } else { "" };
            out.insert(name.clone(), format!("enum{}{marker}", generics_text(&e.generics)));
            for t in derived(&e.attrs) {
                out.insert(format!("{name}: {t}"), "impl".into());
            }
            for v in &e.variants {
                out.insert(format!("{name}::{}", v.ident), format!("variant{}", fields_text(&v.fields, false)));
            }
        }
        Item::Type(t) if is_pub(&t.vis) && !is_test(&t.attrs) => {
            out.insert(t.ident.to_string(), format!("type{} = {}", generics_text(&t.generics), type_text(&t.ty)));
        }
        Item::Trait(t) if is_pub(&t.vis) && !is_test(&t.attrs) => {
            out.insert(t.ident.to_string(), "trait".into());
        }
        Item::Fn(f) if is_pub(&f.vis) && !is_test(&f.attrs) => {
            let sig = &f.sig;
            out.insert(format!("fn {}", sig.ident), text(syn::parse_quote!(pub #sig {})).trim_end_matches(" {}").to_string());
        }
        Item::Use(u) if is_pub(&u.vis) && !is_test(&u.attrs) => {
            // By the name users see, not the runtime's module it comes from.
            let mut names = Vec::new();
            exported(&u.tree, &mut names);
            for name in names {
                out.insert(format!("use {name}"), "re-export".into());
            }
        }
        Item::Impl(i) if !is_test(&i.attrs) => {
            let self_ty = type_text(&i.self_ty);
            if let Some((_, trait_path, _)) = &i.trait_ {
                let trait_name = text(syn::parse_quote!(impl #trait_path for X {}));
                let trait_name = trait_name.trim_start_matches("impl ").trim_end_matches(" for X {}");
                if !mentions(&self_ty, private) && !mentions(trait_name, private) {
                    // Named by the type without its parameters, as derives are (`Error: fmt::Display`).
                    let base = self_ty.split('<').next().unwrap_or(&self_ty);
                    out.insert(format!("{base}: {trait_name}"), "impl".into());
                }
                return;
            }
            // Methods are named after the type without its generics (`Error::status`).
            let base = self_ty.split('<').next().unwrap_or(&self_ty).to_string();
            for member in &i.items {
                if let ImplItem::Fn(f) = member {
                    if is_pub(&f.vis) && !is_test(&f.attrs) {
                        let sig = &f.sig;
                        out.insert(format!("{base}::{}", sig.ident), text(syn::parse_quote!(pub #sig {})).trim_end_matches(" {}").to_string());
                    }
                }
            }
        }
        _ => {}
    }
}

/// `items` by path; a re-export written as a whole `use` tree (`use response::{RateLimit,
/// Response}`, as the first locks to record the runtime did) is read as its names.
fn by_path(items: &[VariantLock]) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for item in items {
        let tree = item.name.strip_prefix("use ").and_then(|t| syn::parse_str::<syn::UseTree>(t).ok());
        match tree {
            Some(tree) => {
                let mut names = Vec::new();
                exported(&tree, &mut names);
                for name in names {
                    out.insert(format!("use {name}"), item.value.clone());
                }
            }
            None => {
                out.insert(item.name.clone(), item.value.clone());
            }
        }
    }
    out
}

/// The changes from `old` to `new` (both sorted by path).
pub fn changes(old: &[VariantLock], new: &[VariantLock]) -> Vec<ApiChange> {
    let (old_map, new_map) = (by_path(old), by_path(new));
    let old_map: BTreeMap<&str, &str> = old_map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let new_map: BTreeMap<&str, &str> = new_map.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut out = Vec::new();
    for (name, was) in &old_map {
        match new_map.get(name) {
            None => out.push(ApiChange { kind: ChangeKind::RuntimeItemRemoved, path: name.to_string(), breaking: true, description: format!("removed (was `{was}`)") }),
            Some(now) if now != was => out.push(ApiChange {
                kind: ChangeKind::RuntimeItemChanged,
                path: name.to_string(),
                breaking: true,
                description: format!("changed from `{was}` to `{now}`"),
            }),
            Some(_) => {}
        }
    }
    for (name, now) in new_map.iter().filter(|(name, _)| !old_map.contains_key(*name)) {
        // A variant of an enum that is not `#[non_exhaustive]` breaks an exhaustive `match`.
        let exhaustive_enum = name.split_once("::").and_then(|(owner, _)| new_map.get(owner)).is_some_and(|kind| kind.starts_with("enum") && !kind.contains("non_exhaustive"));
        let breaking = now.starts_with("variant") && exhaustive_enum;
        out.push(ApiChange { kind: ChangeKind::RuntimeItemAdded, path: name.to_string(), breaking, description: format!("added: `{now}`") });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lock(items: &[(&str, &str)]) -> Vec<VariantLock> {
        items.iter().map(|(n, v)| VariantLock { name: n.to_string(), value: v.to_string() }).collect()
    }

    /// Every runtime file parses, and the entries read as the source says.
    #[test]
    fn the_runtime_public_items_are_read_from_the_source() {
        for streaming in [Default::default(), crate::model::Streaming { bodies: true, events: true }] {
            for (name, text) in crate::emit::runtime_sources(streaming) {
                assert!(syn::parse_file(text).is_ok(), "{name} parses");
            }
        }
        let doc = serde_json::json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
        let api = crate::generate_document("m", std::path::Path::new("m.json"), doc).expect("generates").api;
        let items = runtime_lock(&api);
        let get = |name: &str| items.iter().find(|v| v.name == name).map(|v| v.value.as_str());
        assert_eq!(get("Client"), Some("struct"));
        assert_eq!(get("Error"), Some("enum<E>, non_exhaustive"));
        assert_eq!(get("Error::Auth"), Some("variant(AuthError)"));
        assert_eq!(get("Client::request"), Some("pub fn request(&self, method: Method, path: &str) -> RawRequest<'_>"));
        assert_eq!(get("InvalidRequest"), Some("struct { field: String, problem: String }"));
        assert_eq!(get("Error: fmt::Display"), Some("impl"));
        assert_eq!(get("ApiError: Clone"), Some("impl"), "derives are recorded");
        assert_eq!(get("Error: From<SendError>"), None, "impls naming crate-private types are not public API");
        assert_eq!(get("TransportError"), Some("struct"));
        assert_eq!(
            get("ClientBuilder::basic_auth"),
            Some("pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self")
        );
        assert_eq!(get("use Method"), Some("re-export"), "re-exports by the name users see");
        assert_eq!(get("use RateLimit"), Some("re-export"));
        assert_eq!(get("ClientBuilder::client_credentials"), None, "crate-private items are not public API");
        assert_eq!(get("ByteStream"), None, "streams only in crates that stream");
        assert!(items.windows(2).all(|w| w[0].name < w[1].name), "sorted");
    }

    #[test]
    fn removed_and_changed_items_break_additions_do_not() {
        let old = lock(&[("Client", "struct"), ("Client::a", "pub fn a(&self)"), ("Client::b", "pub fn b(&self)"), ("Kind", "enum"), ("Open", "enum, non_exhaustive")]);
        let new = lock(&[
            ("Client", "struct"),
            ("Client::b", "pub fn b(&self) -> u8"),
            ("Client::c", "pub fn c(&self)"),
            ("Kind", "enum"),
            ("Kind::New", "variant"),
            ("Open", "enum, non_exhaustive"),
            ("Open::New", "variant"),
        ]);
        let got: Vec<(ChangeKind, String, bool)> = changes(&old, &new).into_iter().map(|c| (c.kind, c.path, c.breaking)).collect();
        assert_eq!(
            got,
            [
                (ChangeKind::RuntimeItemRemoved, "Client::a".to_string(), true),
                (ChangeKind::RuntimeItemChanged, "Client::b".to_string(), true),
                (ChangeKind::RuntimeItemAdded, "Client::c".to_string(), false),
                (ChangeKind::RuntimeItemAdded, "Kind::New".to_string(), true),
                (ChangeKind::RuntimeItemAdded, "Open::New".to_string(), false),
            ]
        );
        assert!(changes(&new, &new).is_empty());
        // A re-export recorded as a whole tree is the same as its names one by one.
        let tree = lock(&[("use response::{RateLimit, Response}", "re-export")]);
        let names = lock(&[("use RateLimit", "re-export"), ("use Response", "re-export")]);
        assert!(changes(&tree, &names).is_empty());
        let fewer = lock(&[("use Response", "re-export")]);
        assert_eq!(changes(&tree, &fewer).into_iter().map(|c| c.path).collect::<Vec<_>>(), ["use RateLimit"]);
    }
}
