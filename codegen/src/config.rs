//! `specs/codegen.toml`: which inputs make which modules of which crate.
