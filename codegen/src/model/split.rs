//! One module per tag, for documents too large to compile whole (`split_by_tag = true`).
//!
//! GitHub's description is one module of 750,000 lines when generated whole. Split by tag, each
//! part is a module of its own (`github_repos`, `github_issues`, …) holding the operations whose
//! first tag it is (untagged operations go to `{module}_untagged`) and only the types those
//! operations reach. A type that several parts reach is then the same shape in each, so the
//! crate-level sharing ([`super::common`]) defines it once in `common`. With `module_features`,
//! each part is a cargo feature: a user compiles `common` and the parts they enable.

use std::collections::{BTreeMap, BTreeSet};

use super::names::snake_case;
use super::{Example, Module, Operation, TypeDef, TypeKind, TypeRef};

/// Splits `module` into one module per first tag, in order of first appearance.
pub fn by_tag(module: Module) -> Vec<Module> {
    let mut parts: Vec<(String, Vec<Operation>)> = Vec::new();
    for op in &module.operations {
        let tag = op.tags.first().map_or_else(|| "untagged".to_string(), |t| snake_case(t).trim_end_matches('_').to_string());
        let name = format!("{}_{}", module.name, tag);
        match parts.iter_mut().find(|(n, _)| *n == name) {
            Some((_, ops)) => ops.push(op.clone()),
            None => parts.push((name, vec![op.clone()])),
        }
    }
    parts
        .into_iter()
        .map(|(name, operations)| {
            let reached = reachable(&module.types, &operations);
            let types: Vec<TypeDef> = module.types.iter().filter(|t| reached.contains(&t.name)).cloned().collect();
            let examples: Vec<Example> = module.examples.iter().filter(|e| reaches(&e.ty, &reached)).cloned().collect();
            let tag = operations.first().and_then(|op| op.tags.first()).cloned().unwrap_or_else(|| "untagged".into());
            let error_body = module.error_body.clone().filter(|shared| {
                operations.iter().filter(|op| op.failures().any(|r| r.ty.as_ref() == Some(&shared.ty))).count() >= 2
            });
            Module {
                name,
                title: format!("{} — {tag}", module.title),
                operations,
                types,
                examples,
                error_body,
                ..module.clone()
            }
        })
        .collect()
}

/// The names of the types `operations` use, directly or through other types.
fn reachable(types: &[TypeDef], operations: &[Operation]) -> BTreeSet<String> {
    let by_name: BTreeMap<&str, &TypeDef> = types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut pending: Vec<String> = Vec::new();
    for op in operations {
        let mut add = |ty: &TypeRef| named(ty, &mut pending);
        op.params.iter().for_each(|p| add(&p.ty));
        if let Some(body) = &op.body {
            add(&body.ty);
        }
        op.responses.iter().filter_map(|r| r.ty.as_ref()).for_each(&mut add);
        op.responses.iter().filter_map(|r| r.stream.as_ref()).for_each(|s| add(&s.item));
        if let Some(p) = &op.pagination {
            add(&p.item_ty);
        }
    }
    let mut seen = BTreeSet::new();
    while let Some(name) = pending.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(def) = by_name.get(name.as_str()) else { continue };
        match &def.kind {
            TypeKind::Struct(fields) => fields.iter().for_each(|f| named(&f.ty, &mut pending)),
            TypeKind::Union(variants) | TypeKind::Tagged(super::Tagged { variants, .. }) => {
                variants.iter().for_each(|v| named(&v.ty, &mut pending));
            }
            TypeKind::Alias(ty) => named(ty, &mut pending),
            TypeKind::Enum(_) => {}
        }
    }
    seen
}

fn named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(name) => out.push(name.clone()),
        TypeRef::Array(inner) | TypeRef::Map(inner) => named(inner, out),
        _ => {}
    }
}

fn reaches(ty: &TypeRef, reached: &BTreeSet<String>) -> bool {
    let mut names = Vec::new();
    named(ty, &mut names);
    names.iter().all(|n| reached.contains(n))
}
