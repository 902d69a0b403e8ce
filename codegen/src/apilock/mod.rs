//! The API lock: a small, reviewable record of the public Rust API a run generated, and what
//! changed since the last run.
//!
//! [`ApiLock::from_api`] reduces the model to what a user of the generated crate can name
//! (modules; operations with their parameters, body, success type and error enum; types with
//! their fields and variants). It is written as `api.lock.json` beside the crate. On regeneration [`diff`]
//! compares the previous lock with the new one, [`semver`] turns the changes into a suggested
//! version bump, and [`changelog`] records them in `CHANGELOG.md`; `crate::regen` ties this to the
//! output directory (above the pipeline, which this stage is part of). This stage reads the model
//! only; nothing upstream depends on it.

pub mod changelog;
pub mod client;
pub mod diff;
mod format;
pub mod renames;
pub mod runtime;
pub mod semver;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::{Error, Location, Result};
use crate::emit::Files;
use crate::model::{Api, Module, Operation, ParamLocation, TypeDef, TypeKind, TypeRef};

pub use diff::{diff, ApiChange, ChangeKind};
pub use semver::{suggest, Bump, Impact, Suggestion};

/// The lock file's path, relative to the generated crate's root.
pub const LOCK_FILE: &str = "api.lock.json";

/// The changelog's path, relative to the generated crate's root.
pub const CHANGELOG_FILE: &str = "CHANGELOG.md";

/// The public API of a generated crate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiLock {
    /// The package name.
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// Regions, builder methods, credentials and features (`None` in locks written before they
    /// were recorded: nothing is compared then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client: Option<client::ClientLock>,
    /// The modules, by Rust name.
    pub modules: BTreeMap<String, ModuleLock>,
}

/// The public API of one module.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleLock {
    /// The operations, by method name on the module's API handle.
    pub operations: BTreeMap<String, OperationLock>,
    /// The named types, by Rust name.
    pub types: BTreeMap<String, TypeLock>,
}

/// One operation: its route and its Rust signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationLock {
    /// The HTTP method, e.g. `GET`.
    pub method: String,
    /// The path template, e.g. `/v3/scopes/requests/{request_id}`.
    pub path: String,
    /// The parameters in declaration order (required ones are positional arguments, in order).
    pub params: Vec<ParamLock>,
    /// The request body type, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// The success type (`()` when no success response has a body).
    pub success: String,
    /// The success statuses declared (`200`, `2XX`), which the call accepts; `None` in locks
    /// written before they were recorded (nothing is compared then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub statuses: Option<Vec<String>>,
    /// The operation's error enum: one variant per declared error status, with its payload type
    /// (`()` for a variant without a body). `None` in locks written before errors were recorded
    /// (nothing is compared then).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<VariantLock>>,
}

/// One parameter of an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamLock {
    /// The Rust name.
    pub name: String,
    /// `path`, `query` or `header`.
    #[serde(rename = "in")]
    pub location: String,
    /// Whether it is a required (positional) argument.
    pub required: bool,
    /// The Rust type.
    #[serde(rename = "type")]
    pub ty: String,
}

/// One named type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum TypeLock {
    /// A struct; fields sorted by Rust name.
    Struct {
        /// The fields.
        fields: Vec<FieldLock>,
    },
    /// A string enum with an `Unknown` catch-all; variants sorted by Rust name.
    Enum {
        /// The variants.
        variants: Vec<VariantLock>,
    },
    /// A type alias.
    Alias {
        /// The aliased Rust type.
        target: String,
    },
    /// An untagged union; alternatives in decoding order.
    Union {
        /// The alternatives.
        variants: Vec<VariantLock>,
    },
}

impl TypeLock {
    /// The kind's name, for messages.
    pub fn kind_name(&self) -> &'static str {
        match self {
            TypeLock::Struct { .. } => "struct",
            TypeLock::Enum { .. } => "enum",
            TypeLock::Alias { .. } => "alias",
            TypeLock::Union { .. } => "union",
        }
    }
}

/// One struct field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldLock {
    /// The Rust name.
    pub name: String,
    /// The JSON name.
    pub wire: String,
    /// The Rust type, without the `Option` of optional fields.
    #[serde(rename = "type")]
    pub ty: String,
    /// Whether the Rust field is an `Option`.
    pub optional: bool,
}

/// One enum variant (with its wire value) or union alternative (with its type).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariantLock {
    /// The Rust variant name.
    pub name: String,
    /// The wire value (enums) or the alternative's Rust type (unions).
    pub value: String,
}

impl ApiLock {
    /// The public API of `api`.
    pub fn from_api(api: &Api) -> ApiLock {
        let modules = api.modules.iter().map(|m| (m.name.clone(), module_lock(m))).collect();
        ApiLock { crate_name: api.crate_name.clone(), client: Some(client::client_lock(api)), modules }
    }

    /// The lock as pretty-printed JSON (one line per field, parameter or variant), with a final
    /// newline.
    pub fn to_json(&self) -> String {
        // Serialising plain strings, bools, vectors and string-keyed maps cannot fail.
        format::to_text(&serde_json::to_value(self).unwrap_or_default())
    }

    /// Parses a lock file's text; `path` names it in the error.
    pub fn parse(text: &str, path: &std::path::Path) -> Result<ApiLock> {
        serde_json::from_str(text)
            .map_err(|e| Error::input(Location::new(path, ""), format!("invalid API lock (delete it to start afresh): {e}")))
    }
}

/// Adds `api.lock.json` for `api` to `files`.
pub fn add_lock(files: &mut Files, api: &Api) {
    files.insert(LOCK_FILE.into(), ApiLock::from_api(api).to_json());
}

fn module_lock(module: &Module) -> ModuleLock {
    ModuleLock {
        operations: module.operations.iter().map(|op| (op.fn_name.clone(), operation_lock(op))).collect(),
        types: module.types.iter().map(|t| (t.name.clone(), type_lock(t))).collect(),
    }
}

fn operation_lock(op: &Operation) -> OperationLock {
    let params = op
        .params
        .iter()
        .map(|p| ParamLock {
            name: p.rust_name.clone(),
            location: match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
                ParamLocation::Cookie => "cookie",
            }
            .to_string(),
            required: p.required,
            ty: rust_type(&p.ty),
        })
        .collect();
    // The same rule as the emitter.
    let success = op.success_type().map_or_else(|| "()".to_string(), |t| rust_type(&t));
    let errors = op
        .failures()
        .map(|r| VariantLock { name: r.variant.clone(), value: r.ty.as_ref().map_or_else(|| "()".to_string(), rust_type) })
        .collect();
    let statuses = op
        .successes()
        .map(|r| match r.status {
            crate::model::Status::Code(code) => code.to_string(),
            crate::model::Status::Range(hundreds) => format!("{hundreds}XX"),
            crate::model::Status::Default => "default".to_string(),
        })
        .collect();
    OperationLock {
        method: op.method.as_str().to_string(),
        path: op.path.clone(),
        params,
        body: op.body.as_ref().map(|b| rust_type(&b.ty)),
        success,
        statuses: Some(statuses),
        errors: Some(errors),
    }
}

fn type_lock(def: &TypeDef) -> TypeLock {
    match &def.kind {
        TypeKind::Struct(fields) => {
            let mut fields: Vec<FieldLock> = fields
                .iter()
                .map(|f| FieldLock { name: f.rust_name.clone(), wire: f.name.clone(), ty: rust_type(&f.ty), optional: f.is_optional() })
                .collect();
            fields.sort_by(|a, b| a.name.cmp(&b.name));
            TypeLock::Struct { fields }
        }
        TypeKind::Enum(variants) => {
            let mut variants: Vec<VariantLock> =
                variants.iter().map(|v| VariantLock { name: v.rust_name.clone(), value: v.value.clone() }).collect();
            variants.sort_by(|a, b| a.name.cmp(&b.name));
            TypeLock::Enum { variants }
        }
        TypeKind::Alias(target) => TypeLock::Alias { target: rust_type(target) },
        TypeKind::Union(variants) | TypeKind::Tagged(crate::model::Tagged { variants, .. }) => TypeLock::Union {
            variants: variants.iter().map(|v| VariantLock { name: v.rust_name.clone(), value: rust_type(&v.ty) }).collect(),
        },
    }
}

/// A type as the generated code spells it (see [`TypeRef::rust_text`]).
pub fn rust_type(ty: &TypeRef) -> String {
    ty.rust_text()
}
