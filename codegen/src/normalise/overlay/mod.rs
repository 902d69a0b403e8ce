//! OpenAPI Overlay Specification 1.0 and 1.1 (and the 1.2 draft, which has the same rules):
//! applying an Overlay document to a loaded description, as a JSON → JSON transform.
//!
//! This module owns everything about overlays: validating the Overlay document itself
//! ([`parse`]), the merge rules of `update` and `copy` ([`merge`]) and running the actions in
//! order against the document with RFC 9535 JSONPath targets ([`actions`], via `serde_json_path`).
//!
//! Project policy on top of the specification:
//! - **Strict by default.** The specification lets an action whose target selects nothing succeed
//!   silently; here it is an error (the upstream document probably changed and the patch is
//!   stale), unless [`OverlayOptions::strict`] is off, in which case it is a warning.
//! - **Every change is reported**: one [`Report::change`] per node an action touches, with source
//!   `overlay <file name> action <index>` (0-based, as in the `/actions/<index>` pointer).
//! - **All or nothing.** The overlay is validated and all its queries compiled before any action
//!   runs, and the document and report are only changed if every action succeeds.

pub mod actions;
pub mod merge;
pub mod parse;

#[cfg(test)]
mod conformance_tests;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_json::Value;

use crate::diag::{Location, Result};
use crate::report::Report;

pub use parse::{Action, Operation, Overlay, Version};

/// The pass name of overlay diagnostics (`--message-format json`, warning groups).
pub const PASS: &str = "overlay";

/// How strictly an overlay is applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayOptions {
    /// When true (the default), an action whose target selects no node is an error; when false,
    /// it is a warning and the action is skipped.
    pub strict: bool,
}

impl Default for OverlayOptions {
    fn default() -> Self {
        OverlayOptions { strict: true }
    }
}

/// Applies the overlay document `overlay` (read from `overlay_file`) to `doc`, in action order,
/// with the default (strict) options.
pub fn apply(doc: &mut Value, overlay: &Value, overlay_file: &Path, report: &mut Report) -> Result<()> {
    apply_with(doc, overlay, overlay_file, &OverlayOptions::default(), report)
}

/// Applies the overlay document `overlay` (read from `overlay_file`) to `doc`, in action order.
///
/// Errors name `overlay_file` and the JSON pointer into the overlay document of the offending
/// field (e.g. `/actions/3/target`). On error, `doc` and `report` are left unchanged.
pub fn apply_with(
    doc: &mut Value,
    overlay: &Value,
    overlay_file: &Path,
    options: &OverlayOptions,
    report: &mut Report,
) -> Result<()> {
    let parsed = parse::parse(overlay, overlay_file)?;
    let compiled = actions::compile(&parsed, overlay_file)?;
    let mut work = doc.clone();
    let mut local = Report::default();
    if parsed.version == Version::V1_2 {
        local.warn(
            Location::new(overlay_file, "/overlay"),
            "Overlay 1.2 is a draft; it is applied with the rules of 1.1",
        );
    }
    actions::run(&mut work, &parsed, &compiled, overlay_file, options, &mut local)?;
    *doc = work;
    report.changes.extend(local.changes);
    report.warnings.extend(local.warnings);
    Ok(())
}
