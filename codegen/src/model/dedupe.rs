//! One type per shape: named types of a module with the same shape are merged into one.
//!
//! Two type definitions have the same shape when they are the same kind with the same members:
//! struct fields with the same JSON and Rust names, accepted aliases, types (compared
//! recursively, so two structs whose fields hold same-shaped types match), optionality,
//! nullability and constraints, in the same order; enum values; union alternatives. Docs and
//! where a schema was declared do not count. The comparison is a partition refinement (types
//! start grouped by their own members with references left out, and groups split until every
//! member of a group refers to the same groups), so recursive types are compared correctly.
//!
//! In each group of two or more:
//!
//! - a component schema, if one is in the group, is the type kept (the first in document order);
//!   further components of the group stay as `pub type Other = Kept;` aliases, so the vendor's
//!   names keep working, and inline schemas collapse into it;
//! - otherwise the first inline type is kept and renamed by [`super::family_names`]; the others
//!   are removed.
//!
//! Every use of a merged type (fields, alternatives, parameters, bodies, responses, examples) is
//! rewritten to the type kept. Each group is reported once.

use std::collections::BTreeMap;

use super::{Example, Operation, TypeDef, TypeKind, TypeRef};

/// One merged group: the type kept and the types merged into it.
#[derive(Debug, Clone, PartialEq)]
pub struct Merge {
    /// The name of the type kept (after renaming).
    pub kept: String,
    /// The names of every member before the merge, the kept one included.
    pub members: Vec<String>,
}

/// A group of same-shaped types about to be merged.
#[derive(Debug, Clone)]
pub struct Group {
    /// The members' indices, in definition order.
    pub members: Vec<usize>,
    /// The member that is kept.
    pub kept: usize,
}

impl Group {
    /// Whether the kept member is a component schema (it keeps its name).
    pub fn keeps_component(&self, types: &[TypeDef]) -> bool {
        is_component(&types[self.kept])
    }
}

/// Whether `def` was declared in `components/schemas`.
pub fn is_component(def: &TypeDef) -> bool {
    let mut parts = def.location.pointer.split('/').skip(1);
    parts.next() == Some("components") && parts.next() == Some("schemas") && parts.next().is_some() && parts.next().is_none()
}

/// The groups of same-shaped types among `types`: each group's indices, in definition order,
/// groups ordered by their first member.
pub fn same_shapes(types: &[TypeDef]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&str, usize> = types.iter().enumerate().map(|(i, t)| (t.name.as_str(), i)).collect();
    let mut class: Vec<usize> = classes(types.iter().map(|t| signature(t, None)).collect());
    // Each round's signature is the type's own text with the class of every type it names: the
    // text (names of types outside the module kept) is computed once, the named types' indices
    // once, and each round only looks their classes up (Microsoft Graph: 6,000 types).
    let own = classes(types.iter().map(|t| signature(t, Some(&|name| index.get(name).map(|_| 0)))).collect());
    let named: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let mut names = Vec::new();
            named_types(t, &mut names);
            names.into_iter().filter_map(|n| index.get(n).copied()).collect()
        })
        .collect();
    loop {
        let sigs: Vec<(usize, usize, Vec<usize>)> =
            (0..types.len()).map(|i| (class[i], own[i], named[i].iter().map(|&j| class[j]).collect())).collect();
        let next = classes(sigs);
        let (before, after) = (count(&class), count(&next));
        class = next;
        if before == after {
            break;
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, c) in class.iter().enumerate() {
        groups.entry(*c).or_default().push(i);
    }
    let mut out: Vec<Vec<usize>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort();
    out
}

/// Names the kept type of each group (`None`: the kept member's name).
pub type NameFamilies<'a> = dyn FnMut(&[TypeDef], &[Group]) -> Vec<Option<String>> + 'a;

/// Merges same-shaped types of one module (see the module docs). `name_families` gives, for
/// each group, the name of the type kept (`None`: the kept member's name); it is not asked for
/// groups that keep a component, which keep the component's name. Returns the merges made.
pub fn merge(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    examples: &mut [Example],
    name_families: &mut NameFamilies<'_>,
) -> Vec<Merge> {
    let groups: Vec<Group> = same_shapes(types)
        .into_iter()
        .map(|members| {
            let kept = members.iter().copied().find(|&i| is_component(&types[i])).unwrap_or(members[0]);
            Group { members, kept }
        })
        .collect();
    if groups.is_empty() {
        return Vec::new();
    }
    let names = name_families(types, &groups);
    // Old name → new name, for every type merged away or renamed.
    let mut renames: BTreeMap<String, String> = BTreeMap::new();
    let mut remove = vec![false; types.len()];
    let mut aliases: Vec<(usize, String)> = Vec::new();
    let mut merges = Vec::new();
    let mut new_names: Vec<(usize, String)> = Vec::new();
    for (group, name) in groups.iter().zip(names) {
        let kept = group.kept;
        let kept_name = match name {
            Some(name) if !group.keeps_component(types) => name,
            _ => types[kept].name.clone(),
        };
        let mut members = Vec::new();
        for &i in &group.members {
            let name = types[i].name.clone();
            members.push(name.clone());
            if i == kept {
                if name != kept_name {
                    renames.insert(name, kept_name.clone());
                    new_names.push((i, kept_name.clone()));
                }
            } else if is_component(&types[i]) {
                aliases.push((i, kept_name.clone()));
            } else {
                remove[i] = true;
                renames.insert(name, kept_name.clone());
            }
        }
        merges.push(Merge { kept: kept_name, members });
    }
    for (i, name) in new_names {
        types[i].name = name;
    }
    for (i, target) in aliases {
        types[i].kind = TypeKind::Alias(TypeRef::Named(target));
    }
    let mut i = 0;
    types.retain(|_| {
        let keep = !remove[i];
        i += 1;
        keep
    });
    rename_uses(types, operations, examples, &renames);
    merges
}

/// Rewrites every reference to a renamed type.
pub fn rename_uses(types: &mut [TypeDef], operations: &mut [Operation], examples: &mut [Example], renames: &BTreeMap<String, String>) {
    if renames.is_empty() {
        return;
    }
    for def in types.iter_mut() {
        match &mut def.kind {
            TypeKind::Struct(fields) => fields.iter_mut().for_each(|f| rename_ref(&mut f.ty, renames)),
            TypeKind::Union(variants) | TypeKind::Tagged(super::Tagged { variants, .. }) => {
                variants.iter_mut().for_each(|v| rename_ref(&mut v.ty, renames));
            }
            TypeKind::Alias(ty) => rename_ref(ty, renames),
            TypeKind::Enum(_) => {}
        }
    }
    for op in operations.iter_mut() {
        op.params.iter_mut().for_each(|p| rename_ref(&mut p.ty, renames));
        if let Some(body) = &mut op.body {
            rename_ref(&mut body.ty, renames);
        }
        op.responses.iter_mut().filter_map(|r| r.ty.as_mut()).for_each(|t| rename_ref(t, renames));
        op.responses.iter_mut().filter_map(|r| r.stream.as_mut()).for_each(|s| rename_ref(&mut s.item, renames));
        if let Some(p) = &mut op.pagination {
            rename_ref(&mut p.item_ty, renames);
        }
    }
    examples.iter_mut().for_each(|e| rename_ref(&mut e.ty, renames));
}

fn rename_ref(ty: &mut TypeRef, renames: &BTreeMap<String, String>) {
    match ty {
        TypeRef::Named(name) => {
            if let Some(new) = renames.get(name) {
                *name = new.clone();
            }
        }
        TypeRef::Array(inner) | TypeRef::Map(inner) => rename_ref(inner, renames),
        _ => {}
    }
}

/// The named types `def` refers to, in the order [`signature`] writes them.
fn named_types<'d>(def: &'d TypeDef, out: &mut Vec<&'d str>) {
    fn walk<'d>(ty: &'d TypeRef, out: &mut Vec<&'d str>) {
        match ty {
            TypeRef::Named(name) => out.push(name),
            TypeRef::Array(inner) | TypeRef::Map(inner) => walk(inner, out),
            _ => {}
        }
    }
    match &def.kind {
        TypeKind::Struct(fields) => fields.iter().for_each(|f| walk(&f.ty, out)),
        TypeKind::Enum(_) => {}
        TypeKind::Alias(t) => walk(t, out),
        TypeKind::Union(variants) => variants.iter().for_each(|v| walk(&v.ty, out)),
        TypeKind::Tagged(tagged) => tagged.variants.iter().for_each(|v| walk(&v.ty, out)),
    }
}

/// Class ids by first occurrence of each signature.
fn classes<K: Ord>(signatures: Vec<K>) -> Vec<usize> {
    let mut ids: BTreeMap<K, usize> = BTreeMap::new();
    signatures
        .into_iter()
        .map(|s| {
            let next = ids.len();
            *ids.entry(s).or_insert(next)
        })
        .collect()
}

fn count(class: &[usize]) -> usize {
    class.iter().copied().max().map_or(0, |m| m + 1)
}

/// The group of a named type, or `None` for a name that is not a type of the module.
type ClassOf<'a> = &'a dyn Fn(&str) -> Option<usize>;

/// The shape of `def` as text; `class_of` gives the group of a named type (without it,
/// references are left out).
fn signature(def: &TypeDef, class_of: Option<ClassOf<'_>>) -> String {
    let ty = |t: &TypeRef| type_signature(t, class_of);
    match &def.kind {
        TypeKind::Struct(fields) => {
            let members: Vec<String> = fields
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{:?}:{}:{}:{}:{:?}",
                        f.name,
                        f.rust_name,
                        f.aliases,
                        ty(&f.ty),
                        f.required,
                        f.nullable,
                        f.validation
                    )
                })
                .collect();
            format!("struct({})", members.join(","))
        }
        TypeKind::Enum(variants) => {
            let members: Vec<String> = variants.iter().map(|v| format!("{}={}", v.rust_name, v.value)).collect();
            format!("enum({})", members.join(","))
        }
        TypeKind::Alias(t) => format!("alias({})", ty(t)),
        TypeKind::Union(variants) => {
            let members: Vec<String> = variants.iter().map(|v| format!("{}={}", v.rust_name, ty(&v.ty))).collect();
            format!("union({})", members.join(","))
        }
        TypeKind::Tagged(tagged) => {
            let members: Vec<String> = tagged.variants.iter().map(|v| format!("{}={}", v.rust_name, ty(&v.ty))).collect();
            format!("tagged({};{};{:?})", tagged.property, members.join(","), tagged.mapping)
        }
    }
}

fn type_signature(ty: &TypeRef, class_of: Option<ClassOf<'_>>) -> String {
    match ty {
        TypeRef::String => "string".into(),
        TypeRef::Integer(w) => format!("{w:?}"),
        TypeRef::Number => "number".into(),
        TypeRef::Boolean => "bool".into(),
        TypeRef::Json => "json".into(),
        TypeRef::Named(name) => match class_of {
            None => "#".into(),
            Some(f) => f(name).map_or_else(|| format!("named({name})"), |c| format!("#{c}")),
        },
        TypeRef::Array(inner) => format!("[{}]", type_signature(inner, class_of)),
        TypeRef::Map(inner) => format!("{{{}}}", type_signature(inner, class_of)),
        TypeRef::Custom(text) => format!("custom({text})"),
    }
}
