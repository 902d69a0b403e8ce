//! Emission: the model → the files of the generated crate, in memory.
//!
//! Rust sources are built as token streams with `quote` and formatted with `prettyplease`; the
//! crate's `Cargo.toml` and `README.md` come from `askama` templates; the runtime module is copied
//! verbatim from `codegen/runtime/`. This stage knows Rust syntax, never OpenAPI.

mod client;
mod docs;
mod error_body;
mod examples;
mod hidden;
mod manifest;
mod mock;
mod op_tests;
mod op_tests_stream;
mod op_values;
mod replay;
mod operations;
mod samples;
mod sending;
mod streaming;
mod tokens;
mod types;
mod usage;
mod validate;
mod wire;

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::Result;
use crate::model::{Api, Module};
use crate::report::Report;
use tokens::{format_file, format_items, inner_doc};

/// The pass name of emission diagnostics (`--message-format json`).
pub const PASS: &str = "emit";

/// The files of the generated crate: path relative to the crate root → content.
pub type Files = BTreeMap<PathBuf, String>;

/// The runtime module, copied verbatim into `src/runtime/`.
const RUNTIME: &[(&str, &str)] = &[
    ("mod.rs", include_str!("../../runtime/mod.rs")),
    ("blocking.rs", include_str!("../../runtime/blocking.rs")),
    ("client.rs", include_str!("../../runtime/client.rs")),
    ("call.rs", include_str!("../../runtime/call.rs")),
    ("de.rs", include_str!("../../runtime/de.rs")),
    ("encode.rs", include_str!("../../runtime/encode.rs")),
    ("error.rs", include_str!("../../runtime/error.rs")),
    ("hooks.rs", include_str!("../../runtime/hooks.rs")),
    ("json_path.rs", include_str!("../../runtime/json_path.rs")),
    ("multipart.rs", include_str!("../../runtime/multipart.rs")),
    ("oauth.rs", include_str!("../../runtime/oauth.rs")),
    ("rate_limit.rs", include_str!("../../runtime/rate_limit.rs")),
    ("raw.rs", include_str!("../../runtime/raw.rs")),
    ("request.rs", include_str!("../../runtime/request.rs")),
    ("response.rs", include_str!("../../runtime/response.rs")),
    ("retry.rs", include_str!("../../runtime/retry.rs")),
    ("validate.rs", include_str!("../../runtime/validate.rs")),
];

/// The runtime's streamed bodies, copied when the API streams something.
const STREAM: &str = include_str!("../../runtime/stream.rs");
/// The runtime's server-sent events, copied when the API answers with event streams.
const SSE: &str = include_str!("../../runtime/sse.rs");

/// The runtime files a crate with `streaming` includes, as `(file name, source)`, before the
/// streaming modules are declared in `mod.rs`: what the API lock reads the runtime's public
/// items from.
pub fn runtime_sources(streaming: crate::model::Streaming) -> Vec<(&'static str, &'static str)> {
    let mut out = RUNTIME.to_vec();
    if streaming.bodies {
        out.push(("stream.rs", STREAM));
    }
    if streaming.events {
        out.push(("sse.rs", SSE));
    }
    out
}

/// The runtime's `mod.rs`, with the streaming modules declared when the API needs them.
fn runtime_mod(text: &str, streaming: crate::model::Streaming) -> String {
    let mut text = text.to_string();
    if streaming.bodies {
        text.push_str("\npub(crate) mod stream;\n");
        text.push_str("#[allow(unused_imports)] // each API streams some of these\n");
        text.push_str("pub(crate) use stream::{byte_stream, decode_json, decode_text, json_lines, Opened};\n");
        text.push_str("#[allow(unused_imports)] // each API streams some of these\n");
        text.push_str("pub use stream::{ByteStream, JsonLines, StreamError, Streamed, Upload};\n");
    }
    if streaming.events {
        text.push_str("\npub(crate) mod sse;\npub(crate) use sse::event_stream;\npub use sse::{Event, EventStream};\n");
    }
    text
}

/// How many items (types, calls, tests) one emission job builds and formats. Small enough that
/// one big document (GitHub's has 7,000 types) is spread over every core; large enough that the
/// per-job overhead does not show.
const ITEMS_PER_JOB: usize = 64;

/// One independent piece of emission: a part of one file, run on a worker thread by [`emit`].
/// The parts of a file are concatenated in job order.
struct Job<'a> {
    /// The file this part belongs to.
    path: PathBuf,
    /// What goes into it.
    part: Part<'a>,
}

/// The content of a [`Job`].
enum Part<'a> {
    /// A module's `mod.rs`: its docs and API handle, with the methods of its first
    /// [`ITEMS_PER_JOB`] operations.
    ModRs(&'a Module),
    /// More methods of a module's API handle, in an `impl` block of their own.
    ApiMethods(&'a Module, Range<usize>),
    /// The start of a module's `types.rs`: docs and imports.
    TypesHeader(&'a Module),
    /// Some of a module's types, with the module's validated type names.
    Types(&'a Module, &'a BTreeSet<String>, Range<usize>),
    /// The start of a module's `calls.rs`.
    CallsHeader(&'a Module),
    /// Some of a module's call builders, with the module's validated type names.
    Calls(&'a Module, &'a BTreeSet<String>, Range<usize>),
    /// The start of `tests/operations.rs`.
    OperationTestsHeader,
    /// The tests of some of a module's operations.
    OperationTests(&'a Module, Range<usize>),
    /// `tests/examples.rs`.
    Examples,
    /// The start of the crate-level module of shared types: docs and imports.
    CommonHeader,
    /// Some of the shared types, with their validated names.
    Common(&'a BTreeSet<String>, Range<usize>),
}

/// Emits every file of the crate for `api`; `report` becomes `NORMALIZATION.md`.
///
/// The sources and tests are built and formatted in parts of at most [`ITEMS_PER_JOB`] items, in
/// parallel (see [`crate::parallel`]), and each file is assembled from its parts in order, so the
/// output is the same on one thread or many.
pub fn emit(api: &Api, report: &Report, known_mismatches: &[(String, String)]) -> Result<Files> {
    let mut files = Files::new();
    files.insert("Cargo.toml".into(), manifest::cargo_toml(api)?);
    files.insert("README.md".into(), manifest::readme(api)?);
    files.insert("NORMALIZATION.md".into(), manifest::normalization(report));
    files.insert("src/lib.rs".into(), client::lib_rs(api)?);
    files.insert("src/client.rs".into(), client::client_rs(api)?);
    let streaming = api.streaming();
    let header = "// @generated by codegen (runtime, copied verbatim); do not edit.\n\n";
    for (name, text) in RUNTIME {
        let text = match *name {
            "mod.rs" => runtime_mod(text, streaming),
            _ => text.to_string(),
        };
        files.insert(PathBuf::from("src/runtime").join(name), format!("{header}{text}"));
    }
    if streaming.bodies {
        files.insert("src/runtime/stream.rs".into(), format!("{header}{STREAM}"));
    }
    if streaming.events {
        files.insert("src/runtime/sse.rs".into(), format!("{header}{SSE}"));
    }
    files.insert("src/mock.rs".into(), format_file(mock::crate_mock(api), "mock.rs")?);
    for module in api.modules.iter().filter(|m| !m.operations.is_empty()) {
        files.insert(PathBuf::from("src").join(&module.name).join("mock.rs"), format_file(mock::module_mock(module)?, "mock.rs")?);
    }
    if let Some(text) = replay::replay_rs(api)? {
        files.insert("tests/postman_replay.rs".into(), text);
    }
    let validated: Vec<BTreeSet<String>> = api.modules.iter().map(validate::validated_types).collect();
    let common_validated = validate::validated_defs(&api.common);
    let jobs = jobs(api, &validated, &common_validated);
    let done = crate::parallel::map(&jobs, |job| match &job.part {
        Part::ModRs(module) => mod_rs(api, module),
        Part::ApiMethods(module, range) => {
            let methods = operations::api_methods(&api.crate_name.replace('-', "_"), module, range.clone())?;
            format_items(methods, "mod.rs")
        }
        Part::TypesHeader(module) => format_file(types_header(module), "types.rs"),
        Part::Types(module, validated, range) => {
            let defs = module.types[range.clone()].iter().map(|d| types::type_def(d, validated, &api.common_module)).collect::<Result<Vec<_>>>()?;
            format_items(quote!(#( #defs )*), "types.rs")
        }
        Part::CallsHeader(module) => format_file(calls_header(module), "calls.rs"),
        Part::Calls(module, validated, range) => {
            let calls = module.operations[range.clone()].iter().map(|op| operations::call(module, op, validated)).collect::<Result<Vec<_>>>()?;
            format_items(quote!(#( #calls )*), "calls.rs")
        }
        Part::OperationTestsHeader => op_tests::header(api),
        Part::OperationTests(module, range) => op_tests::module_tests(api, module, range.clone()),
        Part::Examples => examples::examples_rs(api, known_mismatches),
        Part::CommonHeader => format_file(common_header(), "common.rs"),
        Part::Common(validated, range) => {
            let defs = api.common[range.clone()].iter().map(|d| types::type_def(d, validated, &api.common_module)).collect::<Result<Vec<_>>>()?;
            format_items(quote!(#( #defs )*), "common.rs")
        }
    });
    for (job, text) in jobs.into_iter().zip(done) {
        let text = text?;
        let file = files.entry(job.path).or_default();
        if !file.is_empty() && !text.is_empty() {
            file.push('\n');
        }
        file.push_str(&text);
    }
    Ok(files)
}

/// Every part of every file emitted from token streams, in file order.
/// `validated` holds each module's validated type names, in module order.
fn jobs<'a>(api: &'a Api, validated: &'a [BTreeSet<String>], common_validated: &'a BTreeSet<String>) -> Vec<Job<'a>> {
    let chunks = |len: usize| (0..len).step_by(ITEMS_PER_JOB).map(move |start| start..(start + ITEMS_PER_JOB).min(len));
    let mut jobs = Vec::new();
    if !api.common.is_empty() {
        let path = PathBuf::from("src").join(format!("{}.rs", api.common_module));
        jobs.push(Job { path: path.clone(), part: Part::CommonHeader });
        jobs.extend(chunks(api.common.len()).map(|r| Job { path: path.clone(), part: Part::Common(common_validated, r) }));
    }
    for (module, validated) in api.modules.iter().zip(validated) {
        let dir = PathBuf::from("src").join(&module.name);
        jobs.push(Job { path: dir.join("mod.rs"), part: Part::ModRs(module) });
        jobs.extend(chunks(module.operations.len()).skip(1).map(|r| Job { path: dir.join("mod.rs"), part: Part::ApiMethods(module, r) }));
        jobs.push(Job { path: dir.join("types.rs"), part: Part::TypesHeader(module) });
        jobs.extend(chunks(module.types.len()).map(|r| Job { path: dir.join("types.rs"), part: Part::Types(module, validated, r) }));
        jobs.push(Job { path: dir.join("calls.rs"), part: Part::CallsHeader(module) });
        jobs.extend(chunks(module.operations.len()).map(|r| Job { path: dir.join("calls.rs"), part: Part::Calls(module, validated, r) }));
    }
    let tests = PathBuf::from("tests/operations.rs");
    jobs.push(Job { path: tests.clone(), part: Part::OperationTestsHeader });
    for module in &api.modules {
        jobs.extend(chunks(module.operations.len()).map(|r| Job { path: tests.clone(), part: Part::OperationTests(module, r) }));
    }
    jobs.push(Job { path: "tests/examples.rs".into(), part: Part::Examples });
    jobs
}

/// A module's `mod.rs`: its docs, its submodules, its API handle and its shared error body trait.
fn mod_rs(api: &Api, module: &Module) -> Result<String> {
    let description = module.description.iter().chain(&module.notes).cloned().collect::<Vec<_>>().join("\n\n");
    let description = Some(description).filter(|d| !d.is_empty());
    let mod_doc = inner_doc(Some(&module.title), description.as_deref(), &module.source.file.display().to_string());
    let lib = api.crate_name.replace('-', "_");
    let handle = operations::api_handle(&lib, module, 0..module.operations.len().min(ITEMS_PER_JOB))?;
    let error_trait = error_body::shared_error_trait(module, &lib)?;
    // Only what the module has, so that an API without types or operations compiles warning-free.
    let types_use = (!module.types.is_empty()).then(|| quote!(pub use types::*;));
    let calls_use = (!module.operations.is_empty()).then(|| quote!(pub use calls::*;));
    let options_use = (!module.operations.is_empty()).then(|| quote!(use crate::runtime::CallOptions;));
    let mock_mod = (!module.operations.is_empty()).then(|| {
        quote! {
            /// Typed test doubles of this module's operations (the `mock` feature).
            #[cfg(feature = "mock")]
            pub mod mock;
        }
    });
    let mod_rs = quote! {
        #mod_doc

        #[allow(clippy::module_inception)] // a module may itself be named `calls`
        mod calls;
        #[allow(clippy::module_inception)] // or `types`
        mod types;
        #mock_mod

        #calls_use
        #types_use

        #[allow(unused_imports)] // for map-typed request bodies
        use std::collections::BTreeMap;
        #options_use
        use crate::Client;

        #handle

        #error_trait
    };
    format_file(mod_rs, "mod.rs")
}

/// The docs and imports that start a module's `types.rs` (only the docs when it has no types).
fn types_header(module: &Module) -> TokenStream {
    if module.types.is_empty() {
        return quote! {
            //! The data types of this module (it has none).
        };
    }
    // Only re-exports of shared types (every type of the module is in `common`): no derives.
    let serde = module.types.iter().any(|t| t.shared_as.is_none()).then(|| quote!(use serde::{Deserialize, Serialize};));
    quote! {
        //! The data types of this module.
        #[allow(unused_imports)]
        use std::collections::BTreeMap;

        #serde

        #[allow(unused_imports)]
        use crate::runtime::validate;
        #[allow(unused_imports)]
        use crate::InvalidRequest;
    }
}

/// The docs and imports that start the crate-level module of shared types.
fn common_header() -> TokenStream {
    quote! {
        //! Types shared by several modules: each is defined here once, and every module that uses
        //! it re-exports it under its own name (so `sso::ErrorBody` and `teammates::ErrorBody` can
        //! be one type). Use them through the modules, or from here.
        #[allow(unused_imports)]
        use std::collections::BTreeMap;

        use serde::{Deserialize, Serialize};

        #[allow(unused_imports)]
        use crate::runtime::validate;
        #[allow(unused_imports)]
        use crate::InvalidRequest;
    }
}

/// The docs and imports that start a module's `calls.rs` (only the docs when it has no
/// operations).
fn calls_header(module: &Module) -> TokenStream {
    if module.operations.is_empty() {
        return quote! {
            //! The call builders of this module (it has no operations).
        };
    }
    // Operations on methods reqwest has no constant for (`PROPFIND`) build theirs at run time.
    let standard = |m: &crate::model::Method| !matches!(m, crate::model::Method::Other(_));
    let method_use = module.operations.iter().any(|op| standard(&op.method)).then(|| quote!(use reqwest::Method;));
    quote! {
        //! One call builder and one error enum per operation of this module.
        #[allow(unused_imports)]
        use std::collections::BTreeMap;
        use std::future::{Future, IntoFuture};
        use std::pin::Pin;
        use std::time::Duration;

        #method_use

        #[allow(unused_imports)]
        use super::types::*;
        #[allow(unused_imports)]
        use futures::stream::{self, Stream, StreamExt, TryStreamExt};
        #[allow(unused_imports)]
        use crate::runtime::{encode_path_segment, extension_method, validate, Auth, CallOptions, Request};
        #[allow(unused_imports)]
        use crate::InvalidRequest;
        use crate::{Client, Error, Response};
    }
}
