//! Normalisation: JSON → JSON passes that run between loading and the typed parse.
//!
//! Order: the overlays named in `codegen.toml` (site-specific fixes, in order), then the built-in
//! passes in [`PASSES`] order. Every pass is a small module with a doc comment naming the quirk it
//! repairs; every change is recorded in the [`Report`]. This stage knows JSON and the shape of
//! OpenAPI documents, never Rust.

pub mod callbacks;
pub mod dedupe_enums;
pub mod downlevel;
pub mod example_drift;
pub mod example_schemas;
pub mod examples;
pub mod idempotency;
pub mod integer_numbers;
pub mod limits;
pub mod near_duplicates;
pub mod overlay;
pub mod path_keys;
pub mod path_params;
mod ref_schemas;
pub mod refs;
pub mod structure;
pub mod untyped;
mod walk;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diag::Result;
use crate::report::Report;

/// The fields of a path item that hold operations.
pub(crate) const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A built-in pass: a name for the report and the function that runs it.
pub struct Pass {
    /// The name shown in the report, e.g. `downlevel`.
    pub name: &'static str,
    /// Runs the pass over the document read from `file`.
    pub run: fn(doc: &mut Value, file: &Path, report: &mut Report) -> Result<()>,
}

/// The built-in passes, in the order they run.
pub const PASSES: &[Pass] = &[
    Pass { name: structure::NAME, run: structure::run },
    Pass { name: callbacks::NAME, run: callbacks::run },
    Pass { name: path_keys::NAME, run: path_keys::run },
    // Before `untyped-placeholders`, which counts the positions examples gave no type.
    Pass { name: example_schemas::NAME, run: example_schemas::run },
    // Right after the overlays, which may have typed what the Postman importer could not.
    Pass { name: untyped::NAME, run: untyped::run },
    Pass { name: refs::NAME, run: refs::run },
    Pass { name: downlevel::NAME, run: downlevel::run },
    // After `downlevel`, which turns numeric `exclusiveMinimum`s into `minimum`s.
    Pass { name: limits::NAME, run: limits::run },
    Pass { name: dedupe_enums::NAME, run: dedupe_enums::run },
    Pass { name: path_params::NAME, run: path_params::run },
    // Read-only checks last, so their pointers name nodes of the final document.
    Pass { name: integer_numbers::NAME, run: integer_numbers::run },
    Pass { name: example_drift::NAME, run: example_drift::run },
    Pass { name: near_duplicates::NAME, run: near_duplicates::run },
];

/// Applies `overlays` (each with the file it came from), then every built-in pass.
pub fn normalise(doc: &mut Value, file: &Path, overlays: &[(PathBuf, Value)], report: &mut Report) -> Result<()> {
    for (overlay_file, overlay) in overlays {
        let first_new = report.changes.len();
        let first_warning = report.warnings.len();
        overlay::apply(doc, overlay, overlay_file, report).map_err(|e| e.in_pass(overlay::PASS))?;
        crate::diag::attribute(&mut report.warnings, first_warning, overlay::PASS);
        // The changed nodes are in the input document; the overlay is named in `source`.
        for change in &mut report.changes[first_new..] {
            change.location.file = file.to_path_buf();
        }
    }
    for pass in PASSES {
        let first_warning = report.warnings.len();
        crate::timing::timed(pass.name, || (pass.run)(doc, file, report)).map_err(|e| e.in_pass(pass.name))?;
        crate::diag::attribute(&mut report.warnings, first_warning, pass.name);
    }
    Ok(())
}
