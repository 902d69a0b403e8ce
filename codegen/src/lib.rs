//! A generator of typed Rust API clients from OpenAPI documents (3.0 and 3.1) and Postman
//! collections.
//!
//! Data flows one way: [`load`] (files → JSON values) → [`normalise`] (JSON → JSON, every change
//! reported) → [`model`] (typed OpenAPI → an intermediate model with final Rust names) →
//! [`emit`] (model → Rust source and crate files) → [`mod@write`] (atomic swap into the output
//! directory). See `ARCHITECTURE.md` at the repository root.

pub mod apilock;
pub mod cli;
pub mod config;
pub mod diag;
pub mod emit;
pub mod load;
pub mod model;
pub mod normalise;
pub mod parallel;
pub mod pipeline;
pub mod regen;
pub mod report;
pub mod timing;
pub mod warning_groups;
pub mod write;

pub use diag::{Diagnostic, Error, Location, Result, Severity};
pub use pipeline::{generate, generate_document, Generated};
