//! The whole run: configuration → load → normalise → model → emit.

/// The generated crate, in memory.
pub struct Generated;

/// Generates the crate.
pub fn generate() {}
