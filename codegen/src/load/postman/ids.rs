//! Unique, stable operationIds.
//!
//! Each operationId comes from the request's own name only (`"Approve access request"` →
//! `ApproveAccessRequest`), so renaming one request never renames another. When two requests
//! give the same id, the first in collection order keeps it and each later one appends its own
//! method and path (`ApproveAccessRequestPatchV3ScopesRequestsRequestIdApprove`), with a warning
//! naming both items. Only if that is still taken (the same name, method and path twice) does the
//! request's Postman `id` follow, and failing that a number counting only those exact duplicates.
//! A name without letters or digits gives an id made of method and path alone. Ids are compared
//! ignoring case and everything but letters and digits (`GetV2` and `Get_v2` collide), since
//! the generated method names are made from them.

use super::operation::Operation;
use super::text::{method_path_suffix, operation_id};
use crate::diag::Warnings;

/// Assigns an operationId to each operation (in order) and returns them.
pub fn assign(operations: &[(Operation, Option<String>)], warnings: &mut Warnings) -> Vec<String> {
    let mut ids: Vec<String> = Vec::with_capacity(operations.len());
    for (i, (op, postman_id)) in operations.iter().enumerate() {
        let suffix = method_path_suffix(&op.method, &op.path);
        let base = operation_id(&op.name).unwrap_or_else(|| suffix.clone());
        let taken = |id: &str, ids: &[String]| ids.iter().any(|t| same(t, id));
        if !taken(&base, &ids) {
            ids.push(base);
            continue;
        }
        let first =
            ids.iter().position(|t| same(t, &base)).and_then(|at| operations.get(at)).map(|(o, _)| o);
        let mut id = if base == suffix { base.clone() } else { format!("{base}{suffix}") };
        if taken(&id, &ids) {
            if let Some(pid) = postman_id.as_deref().and_then(operation_id) {
                id = format!("{id}{pid}");
            }
        }
        let stem = id.clone();
        let mut n = 1;
        while taken(&id, &ids) {
            n += 1;
            id = format!("{stem}{n}");
        }
        if let Some(first) = first {
            let what = if first.name == op.name {
                format!(
                    "request name `{}` is also used by the request at {}",
                    op.name, first.loc.pointer
                )
            } else {
                format!(
                    "request name `{}` gives the operationId `{base}`, as does `{}` at {}",
                    op.name, first.name, first.loc.pointer
                )
            };
            warnings.push(op.loc.clone(), format!("{what}: this one becomes `{id}`"));
        }
        debug_assert!(i == ids.len());
        ids.push(id);
    }
    ids
}

/// Whether two ids give the same method name: equal ignoring case and non-alphanumerics.
fn same(a: &str, b: &str) -> bool {
    let key = |s: &str| s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect::<String>();
    key(a) == key(b)
}
