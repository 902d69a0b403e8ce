//! Types shared across modules: one definition in a crate-level module, re-exported by each
//! module under its own name.
//!
//! The modules of one crate come from one vendor's documents, which repeat the same shapes (all
//! 46 SendGrid documents declare the same `ErrorResponse`). After each module's own merge
//! ([`super::dedupe`]), the types of all modules are compared the same way, with names qualified
//! by their module. A group of same-shaped types from two or more modules becomes one type in the
//! crate-level module (`common`): it is defined there once, and each module keeps its name for it
//! as a re-export (`pub use crate::common::ErrorResponse;`, or `… as ApiErrors`), so a user's
//! paths do not change and one value type serves every module.
//!
//! Every kind of type is shared but an alias of one named type (the name a module keeps for a
//! merged component), and only in groups whose referenced types are shared too (a shared struct may only name shared types). The shared type's name is the most
//! frequent of its members' names (the shortest, then the first module's, on a tie); when two
//! groups want one name,
//! the later is prefixed with its first module's name. Its definition is the first member's, with
//! the names it references replaced by their shared names.

use std::collections::{BTreeMap, BTreeSet};

use super::dedupe::{rename_uses, same_shapes};
use super::names::{pascal_case, Namespace};
use super::{Module, TypeDef, TypeKind, TypeRef};

/// One group of types shared as one (for the report).
#[derive(Debug, Clone, PartialEq)]
pub struct Shared {
    /// The shared type's name in the crate-level module.
    pub name: String,
    /// `module::Type` of every member.
    pub members: Vec<String>,
}

/// Moves the types shared by several of `modules` into the returned list of crate-level types,
/// marking each member with [`TypeDef::shared_as`]. Returns the shared types and the groups.
pub fn share(modules: &mut [Module]) -> (Vec<TypeDef>, Vec<Shared>) {
    // Every type of every module, qualified: (module index, type index) and a copy whose name and
    // references carry the module.
    let mut places: Vec<(usize, usize)> = Vec::new();
    let mut qualified: Vec<TypeDef> = Vec::new();
    for (mi, module) in modules.iter().enumerate() {
        let renames: BTreeMap<String, String> =
            module.types.iter().map(|t| (t.name.clone(), qualify(&module.name, &t.name))).collect();
        let mut copies: Vec<TypeDef> = module.types.clone();
        for t in &mut copies {
            t.name = qualify(&module.name, &t.name);
        }
        rename_uses(&mut copies, &mut [], &mut [], &renames);
        places.extend((0..module.types.len()).map(|ti| (mi, ti)));
        qualified.extend(copies);
    }
    let index: BTreeMap<&str, usize> = qualified.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut groups: Vec<Vec<usize>> = same_shapes(&qualified)
        .into_iter()
        .filter(|g| shareable(&qualified[g[0]].kind))
        .filter(|g| g.iter().map(|&i| places[i].0).collect::<BTreeSet<_>>().len() >= 2)
        .collect();
    // Keep only groups whose references are all shared too.
    loop {
        let member_of: BTreeSet<usize> = groups.iter().flatten().copied().collect();
        let before = groups.len();
        groups.retain(|g| references(&qualified[g[0]]).iter().all(|name| index.get(name.as_str()).is_some_and(|i| member_of.contains(i))));
        if groups.len() == before {
            break;
        }
    }
    if groups.is_empty() {
        return (Vec::new(), Vec::new());
    }
    // Names.
    let mut namespace = Namespace::default();
    let mut shared_name: BTreeMap<usize, String> = BTreeMap::new();
    let mut names_of_groups = Vec::new();
    for g in &groups {
        let locals: Vec<&str> = g.iter().map(|&i| &modules[places[i].0].types[places[i].1].name).map(String::as_str).collect();
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for name in &locals {
            match counts.iter_mut().find(|(n, _)| n == name) {
                Some((_, c)) => *c += 1,
                None => counts.push((name, 1)),
            }
        }
        let best = counts.iter().map(|(_, c)| *c).max().unwrap_or(0);
        let wanted = counts.iter().filter(|(_, c)| *c == best).min_by_key(|(n, _)| n.len()).map_or(locals[0], |(n, _)| n);
        let name = if namespace.reserve(wanted) {
            wanted.to_string()
        } else {
            namespace.unique(&format!("{}{wanted}", pascal_case(&modules[places[g[0]].0].name)))
        };
        for &i in g {
            shared_name.insert(i, name.clone());
        }
        names_of_groups.push(name);
    }
    // Definitions: the first member's, with references to shared names.
    let to_shared: BTreeMap<String, String> =
        shared_name.iter().map(|(&i, name)| (qualified[i].name.clone(), name.clone())).collect();
    let mut common: Vec<TypeDef> = groups.iter().map(|g| qualified[g[0]].clone()).collect();
    for (def, name) in common.iter_mut().zip(&names_of_groups) {
        def.name = name.clone();
        def.shared_as = None;
    }
    rename_uses(&mut common, &mut [], &mut [], &to_shared);
    let mut shared = Vec::new();
    for ((g, name), def) in groups.iter().zip(&names_of_groups).zip(&mut common) {
        let mut members = Vec::new();
        let mut module_names = Vec::new();
        for &i in g {
            let (mi, ti) = places[i];
            let module = &mut modules[mi];
            members.push(format!("{}::{}", module.name, module.types[ti].name));
            module_names.push(format!("`{}`", module.name));
            module.types[ti].shared_as = Some(name.clone());
        }
        let serves = format!("The same type serves the modules {}, each under its own name.", module_names.join(", "));
        def.description = Some(match def.description.take() {
            Some(text) => format!("{text}\n\n{serves}"),
            None => serves,
        });
        shared.push(Shared { name: name.clone(), members });
    }
    (common, shared)
}

fn qualify(module: &str, name: &str) -> String {
    format!("{module}::{name}")
}

/// Whether a type of this kind is shared (an alias of one named type stays where it is: it only
/// names another type, which is shared on its own).
fn shareable(kind: &TypeKind) -> bool {
    !matches!(kind, TypeKind::Alias(TypeRef::Named(_)))
}

/// The named types `def` refers to.
fn references(def: &TypeDef) -> Vec<String> {
    fn named(ty: &TypeRef, out: &mut Vec<String>) {
        match ty {
            TypeRef::Named(n) => out.push(n.clone()),
            TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
            _ => {}
        }
    }
    let mut out = Vec::new();
    match &def.kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| named(&f.ty, &mut out)),
        TypeKind::Union(variants) | TypeKind::Tagged(super::Tagged { variants, .. }) => {
            variants.iter().for_each(|v| named(&v.ty, &mut out));
        }
        TypeKind::Alias(ty) => named(ty, &mut out),
        TypeKind::Enum(_) => {}
    }
    out
}

/// The name for the crate-level module of shared types: `common`, unless a module has it.
pub fn module_name(modules: &[Module]) -> String {
    ["common", "shared_types", "common_types"]
        .iter()
        .find(|n| !modules.iter().any(|m| m.name == **n))
        .map_or_else(|| "common_shared_types".to_string(), |n| n.to_string())
}
