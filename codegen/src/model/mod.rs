//! The intermediate model: modules, operations and types with final Rust names.
