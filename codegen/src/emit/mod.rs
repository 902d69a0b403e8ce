//! Emission: model → Rust source and crate files.
