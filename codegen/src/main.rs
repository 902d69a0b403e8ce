//! The `codegen` command line.
fn main() {}
