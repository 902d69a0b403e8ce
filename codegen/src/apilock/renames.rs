//! Renames between two API locks of one module: operations (same route, new method name) and the
//! types that follow them.
//!
//! A type renamed is one removed and one added that play the same part, found from what is
//! certain to what follows from it:
//!
//! 1. the success or body type of one operation (the same method name, or the same route under
//!    a new name) was the removed type and is now the added one, at the same place in the type
//!    (`Vec<Old>` → `Vec<New>`);
//! 2. an operation was renamed and a removed type carried its old name as a prefix: the added
//!    type with the new prefix and the same rest (`RetrieveAccessRequestsResponseItem` →
//!    `ListScopeRequestResponseItem` when `retrieve_access_requests` became
//!    `list_scope_request`), since inline types are named after their operation;
//! 3. a field (by Rust name) or union alternative of two paired types, or of a type kept under
//!    its name, was the removed type and is now the added one;
//! 4. the removed type has exactly the shape of one type of the new lock (the same fields, with
//!    the names mapped so far renamed), so it was merged into it.
//!
//! Each removed type is mapped at most once; several may map to one type (same-shaped types
//! merged into one). The change report then shows one "renamed" line per type, or one "merged"
//! line per family, instead of removals and an addition, and compares the types' contents with
//! every renamed name mapped to its new one.

use std::collections::{BTreeMap, BTreeSet};

use super::{ModuleLock, OperationLock, TypeLock};

/// The route of an operation, `GET /path`.
pub fn route(op: &OperationLock) -> String {
    format!("{} {}", op.method, op.path)
}

/// The route with its path parameters' names left out (`GET /v3/lists/{}`): a renamed path
/// parameter does not make another route.
pub fn route_shape(op: &OperationLock) -> String {
    let mut shape = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                shape.push('{');
            }
            '}' => {
                in_param = false;
                shape.push('}');
            }
            _ if in_param => {}
            _ => shape.push(c),
        }
    }
    format!("{} {shape}", op.method)
}

/// Operations renamed from `old` to `new`: (old name, new name), in old-name order. A removed
/// operation is renamed when an added one has its route (path parameter names aside).
pub fn operation_renames(old: &ModuleLock, new: &ModuleLock) -> Vec<(String, String)> {
    let mut added: BTreeSet<&String> = new.operations.keys().filter(|k| !old.operations.contains_key(*k)).collect();
    let mut out = Vec::new();
    for (name, op) in old.operations.iter().filter(|(k, _)| !new.operations.contains_key(*k)) {
        if let Some(to) = added.iter().copied().find(|n| route_shape(&new.operations[*n]) == route_shape(op)) {
            added.remove(to);
            out.push((name.clone(), to.clone()));
        }
    }
    out
}

/// Types renamed from `old` to `new`, or merged into one (several old names → one new name, or
/// into a type that already existed): old name → new name.
pub fn type_renames(old: &ModuleLock, new: &ModuleLock, ops: &[(String, String)]) -> BTreeMap<String, String> {
    let removed: BTreeSet<&String> = old.types.keys().filter(|k| !new.types.contains_key(*k)).collect();
    let targets: BTreeSet<&String> = new.types.keys().collect();
    let mut pairs = Pairs { removed, targets, map: BTreeMap::new() };
    if pairs.removed.is_empty() {
        return pairs.map;
    }
    // 1. The types of one operation.
    for (name, op) in &old.operations {
        let to = ops.iter().find(|(from, _)| from == name).map_or(name.as_str(), |(_, to)| to.as_str());
        let Some(new_op) = new.operations.get(to) else { continue };
        pairs.pair_types(&op.success, &new_op.success);
        if let (Some(a), Some(b)) = (&op.body, &new_op.body) {
            pairs.pair_types(a, b);
        }
    }
    // 2. Types named after a renamed operation.
    for (from, to) in ops {
        let (old_prefix, new_prefix) = (pascal(from), pascal(to));
        let candidates: Vec<String> = pairs.removed.iter().filter(|n| n.starts_with(&old_prefix)).map(|n| n.to_string()).collect();
        for name in candidates {
            let renamed = format!("{new_prefix}{}", &name[old_prefix.len()..]);
            pairs.pair(&name, &renamed);
        }
    }
    // 3. Through fields and alternatives (of mapped types and of types kept under their name),
    // and 4. by shape, until nothing more pairs.
    loop {
        let before = pairs.map.len();
        let mut known: Vec<(String, String)> = pairs.map.iter().map(|(a, b)| (a.clone(), b.clone())).collect();
        known.extend(old.types.keys().filter(|k| new.types.contains_key(*k)).map(|k| (k.clone(), k.clone())));
        for (a, b) in known {
            match (old.types.get(&a), new.types.get(&b)) {
                (Some(TypeLock::Struct { fields: fa }), Some(TypeLock::Struct { fields: fb })) => {
                    for f in fa {
                        if let Some(g) = fb.iter().find(|g| g.name == f.name) {
                            pairs.pair_types(&f.ty, &g.ty);
                        }
                    }
                }
                (Some(TypeLock::Union { variants: va }), Some(TypeLock::Union { variants: vb })) => {
                    for (v, w) in va.iter().zip(vb) {
                        pairs.pair_types(&v.value, &w.value);
                    }
                }
                (Some(TypeLock::Alias { target: x }), Some(TypeLock::Alias { target: y })) => pairs.pair_types(x, y),
                _ => {}
            }
        }
        let unmapped: Vec<String> = pairs.removed.iter().map(|n| n.to_string()).collect();
        for name in unmapped {
            let Some(ty) = old.types.get(&name) else { continue };
            let mut same = new.types.iter().filter(|(_, candidate)| same_shape(ty, candidate, &pairs.map));
            if let (Some((only, _)), None) = (same.next(), same.next()) {
                let only = only.clone();
                pairs.pair(&name, &only);
            }
        }
        if pairs.map.len() == before {
            return pairs.map;
        }
    }
}

/// Whether `old` (a type of the old lock) has the shape of `new` once the mapped names are
/// renamed: the same fields (names, JSON names, types, optionality) or the same variants.
pub fn same_shape(old: &TypeLock, new: &TypeLock, renames: &BTreeMap<String, String>) -> bool {
    match (old, new) {
        (TypeLock::Struct { fields: a }, TypeLock::Struct { fields: b }) => {
            a.len() == b.len()
                && !a.is_empty()
                && a.iter().zip(b).all(|(f, g)| f.name == g.name && f.wire == g.wire && f.optional == g.optional && apply(&f.ty, renames) == g.ty)
        }
        (TypeLock::Enum { variants: a }, TypeLock::Enum { variants: b }) => !a.is_empty() && a == b,
        _ => false,
    }
}

/// `type_text` with every type name renamed as `renames` says.
pub fn apply(type_text: &str, renames: &BTreeMap<String, String>) -> String {
    if renames.is_empty() {
        return type_text.to_string();
    }
    let mut out = String::with_capacity(type_text.len());
    let mut word = String::new();
    for c in type_text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        out.push_str(renames.get(&word).map_or(word.as_str(), String::as_str));
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

/// The pairing in progress.
struct Pairs<'a> {
    removed: BTreeSet<&'a String>,
    /// Every type of the new lock (a removed type may go to a new one or merge into any).
    targets: BTreeSet<&'a String>,
    map: BTreeMap<String, String>,
}

impl Pairs<'_> {
    /// Maps `from` (removed, not yet mapped) to `to` (a type of the new lock).
    fn pair(&mut self, from: &str, to: &str) {
        let (Some(a), Some(b)) = (self.removed.iter().copied().find(|n| *n == from), self.targets.iter().copied().find(|n| *n == to)) else {
            return;
        };
        self.removed.remove(a);
        self.map.insert(a.clone(), b.clone());
    }

    /// Pairs the names at the same places of two type texts with the same shape
    /// (`Vec<A>` / `Vec<B>`).
    fn pair_types(&mut self, old: &str, new: &str) {
        let (a, b) = (words(old), words(new));
        if a.len() != b.len() || skeleton(old) != skeleton(new) {
            return;
        }
        for (x, y) in a.iter().zip(&b) {
            if x != y {
                self.pair(x, y);
            }
        }
    }
}

/// The identifiers of a type text, in order.
fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).collect()
}

/// A type text without its identifiers (`Vec<_>`), to compare shapes.
fn skeleton(text: &str) -> String {
    text.chars().filter(|c| !(c.is_alphanumeric() || *c == '_')).collect()
}

/// `list_scope_request` → `ListScopeRequest`.
fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apply_renames_whole_names_only() {
        let renames: BTreeMap<String, String> = [("Item".to_string(), "Entry".to_string())].into();
        assert_eq!(apply("Vec<Item>", &renames), "Vec<Entry>");
        assert_eq!(apply("BTreeMap<String, ItemList>", &renames), "BTreeMap<String, ItemList>");
        assert_eq!(apply("Item", &renames), "Entry");
    }

    #[test]
    fn pascal_of_a_method_name() {
        assert_eq!(pascal("list_scope_request"), "ListScopeRequest");
        assert_eq!(pascal("get_v3_thing"), "GetV3Thing");
    }
}
