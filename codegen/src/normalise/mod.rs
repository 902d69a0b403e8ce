//! Normalisation: JSON → JSON passes run before the typed parse, each reported.

pub mod overlay;
