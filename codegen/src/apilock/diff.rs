//! Two API locks → the list of changes to the generated crate's public API, each classified as
//! breaking or not under Cargo's semver rules.
//!
//! The rules follow the shape of the generated code: required parameters and the body are
//! positional arguments of the operation's method; every struct has a `new` constructor that
//! takes its required fields; enums have an `Unknown` catch-all; unions are exhaustive. So a new
//! optional parameter or field is non-breaking, a new required one is breaking (on every struct,
//! since `new` gains an argument); removals and type changes are breaking; a new enum variant is
//! not (values were already decoded, as `Unknown`); changes seen only on the wire (a route, a
//! JSON name, an enum value) are reported as non-breaking.

use std::collections::BTreeMap;
use std::fmt;

use super::renames::{apply, operation_renames, route, type_renames};
use super::{ApiLock, FieldLock, ModuleLock, OperationLock, TypeLock, VariantLock};


/// Old type name → new type name, for the types renamed in one module.
type Renames = BTreeMap<String, String>;

/// What kind of change an [`ApiChange`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// A module appeared.
    ModuleAdded,
    /// A module disappeared (its operations and types with it).
    ModuleRemoved,
    /// An operation appeared.
    OperationAdded,
    /// An operation disappeared.
    OperationRemoved,
    /// The same method and path now have a different method name.
    OperationRenamed,
    /// The method name is the same but the HTTP method or path changed.
    OperationRouteChanged,
    /// A parameter appeared.
    ParamAdded,
    /// A parameter disappeared.
    ParamRemoved,
    /// A parameter's type changed.
    ParamRetyped,
    /// A parameter became required or optional.
    ParamRequiredChanged,
    /// A parameter moved between path, query and header.
    ParamMoved,
    /// The required (positional) parameters are in a different order.
    ParamsReordered,
    /// The request body appeared, disappeared or changed type.
    BodyChanged,
    /// The success type changed.
    SuccessChanged,
    /// A path parameter has a new name (callers pass it by position, so nothing breaks).
    ParamRenamed,
    /// A variant of the operation's error enum appeared (the enum is `#[non_exhaustive]`).
    ErrorVariantAdded,
    /// A variant of the operation's error enum disappeared.
    ErrorVariantRemoved,
    /// The body type a variant of the operation's error enum carries changed.
    ErrorVariantRetyped,
    /// A named type appeared.
    TypeAdded,
    /// A named type disappeared.
    TypeRemoved,
    /// A named type has a new name (it plays the same part: see [`super::renames`]).
    TypeRenamed,
    /// Several named types are now one (same-shaped types merged; see [`super::renames`]).
    TypesMerged,
    /// A named type changed kind (struct, enum, alias, union) or alias target.
    TypeChanged,
    /// A struct field appeared.
    FieldAdded,
    /// A struct field disappeared.
    FieldRemoved,
    /// A struct field's type changed.
    FieldRetyped,
    /// A struct field became optional or required.
    FieldOptionalityChanged,
    /// A struct field's JSON name changed (the Rust name did not).
    FieldWireRenamed,
    /// An enum variant or union alternative appeared.
    VariantAdded,
    /// An enum variant or union alternative disappeared.
    VariantRemoved,
    /// An enum variant's wire value or a union alternative's type or order changed.
    VariantChanged,
    /// The statuses an operation accepts as success changed (its success type did not).
    SuccessStatusChanged,
    /// A `Region` variant appeared (the enum is `#[non_exhaustive]`).
    RegionAdded,
    /// A `Region` variant disappeared (or was renamed).
    RegionRemoved,
    /// A `Region` variant has another base URL.
    RegionChanged,
    /// A builder method of the API (a client-wide header default) appeared.
    BuilderMethodAdded,
    /// A builder method of the API disappeared.
    BuilderMethodRemoved,
    /// A builder method of the API sets another header.
    BuilderMethodChanged,
    /// Operations now send credentials of a kind none sent before.
    CredentialAdded,
    /// No operation sends credentials of this kind any more.
    CredentialRemoved,
    /// A cargo feature appeared.
    FeatureAdded,
    /// A cargo feature disappeared.
    FeatureRemoved,
    /// A public item of the runtime (client, builder, errors, hooks, streams) appeared.
    RuntimeItemAdded,
    /// A public item of the runtime disappeared.
    RuntimeItemRemoved,
    /// A public item of the runtime has another signature or shape.
    RuntimeItemChanged,
}

/// One change to the public API.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiChange {
    /// What kind of change it is.
    pub kind: ChangeKind,
    /// What changed, as a Rust path: `module::operation`, `module::operation(param)`,
    /// `module::Type`, `module::Type.field` or `module::Type::Variant`.
    pub path: String,
    /// Whether code using the old crate may stop compiling.
    pub breaking: bool,
    /// What happened, in one line.
    pub description: String,
}

impl fmt::Display for ApiChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.path, self.description)
    }
}

/// The changes from `old` to `new`: the client's regions, builder methods, credentials and
/// features first, then modules in name order, operations before types.
pub fn diff(old: &ApiLock, new: &ApiLock) -> Vec<ApiChange> {
    let mut out = Changes::default();
    // Locks written before the client part was recorded compare nothing there.
    if let (Some(a), Some(b)) = (&old.client, &new.client) {
        out.0.extend(super::client::changes(a, b));
        // Locks written before the runtime was recorded compare nothing there.
        if let (Some(a), Some(b)) = (&a.runtime, &b.runtime) {
            out.0.extend(super::runtime::changes(a, b));
        }
    }
    for (name, module) in &old.modules {
        match new.modules.get(name) {
            None => out.push(ChangeKind::ModuleRemoved, name, true, format!("module removed ({} operations, {} types)", module.operations.len(), module.types.len())),
            Some(new_module) => {
                let op_renames = operation_renames(module, new_module);
                let renamed_types = type_renames(module, new_module, &op_renames);
                let cmp = Cmp { renames: &renamed_types, old: &module.types, new: &new_module.types };
                operations(&mut out, name, module, new_module, &op_renames, &cmp);
                types(&mut out, name, &module.types, &new_module.types, &cmp);
            }
        }
    }
    for (name, module) in new.modules.iter().filter(|(n, _)| !old.modules.contains_key(*n)) {
        out.push(ChangeKind::ModuleAdded, name, false, format!("module added ({} operations, {} types)", module.operations.len(), module.types.len()));
    }
    out.0
}

#[derive(Default)]
struct Changes(Vec<ApiChange>);

/// How the type texts of one module's old lock compare with its new lock's.
struct Cmp<'a> {
    /// Old type name → new type name.
    renames: &'a Renames,
    /// The module's types in the old lock.
    old: &'a BTreeMap<String, TypeLock>,
    /// The module's types in the new lock.
    new: &'a BTreeMap<String, TypeLock>,
}

impl Cmp<'_> {
    /// Whether `old` (a type text of the old lock) and `new` are the same Rust type: renamed
    /// names mapped, and every alias read as its target (a field typed `bool` that is now typed
    /// `Valid`, with `pub type Valid = bool`, did not change).
    fn same(&self, old: &str, new: &str) -> bool {
        apply(old, self.renames) == new || apply(&expand_aliases(old, self.old, 0), self.renames) == expand_aliases(new, self.new, 0)
    }
}

/// `text` with every name of an alias in `types` replaced by the alias's target, recursively
/// (at most 8 levels: aliases of aliases, never a cycle).
fn expand_aliases(text: &str, types: &BTreeMap<String, TypeLock>, depth: usize) -> String {
    if depth > 8 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        match types.get(&word) {
            Some(TypeLock::Alias { target }) => out.push_str(&expand_aliases(target, types, depth + 1)),
            _ => out.push_str(&word),
        }
        word.clear();
        out.push(c);
    }
    out.pop();
    out
}

impl Changes {
    fn push(&mut self, kind: ChangeKind, path: &str, breaking: bool, description: String) {
        self.0.push(ApiChange { kind, path: path.to_string(), breaking, description });
    }
}

fn operations(
    out: &mut Changes,
    module: &str,
    old: &ModuleLock,
    new: &ModuleLock,
    op_renames: &[(String, String)],
    cmp: &Cmp<'_>,
) {
    for (name, op) in old.operations.iter().filter(|(k, _)| !new.operations.contains_key(*k)) {
        match op_renames.iter().find(|(from, _)| from == name) {
            Some((_, new_name)) => {
                let path = format!("{module}::{new_name}");
                out.push(ChangeKind::OperationRenamed, &path, true, format!("operation renamed from `{name}` ({})", route(op)));
                operation(out, &path, op, &new.operations[new_name], cmp);
            }
            None => out.push(ChangeKind::OperationRemoved, &format!("{module}::{name}"), true, format!("operation removed ({})", route(op))),
        }
    }
    for (name, op) in new.operations.iter().filter(|(k, _)| !old.operations.contains_key(*k)) {
        if !op_renames.iter().any(|(_, to)| to == name) {
            out.push(ChangeKind::OperationAdded, &format!("{module}::{name}"), false, format!("operation added ({})", route(op)));
        }
    }
    for (name, op) in &old.operations {
        if let Some(new_op) = new.operations.get(name) {
            operation(out, &format!("{module}::{name}"), op, new_op, cmp);
        }
    }
}

fn operation(out: &mut Changes, path: &str, old: &OperationLock, new: &OperationLock, cmp: &Cmp<'_>) {
    if route_shape(old) != route_shape(new) {
        out.push(ChangeKind::OperationRouteChanged, path, false, format!("route changed from {} to {}", route(old), route(new)));
    }
    let mut renamed_params = path_param_renames(old, new);
    for (from, to) in &renamed_params {
        out.push(
            ChangeKind::ParamRenamed,
            &format!("{path}({to})"),
            false,
            format!("path parameter renamed from `{from}` ({} → {}); it is passed by position, so callers are unchanged", old.path, new.path),
        );
    }
    let positional: Vec<(String, String)> =
        positional_renames(old, new, cmp).into_iter().filter(|(from, _)| !renamed_params.iter().any(|(f, _)| f == from)).collect();
    for (from, to) in positional {
        out.push(
            ChangeKind::ParamRenamed,
            &format!("{path}({to})"),
            false,
            format!("argument renamed from `{from}` to `{to}` at the same position, with the same type; callers pass it by position, so they are unchanged"),
        );
        renamed_params.push((from, to));
    }
    for p in &old.params {
        let at = format!("{path}({})", p.name);
        let matched = renamed_params.iter().find(|(from, _)| *from == p.name).map_or(p.name.as_str(), |(_, to)| to.as_str());
        let Some(q) = new.params.iter().find(|q| q.name == matched) else {
            out.push(ChangeKind::ParamRemoved, &at, true, format!("parameter removed (`{}: {}` in {})", p.name, p.ty, p.location));
            continue;
        };
        if !cmp.same(&p.ty, &q.ty) {
            out.push(ChangeKind::ParamRetyped, &at, true, format!("parameter type changed from `{}` to `{}`", p.ty, q.ty));
        }
        if p.required != q.required {
            let now = if q.required { "required" } else { "optional" };
            out.push(ChangeKind::ParamRequiredChanged, &at, true, format!("parameter is now {now}"));
        }
        if p.location != q.location {
            out.push(ChangeKind::ParamMoved, &at, false, format!("parameter moved from {} to {}", p.location, q.location));
        }
    }
    for q in new.params.iter().filter(|q| !old.params.iter().any(|p| p.name == q.name) && !renamed_params.iter().any(|(_, to)| *to == q.name)) {
        let which = if q.required { "required" } else { "optional" };
        out.push(ChangeKind::ParamAdded, &format!("{path}({})", q.name), q.required, format!("{which} parameter added (`{}: {}` in {})", q.name, q.ty, q.location));
    }
    // Renamed path parameters count under their new names.
    let new_name = |name: &str| renamed_params.iter().find(|(from, _)| from == name).map_or(name.to_string(), |(_, to)| to.clone());
    let old_params: Vec<super::ParamLock> =
        old.params.iter().map(|p| super::ParamLock { name: new_name(&p.name), ..p.clone() }).collect();
    let positional = |params: &[super::ParamLock], other: &[super::ParamLock]| -> Vec<String> {
        params.iter().filter(|p| p.required && other.iter().any(|o| o.required && o.name == p.name)).map(|p| p.name.clone()).collect()
    };
    let (before, after) = (positional(&old_params, &new.params), positional(&new.params, &old_params));
    if before != after {
        out.push(ChangeKind::ParamsReordered, path, true, format!("required arguments reordered from ({}) to ({})", before.join(", "), after.join(", ")));
    }
    match (&old.body, &new.body) {
        (Some(a), Some(b)) if !cmp.same(a, b) => out.push(ChangeKind::BodyChanged, path, true, format!("body type changed from `{a}` to `{b}`")),
        (None, Some(b)) => out.push(ChangeKind::BodyChanged, path, true, format!("body added (`&{b}`)")),
        (Some(a), None) => out.push(ChangeKind::BodyChanged, path, true, format!("body removed (was `&{a}`)")),
        _ => {}
    }
    if !cmp.same(&old.success, &new.success) {
        out.push(ChangeKind::SuccessChanged, path, true, format!("success type changed from `{}` to `{}`", old.success, new.success));
    }
    if let (Some(a), Some(b)) = (&old.statuses, &new.statuses) {
        if a != b {
            let list = |statuses: &[String]| if statuses.is_empty() { "none".to_string() } else { statuses.join(", ") };
            out.push(
                ChangeKind::SuccessStatusChanged,
                path,
                false,
                format!("success status changed from {} to {}: the call now accepts {} as success", list(a), list(b), list(b)),
            );
        }
    }
    if let (Some(a), Some(b)) = (&old.errors, &new.errors) {
        error_variants(out, path, a, b, cmp);
    }
}

/// Changes to an operation's error enum: a removed variant or a new payload type breaks a
/// `match`; a new variant does not (the enum is `#[non_exhaustive]`).
fn error_variants(out: &mut Changes, path: &str, old: &[VariantLock], new: &[VariantLock], cmp: &Cmp<'_>) {
    for v in old {
        match new.iter().find(|w| w.name == v.name) {
            None => out.push(ChangeKind::ErrorVariantRemoved, path, true, format!("error variant `{}` removed (it carried `{}`)", v.name, v.value)),
            Some(w) if !cmp.same(&v.value, &w.value) => out.push(
                ChangeKind::ErrorVariantRetyped,
                path,
                true,
                format!("error variant `{}` now carries `{}` instead of `{}`", v.name, w.value, v.value),
            ),
            Some(_) => {}
        }
    }
    for w in new.iter().filter(|w| !old.iter().any(|v| v.name == w.name)) {
        out.push(ChangeKind::ErrorVariantAdded, path, false, format!("error variant `{}` added (carrying `{}`)", w.name, w.value));
    }
}

/// The route with its path parameters' names left out (`GET /v3/lists/{}`).
fn route_shape(op: &OperationLock) -> String {
    super::renames::route_shape(op)
}

/// Path parameters renamed between two versions of one operation: the names at the same place
/// of a path whose shape did not change, when the old name is gone and the new one is new.
fn path_param_renames(old: &OperationLock, new: &OperationLock) -> Vec<(String, String)> {
    if route_shape(old) != route_shape(new) {
        return Vec::new();
    }
    let names = |path: &str| -> Vec<String> {
        path.split('{').skip(1).filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string())).collect()
    };
    let in_path = |op: &OperationLock, wire: &str| -> Option<String> {
        op.params.iter().find(|p| p.location == "path" && (p.name == wire || p.name == crate::model::snake_case(wire))).map(|p| p.name.clone())
    };
    names(&old.path)
        .iter()
        .zip(names(&new.path))
        .filter(|(a, b)| **a != *b)
        .filter_map(|(a, b)| {
            let (from, to) = (in_path(old, a)?, in_path(new, &b)?);
            let gone = !new.params.iter().any(|p| p.name == from);
            let fresh = !old.params.iter().any(|p| p.name == to);
            (gone && fresh).then_some((from, to))
        })
        .collect()
}

/// Required arguments renamed in place: the same number of positional arguments, and at one
/// position an old name that is gone and a new one that is new, with the same type. (A path
/// parameter whose Rust name needed a suffix, `list_id2` beside a query `list_id`, is found
/// here when upstream renames it.)
fn positional_renames(old: &OperationLock, new: &OperationLock, cmp: &Cmp<'_>) -> Vec<(String, String)> {
    let positional = |op: &OperationLock| op.params.iter().filter(|p| p.required).cloned().collect::<Vec<super::ParamLock>>();
    let (before, after) = (positional(old), positional(new));
    if before.len() != after.len() {
        return Vec::new();
    }
    before
        .iter()
        .zip(&after)
        .filter(|(p, q)| p.name != q.name && cmp.same(&p.ty, &q.ty))
        .filter(|(p, q)| !new.params.iter().any(|n| n.name == p.name) && !old.params.iter().any(|o| o.name == q.name))
        .map(|(p, q)| (p.name.clone(), q.name.clone()))
        .collect()
}

fn types(out: &mut Changes, module: &str, old: &BTreeMap<String, TypeLock>, new: &BTreeMap<String, TypeLock>, cmp: &Cmp<'_>) {
    let renames = cmp.renames;
    // Target → the old types that became it.
    let mut sources: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (from, to) in renames {
        sources.entry(to).or_default().push(from);
    }
    for (name, ty) in old {
        let path = format!("{module}::{name}");
        if let Some(new_name) = renames.get(name) {
            let family = &sources[new_name];
            let new_path = format!("{module}::{new_name}");
            let merged = family.len() > 1 || old.contains_key(new_name);
            if !merged {
                out.push(ChangeKind::TypeRenamed, &new_path, true, format!("{} renamed from `{name}`", ty.kind_name()));
            } else if family.first() == Some(&name) {
                let names: Vec<String> = family.iter().map(|n| format!("`{n}`")).collect();
                let what = if old.contains_key(new_name) { "merged into it" } else { "merged into this new type" };
                out.push(
                    ChangeKind::TypesMerged,
                    &new_path,
                    true,
                    format!("{} same-shaped types {what}: {}", family.len(), names.join(", ")),
                );
            }
            if let (Some(new_ty), false) = (new.get(new_name), merged && family.first() != Some(&name)) {
                if !old.contains_key(new_name) {
                    type_change(out, &new_path, ty, new_ty, cmp);
                }
            }
            continue;
        }
        match new.get(name) {
            None => out.push(ChangeKind::TypeRemoved, &path, true, format!("{} removed", ty.kind_name())),
            // A struct that became an alias of a struct with the same fields still works everywhere
            // it was used (constructor, setters, fields): only its definition moved.
            Some(TypeLock::Alias { target }) if new.get(target).is_some_and(|t| super::renames::same_shape(ty, t, renames)) => {
                out.push(ChangeKind::TypeChanged, &path, false, format!("now an alias of `{target}`, which has the same fields"));
            }
            Some(new_ty) => type_change(out, &path, ty, new_ty, cmp),
        }
    }
    // A new alias is a new name for a type that was already there (a schema moved into a
    // component: `{type: boolean}` → `$ref: Valid`), not new API: not reported.
    for (name, ty) in new.iter().filter(|(n, t)| !old.contains_key(*n) && !sources.contains_key(n) && !matches!(t, TypeLock::Alias { .. })) {
        out.push(ChangeKind::TypeAdded, &format!("{module}::{name}"), false, format!("{} added", ty.kind_name()));
    }
}

fn type_change(out: &mut Changes, path: &str, old: &TypeLock, new: &TypeLock, cmp: &Cmp<'_>) {
    match (old, new) {
        (TypeLock::Struct { fields: a }, TypeLock::Struct { fields: b }) => struct_fields(out, path, a, b, cmp),
        (TypeLock::Enum { variants: a }, TypeLock::Enum { variants: b }) => variants(out, path, a, b, false, cmp),
        (TypeLock::Union { variants: a }, TypeLock::Union { variants: b }) => variants(out, path, a, b, true, cmp),
        (TypeLock::Alias { target: a }, TypeLock::Alias { target: b }) if !cmp.same(a, b) => {
            out.push(ChangeKind::TypeChanged, path, true, format!("alias target changed from `{a}` to `{b}`"));
        }
        (TypeLock::Alias { .. }, TypeLock::Alias { .. }) => {}
        _ => out.push(ChangeKind::TypeChanged, path, true, format!("changed from {} to {}", old.kind_name(), new.kind_name())),
    }
}

fn struct_fields(out: &mut Changes, path: &str, old: &[FieldLock], new: &[FieldLock], cmp: &Cmp<'_>) {
    for f in old {
        let at = format!("{path}.{}", f.name);
        let Some(g) = new.iter().find(|g| g.name == f.name) else {
            out.push(ChangeKind::FieldRemoved, &at, true, format!("field removed (`{}`)", spell(f)));
            continue;
        };
        if !cmp.same(&f.ty, &g.ty) {
            out.push(ChangeKind::FieldRetyped, &at, true, format!("field type changed from `{}` to `{}`", f.ty, g.ty));
        }
        if f.optional != g.optional {
            let now = if g.optional { "optional (`Option`)" } else { "required" };
            out.push(ChangeKind::FieldOptionalityChanged, &at, true, format!("field is now {now}"));
        }
        if f.wire != g.wire {
            out.push(ChangeKind::FieldWireRenamed, &at, false, format!("JSON name changed from `{}` to `{}`", f.wire, g.wire));
        }
    }
    for g in new.iter().filter(|g| !old.iter().any(|f| f.name == g.name)) {
        let which = if g.optional { "optional" } else { "required" };
        out.push(ChangeKind::FieldAdded, &format!("{path}.{}", g.name), !g.optional, format!("{which} field added (`{}`)", spell(g)));
    }
}

fn spell(f: &FieldLock) -> String {
    if f.optional {
        format!("{}: Option<{}>", f.name, f.ty)
    } else {
        format!("{}: {}", f.name, f.ty)
    }
}

/// Enum variants (`union == false`: additions are absorbed by `Unknown`) or union alternatives
/// (exhaustive: every change is breaking, except a new decoding order).
fn variants(out: &mut Changes, path: &str, old: &[VariantLock], new: &[VariantLock], union: bool, cmp: &Cmp<'_>) {
    let what = if union { "alternative" } else { "variant" };
    for v in old {
        let at = format!("{path}::{}", v.name);
        match new.iter().find(|w| w.name == v.name) {
            None => out.push(ChangeKind::VariantRemoved, &at, true, format!("{what} removed (`{}`)", v.value)),
            Some(w) if !cmp.same(&v.value, &w.value) && union => {
                out.push(ChangeKind::VariantChanged, &at, true, format!("alternative type changed from `{}` to `{}`", v.value, w.value));
            }
            Some(w) if w.value != v.value => {
                out.push(ChangeKind::VariantChanged, &at, false, format!("wire value changed from `{}` to `{}`", v.value, w.value));
            }
            Some(_) => {}
        }
    }
    for w in new.iter().filter(|w| !old.iter().any(|v| v.name == w.name)) {
        out.push(ChangeKind::VariantAdded, &format!("{path}::{}", w.name), union, format!("{what} added (`{}`)", w.value));
    }
    let order = |list: &[VariantLock], other: &[VariantLock]| -> Vec<String> {
        list.iter().filter(|v| other.iter().any(|o| o.name == v.name)).map(|v| v.name.clone()).collect()
    };
    if union && order(old, new) != order(new, old) {
        out.push(ChangeKind::VariantChanged, path, false, "alternatives are tried in a different order".to_string());
    }
}
