//! Where each named type of a module is used: as a body, a response, a field, an alternative.
//!
//! The uses name merged families ([`super::family`]) and describe types the document left
//! without a description ([`describe`]): "Error body of the 404 response to `delete_teammate`
//! and 9 other operations", "An item of `result` in `ListTeammateResponse`" — never a sentence
//! that only repeats the type's name.

use std::collections::BTreeMap;

use super::{Operation, Status, TypeDef, TypeKind, TypeRef};

/// How a type is reached from the place that uses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Via {
    /// The place holds the type itself.
    Direct,
    /// The place holds an array of it.
    Item,
    /// The place holds a map whose values are of it.
    MapValue,
}

/// One use of a named type.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Use {
    /// The request body of an operation (its method name).
    Request { op: String, via: Via },
    /// The body of a declared response of an operation.
    Response { op: String, status: Status, via: Via },
    /// A parameter of an operation.
    Param { op: String, param: String },
    /// A field (JSON name) of a struct.
    Field { parent: String, property: String, via: Via },
    /// An alternative of a union.
    Alternative { parent: String, via: Via },
    /// The target of an alias.
    Alias { parent: String, via: Via },
}

/// Every use of every named type, by type name, in model order (operations, then types).
pub fn uses(types: &[TypeDef], operations: &[Operation]) -> BTreeMap<String, Vec<Use>> {
    let mut out: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let mut add = |ty: &TypeRef, make: &dyn Fn(Via) -> Use| {
        if let Some((name, via)) = named(ty) {
            out.entry(name.to_string()).or_default().push(make(via));
        }
    };
    for op in operations {
        let name = &op.fn_name;
        if let Some(body) = &op.body {
            add(&body.ty, &|via| Use::Request { op: name.clone(), via });
        }
        for r in &op.responses {
            if let Some(ty) = &r.ty {
                add(ty, &|via| Use::Response { op: name.clone(), status: r.status, via });
            }
            if let Some(stream) = &r.stream {
                add(&stream.item, &|via| Use::Response { op: name.clone(), status: r.status, via });
            }
        }
        for p in &op.params {
            add(&p.ty, &|_| Use::Param { op: name.clone(), param: p.name.clone() });
        }
    }
    for def in types {
        let parent = &def.name;
        match &def.kind {
            TypeKind::Struct(fields) => {
                for f in fields {
                    add(&f.ty, &|via| Use::Field { parent: parent.clone(), property: f.name.clone(), via });
                }
            }
            TypeKind::Union(variants) | TypeKind::Tagged(super::Tagged { variants, .. }) => {
                for v in variants {
                    add(&v.ty, &|via| Use::Alternative { parent: parent.clone(), via });
                }
            }
            TypeKind::Alias(ty) => add(ty, &|via| Use::Alias { parent: parent.clone(), via }),
            TypeKind::Enum(_) => {}
        }
    }
    out
}

/// The named type `ty` holds, and how (the outermost wrapper decides).
fn named(ty: &TypeRef) -> Option<(&str, Via)> {
    match ty {
        TypeRef::Named(name) => Some((name, Via::Direct)),
        TypeRef::Array(inner) => named(inner).map(|(n, _)| (n, Via::Item)),
        TypeRef::Map(inner) => named(inner).map(|(n, _)| (n, Via::MapValue)),
        _ => None,
    }
}

/// Fills the description of every type that has none, or only its own name (a `title: Sender`),
/// from its uses.
pub fn describe(types: &mut [TypeDef], operations: &[Operation]) {
    let all = uses(types, operations);
    let letters = |s: &str| s.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect::<String>();
    for def in types.iter_mut().filter(|d| d.description.as_deref().is_none_or(|text| letters(text).is_empty() || letters(text) == letters(&d.name))) {
        let found = all.get(&def.name).map(Vec::as_slice).unwrap_or_default();
        def.description = Some(sentence(found, def));
    }
}

/// Picks an operation (and the status) out of a use.
type Pick = dyn Fn(&Use) -> Option<(String, Option<Status>)>;

/// One sentence saying what a type is, from its uses.
fn sentence(uses: &[Use], def: &TypeDef) -> String {
    let ops = |pick: &Pick| -> (Vec<String>, Vec<Status>) {
        let mut names: Vec<String> = Vec::new();
        let mut statuses: Vec<Status> = Vec::new();
        for (op, status) in uses.iter().filter_map(pick) {
            if !names.contains(&op) {
                names.push(op);
            }
            if let Some(s) = status.filter(|s| !statuses.contains(s)) {
                statuses.push(s);
            }
        }
        statuses.sort();
        (names, statuses)
    };
    let errors = ops(&|u| match u {
        Use::Response { op, status, .. } if !status.is_success() => Some((op.clone(), Some(*status))),
        _ => None,
    });
    let successes = ops(&|u| match u {
        Use::Response { op, status, .. } if status.is_success() => Some((op.clone(), Some(*status))),
        _ => None,
    });
    let requests = ops(&|u| match u {
        Use::Request { op, .. } => Some((op.clone(), None)),
        _ => None,
    });
    if !requests.0.is_empty() {
        return format!("Request body of {}.", operations_text(&requests.0));
    }
    if !successes.0.is_empty() {
        let whole = uses.iter().any(|u| matches!(u, Use::Response { status, via: Via::Direct, .. } if status.is_success()));
        let what = if whole { "Body" } else { "An item of the body" };
        return format!("{what} of {} to {}.", responses_text(&successes.1), operations_text(&successes.0));
    }
    if !errors.0.is_empty() {
        return format!("Error body of {} to {}.", responses_text(&errors.1), operations_text(&errors.0));
    }
    let mut parents: Vec<(&str, &str, Via)> = Vec::new();
    for u in uses {
        let entry = match u {
            Use::Field { parent, property, via } => (parent.as_str(), property.as_str(), *via),
            Use::Alternative { parent, via } | Use::Alias { parent, via } => (parent.as_str(), "", *via),
            _ => continue,
        };
        if !parents.contains(&entry) {
            parents.push(entry);
        }
    }
    if let Some((parent, property, via)) = parents.first() {
        let more = match parents.len() {
            1 => String::new(),
            2 => " and one other type".to_string(),
            n => format!(" and {} other types", n - 1),
        };
        return match (property.is_empty(), via) {
            (true, _) => format!("An alternative of `{parent}`{more}."),
            (false, Via::Direct) => format!("The value of `{property}` in `{parent}`{more}."),
            (false, Via::Item) => format!("An item of `{property}` in `{parent}`{more}."),
            (false, Via::MapValue) => format!("A value of the map `{property}` in `{parent}`{more}."),
        };
    }
    if let Some(Use::Param { op, param }) = uses.first() {
        return format!("The type of the `{param}` parameter of `{op}`.");
    }
    match def.location.pointer.rsplit('/').next() {
        Some(name) if super::dedupe::is_component(def) => {
            format!("Schema `{}` of the document's components (used by no operation).", crate::diag::unescape_token(name))
        }
        _ => "A type of the document (used by no operation).".to_string(),
    }
}

/// "`a`", "`a` and `b`", "`a` and 9 other operations".
fn operations_text(ops: &[String]) -> String {
    match ops {
        [] => String::new(),
        [one] => format!("`{one}`"),
        [a, b] => format!("`{a}` and `{b}`"),
        [first, rest @ ..] => format!("`{first}` and {} other operations", rest.len()),
    }
}

/// "the 404 response", "the 400, 401 and 404 responses".
fn responses_text(statuses: &[Status]) -> String {
    let spelled: Vec<String> = statuses.iter().map(|s| status_text(*s)).collect();
    match spelled.as_slice() {
        [] => "the response".to_string(),
        [one] => format!("the {one} response"),
        [init @ .., last] => format!("the {} and {last} responses", init.join(", ")),
    }
}

fn status_text(status: Status) -> String {
    match status {
        Status::Code(c) => c.to_string(),
        Status::Range(r) => format!("{r}XX"),
        Status::Default => "default".to_string(),
    }
}
