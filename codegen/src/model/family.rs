//! The names of families of merged inline types (see [`super::dedupe`]).
//!
//! Inline schemas are named after their use site (`DeleteTeammateNotFoundBody`,
//! `InviteTeammateBadRequestBodyErrorsItem`). When several merge into one type, the name must
//! say what they have in common, and should not change when one operation is added or removed.
//! Families used as bodies are named first, then families used through fields, parents before
//! children (so a child's fallback can use its parent's new name). The rule, first match wins:
//!
//! 1. a member named in the document (`x-rust-name`) keeps that name;
//! 2. used only as the body of error responses (non-2xx): `ErrorBody` for the family that the
//!    most operations answer with; another such family used by one operation only is
//!    `{Operation}ErrorBody`;
//! 3. used only through fields of one JSON name `p`: `p` in PascalCase — singular and with `Item`
//!    for array items (`errors` → `ErrorItem`), with `Value` for map values; if that is taken,
//!    prefixed with the parent's name without a trailing `ErrorBody`, `Body`, `Response` or
//!    `Request` (`ListScopeErrorBody` → `ListScopeErrorItem`);
//! 4. the longest common suffix of the members' names, in whole words, when it has at least two
//!    words (`ListTeammateResponse` + `GetTeammateResponse` → `TeammateResponse`);
//! 5. otherwise the first member's name.
//!
//! A candidate already used by another type or call in the module falls through to the next
//! rule, so names stay unique.

use std::collections::{BTreeMap, BTreeSet};

use super::dedupe::Group;
use super::names::{pascal_case, pascal_part};
use super::uses::{Use, Via};
use super::TypeDef;

/// Names the families of one module, keeping track of the names taken.
pub struct FamilyNames<'a> {
    uses: &'a BTreeMap<String, Vec<Use>>,
    taken: BTreeSet<String>,
    explicit: BTreeSet<String>,
    /// Old name → new name, for the families named so far (and groups that keep a component).
    renamed: BTreeMap<String, String>,
}

impl<'a> FamilyNames<'a> {
    /// `uses`: every use of every type of the module, by type name; `taken`: the names in use
    /// in the module's type namespace; `explicit`: inline types named by `x-rust-name`.
    pub fn new(uses: &'a BTreeMap<String, Vec<Use>>, taken: BTreeSet<String>, explicit: BTreeSet<String>) -> Self {
        FamilyNames { uses, taken, explicit, renamed: BTreeMap::new() }
    }

    /// The name of each group's kept type (`None`: keep the kept member's name).
    pub fn names(&mut self, types: &[TypeDef], groups: &[Group]) -> Vec<Option<String>> {
        let mut out: Vec<Option<String>> = vec![None; groups.len()];
        for g in groups.iter().filter(|g| g.keeps_component(types)) {
            let kept = types[g.kept].name.clone();
            for &m in &g.members {
                self.renamed.insert(types[m].name.clone(), kept.clone());
            }
        }
        let named: Vec<usize> = (0..groups.len()).filter(|&i| !groups[i].keeps_component(types)).collect();
        let uses_of = |g: &Group| -> Vec<&'a Use> {
            g.members.iter().flat_map(|&m| self.uses.get(&types[m].name).into_iter().flatten()).collect()
        };
        let through_fields = |uses: &[&Use]| uses.iter().any(|u| matches!(u, Use::Field { .. }));
        // Bodies first, the family answering the most operations first.
        let mut bodies: Vec<(usize, usize)> = named
            .iter()
            .filter(|&&i| !through_fields(&uses_of(&groups[i])))
            .map(|&i| (i, operations(&uses_of(&groups[i])).len()))
            .collect();
        bodies.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // Then families used through fields: each after its parents, children of the families
        // named earliest first (the children of `ErrorBody` before those of another error body).
        let mut pending: Vec<usize> = named.iter().copied().filter(|&i| through_fields(&uses_of(&groups[i]))).collect();
        let mut order: Vec<usize> = bodies.iter().map(|(i, _)| *i).collect();
        for &i in &order {
            let name = self.name(types, &groups[i]);
            self.record(types, &groups[i], name.clone());
            out[i] = name;
        }
        let group_of: BTreeMap<&str, usize> =
            groups.iter().enumerate().flat_map(|(gi, g)| g.members.iter().map(move |&m| (types[m].name.as_str(), gi))).collect();
        while !pending.is_empty() {
            let parents_of = |gi: usize| -> Vec<&str> {
                uses_of(&groups[gi])
                    .into_iter()
                    .filter_map(|u| match u {
                        Use::Field { parent, .. } => Some(parent.as_str()),
                        _ => None,
                    })
                    .collect()
            };
            let rank = |gi: usize| -> (bool, usize, usize) {
                let parents = parents_of(gi);
                let waiting = parents.iter().any(|p| group_of.get(p).is_some_and(|pg| *pg != gi && pending.contains(pg)));
                let parent_rank = parents
                    .iter()
                    .filter_map(|p| group_of.get(p))
                    .filter_map(|pg| order.iter().position(|o| o == pg))
                    .min()
                    .unwrap_or(usize::MAX);
                (waiting, parent_rank, groups[gi].members[0])
            };
            let Some(pos) = (0..pending.len()).min_by_key(|&k| rank(pending[k])) else { break };
            let i = pending.remove(pos);
            let name = self.name(types, &groups[i]);
            self.record(types, &groups[i], name.clone());
            out[i] = name;
            order.push(i);
        }
        out
    }

    /// Remembers the new name of every member of `group`.
    fn record(&mut self, types: &[TypeDef], group: &Group, name: Option<String>) {
        let kept = name.unwrap_or_else(|| types[group.kept].name.clone());
        for &m in &group.members {
            self.renamed.insert(types[m].name.clone(), kept.clone());
        }
    }

    fn name(&mut self, types: &[TypeDef], group: &Group) -> Option<String> {
        let names: Vec<&str> = group.members.iter().map(|&i| types[i].name.as_str()).collect();
        if let Some(explicit) = names.iter().find(|n| self.explicit.contains(**n)) {
            return Some(explicit.to_string());
        }
        let uses: Vec<&Use> = names.iter().flat_map(|n| self.uses.get(*n).into_iter().flatten()).collect();
        let mut candidates: Vec<String> = Vec::new();
        if all_error_bodies(&uses) {
            candidates.push("ErrorBody".into());
            if let [op] = operations(&uses).as_slice() {
                candidates.push(format!("{}ErrorBody", pascal_part(op)));
            }
        }
        if let Some((property, via, parents)) = one_property(&uses) {
            let base = match via {
                Via::Direct => pascal_part(property),
                Via::Item => format!("{}Item", pascal_part(&singular(property))),
                Via::MapValue => format!("{}Value", pascal_part(property)),
            };
            let mut new_parents: Vec<&str> = parents.iter().map(|p| self.renamed.get(*p).map_or(*p, String::as_str)).collect();
            new_parents.dedup();
            let qualified = match new_parents.as_slice() {
                [parent] => stem(parent).map(|stem| format!("{stem}{base}")),
                _ => None,
            };
            candidates.push(base);
            candidates.extend(qualified);
        }
        candidates.extend(common_suffix(&names));
        for candidate in candidates {
            let candidate = pascal_case(&candidate);
            if !self.taken.contains(&candidate) || names.contains(&candidate.as_str()) {
                self.taken.insert(candidate.clone());
                return Some(candidate);
            }
        }
        None
    }
}

/// Whether every use is the body of a non-2xx response.
fn all_error_bodies(uses: &[&Use]) -> bool {
    !uses.is_empty() && uses.iter().all(|u| matches!(u, Use::Response { status, via: Via::Direct, .. } if !status.is_success()))
}

/// The distinct operations (method names) among `uses`, in order.
fn operations<'u>(uses: &[&'u Use]) -> Vec<&'u str> {
    let mut out: Vec<&str> = Vec::new();
    for u in uses {
        if let Use::Request { op, .. } | Use::Response { op, .. } | Use::Param { op, .. } = u {
            if !out.contains(&op.as_str()) {
                out.push(op);
            }
        }
    }
    out
}

/// The one JSON property (and how) through which every use reaches the type, with the distinct
/// parent types; `None` if there are other uses or several properties.
fn one_property<'u>(uses: &[&'u Use]) -> Option<(&'u str, Via, Vec<&'u str>)> {
    let mut found: Option<(&str, Via)> = None;
    let mut parents: Vec<&str> = Vec::new();
    for u in uses {
        let Use::Field { parent, property, via } = u else { return None };
        match found {
            None => found = Some((property, *via)),
            Some(f) if f == (property.as_str(), *via) => {}
            Some(_) => return None,
        }
        if !parents.contains(&parent.as_str()) {
            parents.push(parent);
        }
    }
    found.map(|(p, v)| (p, v, parents))
}

/// A parent's name without a trailing `ErrorBody`, `Body`, `Response` or `Request`; `None` when
/// nothing would be left.
fn stem(name: &str) -> Option<&str> {
    let stripped = ["ErrorBody", "Body", "Response", "Request"].iter().find_map(|suffix| name.strip_suffix(suffix)).unwrap_or(name);
    (!stripped.is_empty()).then_some(stripped)
}

/// Rule 4.
fn common_suffix(names: &[&str]) -> Option<String> {
    let split: Vec<Vec<String>> = names.iter().map(|n| words(n)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let mut common = 0;
    while common < shortest {
        let word = &split[0][split[0].len() - 1 - common];
        if split.iter().all(|w| &w[w.len() - 1 - common] == word) {
            common += 1;
        } else {
            break;
        }
    }
    let first = &split[0];
    (common >= 2 && common < first.len()).then(|| first[first.len() - common..].concat())
}

/// The PascalCase words of a name (`ListTeammateResponse` → `List`, `Teammate`, `Response`;
/// digits stay with the word before them).
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        match out.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => out.push(c.to_string()),
        }
    }
    out
}

/// `errors` → `error`, `addresses` → `address`, `entries` → `entry`; other words unchanged.
pub fn singular(word: &str) -> String {
    if let Some(stem) = word.strip_suffix("ies").filter(|s| !s.is_empty()) {
        return format!("{stem}y");
    }
    for ending in ["sses", "xes", "ches", "shes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    match word.strip_suffix('s') {
        Some(stem) if !stem.is_empty() && !["s", "u", "i"].iter().any(|e| stem.ends_with(e)) => stem.to_string(),
        _ => word.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("errors"), "error");
        assert_eq!(singular("addresses"), "address");
        assert_eq!(singular("entries"), "entry");
        assert_eq!(singular("status"), "status");
        assert_eq!(singular("access"), "access");
        assert_eq!(singular("subuser_access"), "subuser_access");
    }

    #[test]
    fn common_suffixes() {
        assert_eq!(common_suffix(&["ListTeammateResponse", "GetTeammateResponse"]).as_deref(), Some("TeammateResponse"));
        assert_eq!(common_suffix(&["AResponse", "BResponse"]), None, "one word is too generic");
        assert_eq!(common_suffix(&["Pet", "Pet"]), None);
    }
}
