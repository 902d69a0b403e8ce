//! Recursive schemas: which fields (and union alternatives) must be boxed for the types to have a
//! finite size.
//!
//! A struct that contains itself, directly (`Node { parent: Option<Node> }`) or through other
//! types (`Person { employer: Company }`, `Company { ceo: Person }`), does not compile unless
//! some link of the cycle is a pointer. `Vec` and maps already are; a field or union alternative
//! holding a named type inline is not. [`box_cycles`] finds the strongly connected components of
//! the "holds inline" graph and boxes every struct field inside one; alternatives of unions are
//! boxed only where a cycle remains without any struct field (unions of unions), so matching on
//! unions stays plain in the common case.

use std::collections::HashMap;

use super::{TypeDef, TypeKind, TypeRef};

/// One "holds inline" link: the type at `from` holds `to` in member `member` (field or variant
/// index).
#[derive(Clone, Copy)]
struct Link {
    from: usize,
    member: usize,
    to: usize,
}

/// Marks `boxed` on every struct field and union alternative that closes a cycle of inline links.
pub fn box_cycles(types: &mut [TypeDef]) {
    let index: HashMap<&str, usize> = types.iter().enumerate().map(|(i, d)| (d.name.as_str(), i)).collect();
    let target = |ty: &TypeRef| match ty {
        TypeRef::Named(name) => index.get(name.as_str()).copied(),
        _ => None,
    };
    let (mut fields, mut alternatives, mut aliases) = (Vec::new(), Vec::new(), Vec::new());
    for (from, def) in types.iter().enumerate() {
        match &def.kind {
            TypeKind::Struct(fs) => fields.extend(fs.iter().enumerate().filter_map(|(member, f)| Some(Link { from, member, to: target(&f.ty)? }))),
            TypeKind::Union(vs) => {
                alternatives.extend(vs.iter().enumerate().filter_map(|(member, v)| Some(Link { from, member, to: target(&v.ty)? })))
            }
            TypeKind::Tagged(t) => alternatives
                .extend(t.variants.iter().enumerate().filter_map(|(member, v)| Some(Link { from, member, to: target(&v.ty)? }))),
            TypeKind::Alias(ty) => aliases.extend(target(ty).map(|to| Link { from, member: 0, to })),
            TypeKind::Enum(_) => {}
        }
    }
    // Pass 1: every inline link counts; struct fields inside a component are boxed.
    let component = components(types.len(), [&fields, &alternatives, &aliases]);
    let boxed_fields: Vec<&Link> = fields.iter().filter(|l| component[l.from] == component[l.to]).collect();
    // Pass 2: without the boxed fields, any cycle left runs through unions alone.
    let unboxed: Vec<Link> = fields.iter().filter(|l| component[l.from] != component[l.to]).copied().collect();
    let component2 = components(types.len(), [&unboxed, &alternatives, &aliases]);
    let boxed_alternatives: Vec<&Link> = alternatives.iter().filter(|l| component2[l.from] == component2[l.to]).collect();
    for link in boxed_fields {
        if let TypeKind::Struct(fs) = &mut types[link.from].kind {
            fs[link.member].boxed = true;
        }
    }
    for link in boxed_alternatives {
        match &mut types[link.from].kind {
            TypeKind::Union(vs) => vs[link.member].boxed = true,
            TypeKind::Tagged(t) => t.variants[link.member].boxed = true,
            _ => {}
        }
    }
}

/// The strongly connected component of every node (Kosaraju, without recursion so that long
/// chains of types cannot exhaust the stack).
fn components(n: usize, links: [&Vec<Link>; 3]) -> Vec<usize> {
    let mut forward = vec![Vec::new(); n];
    let mut backward = vec![Vec::new(); n];
    for link in links.into_iter().flatten() {
        forward[link.from].push(link.to);
        backward[link.to].push(link.from);
    }
    let mut visited = vec![false; n];
    let mut order = Vec::with_capacity(n);
    for start in 0..n {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&to) = forward[*node].get(*next) {
                *next += 1;
                if !visited[to] {
                    visited[to] = true;
                    stack.push((to, 0));
                }
            } else {
                order.push(*node);
                stack.pop();
            }
        }
    }
    let mut component = vec![usize::MAX; n];
    for (id, &start) in order.iter().rev().enumerate() {
        if component[start] != usize::MAX {
            continue;
        }
        component[start] = id;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &from in &backward[node] {
                if component[from] == usize::MAX {
                    component[from] = id;
                    stack.push(from);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;
    use crate::model::{Field, UnionVariant, Validation};

    fn field(name: &str, ty: TypeRef) -> Field {
        Field {
            name: name.into(),
            rust_name: name.into(),
            aliases: Vec::new(),
            ty,
            required: false,
            nullable: false,
            description: None,
            validation: Validation::default(),
            format: None,
            boxed: false,
        }
    }

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef { name: name.into(), description: None, location: Location::new("a.yaml", ""), kind, explicit_name: false, shared_as: None }
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    fn boxed_fields(types: &[TypeDef]) -> Vec<String> {
        let mut out = Vec::new();
        for d in types {
            match &d.kind {
                TypeKind::Struct(fs) => out.extend(fs.iter().filter(|f| f.boxed).map(|f| format!("{}.{}", d.name, f.name))),
                TypeKind::Union(vs) => out.extend(vs.iter().filter(|v| v.boxed).map(|v| format!("{}::{}", d.name, v.rust_name))),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn direct_and_mutual_recursion_box_the_struct_fields_only() {
        let mut types = vec![
            def("Node", TypeKind::Struct(vec![field("parent", named("Node")), field("children", TypeRef::Array(Box::new(named("Node"))))])),
            def("Person", TypeKind::Struct(vec![field("employer", named("Company")), field("pet", named("Pet"))])),
            def("Company", TypeKind::Struct(vec![field("ceo", named("Person"))])),
            def("Pet", TypeKind::Struct(vec![field("name", TypeRef::String)])),
            def("Expr", TypeKind::Union(vec![UnionVariant { rust_name: "Sum".into(), ty: named("Sum"), boxed: false }])),
            def("Sum", TypeKind::Struct(vec![field("left", named("Expr"))])),
        ];
        box_cycles(&mut types);
        assert_eq!(boxed_fields(&types), ["Node.parent", "Person.employer", "Company.ceo", "Sum.left"]);
    }

    #[test]
    fn a_cycle_of_unions_boxes_their_alternatives() {
        let variant = |to: &str| UnionVariant { rust_name: to.into(), ty: named(to), boxed: false };
        let mut types = vec![
            def("A", TypeKind::Union(vec![variant("B")])),
            def("B", TypeKind::Union(vec![variant("A"), variant("S")])),
            def("S", TypeKind::Struct(vec![field("b", named("B"))])),
        ];
        box_cycles(&mut types);
        assert_eq!(boxed_fields(&types), ["A::B", "B::A", "S.b"]);
    }
}
