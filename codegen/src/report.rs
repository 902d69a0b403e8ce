//! The normalisation report: every change made to an input document before the typed parse.
//!
//! Nothing is changed silently. Each built-in pass and each overlay action records one
//! [`Change`] per node it touched; the report is printed by `cargo xtask codegen` and written into
//! the generated crate as `NORMALIZATION.md`.

use crate::diag::{Diagnostic, Location};

/// One change made to an input document.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Who made it: a built-in pass name (e.g. `downlevel`) or `overlay <file> action <i>`.
    pub source: String,
    /// The node that changed.
    pub location: Location,
    /// What changed, in one line.
    pub what: String,
}

/// Changes and warnings collected while normalising.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Every change, in the order made.
    pub changes: Vec<Change>,
    /// Every warning, in the order found.
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    /// Records a change made by `source` at `location`.
    pub fn change(&mut self, source: &str, location: Location, what: impl Into<String>) {
        self.changes.push(Change { source: source.to_string(), location, what: what.into() });
    }

    /// Records a warning at `location`.
    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Diagnostic::warning(location, message));
    }
}
