//! The Postman training corpus: real collections in `tests/corpus/postman-real/` (copied into the
//! repository; see its README for sources and licenses), each generated as its own crate.
//!
//! Used by the `postman_real` test (generation, counts and warnings, in CI) and by
//! `cargo xtask postman-real` (which also compiles each crate with clippy).

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The corpus directory, relative to the workspace root.
pub const CORPUS_DIR: &str = "tests/corpus/postman-real";

/// What one collection gives.
#[derive(Debug)]
pub struct Collection {
    /// The file name without `.postman_collection.json` (or `.json`).
    pub name: String,
    /// The module (and crate) name.
    pub module: String,
    /// The requests in the collection, counted independently of the importer.
    pub requests: usize,
    /// The names of the requests that cannot be sent at all (no URL).
    pub unsendable: Vec<String>,
    /// The generated crate, or the error that stopped generation.
    pub generated: Result<codegen::Generated, String>,
}

impl Collection {
    /// The number of methods generated (0 when generation failed).
    pub fn methods(&self) -> usize {
        self.generated.as_ref().map_or(0, codegen::Generated::operation_count)
    }

    /// The warnings by kind (see `codegen::warning_groups`), most frequent first, then by kind.
    pub fn warnings_by_kind(&self) -> Vec<(String, usize)> {
        let Ok(generated) = &self.generated else { return Vec::new() };
        let mut kinds: Vec<(String, usize)> = codegen::warning_groups::group(&generated.report.warnings)
            .into_iter()
            .map(|g| (g.kind, g.warnings.len()))
            .collect();
        kinds.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        kinds
    }

    /// One line: requests, methods, warnings by kind.
    pub fn summary(&self) -> String {
        let kinds: Vec<String> = self.warnings_by_kind().iter().map(|(k, n)| format!("{n}× {k}")).collect();
        let status = match &self.generated {
            Ok(_) => String::new(),
            Err(e) => format!(" GENERATION FAILED: {e}"),
        };
        format!(
            "{}: {} requests, {} methods ({} cannot be sent){status}\n    {}",
            self.name,
            self.requests,
            self.methods(),
            self.unsendable.len(),
            kinds.join("\n    ")
        )
    }
}

/// The collections of the corpus at `dir`, sorted by file name.
pub fn collection_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".postman_collection.json"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads and generates the collection at `path`; the crate is named after the file.
pub fn generate(path: &Path) -> Collection {
    let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let name = file_name.trim_end_matches(".postman_collection.json").trim_end_matches(".json").to_string();
    let module: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    let parsed = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice::<Value>(&bytes).map_err(|e| e.to_string()));
    let (requests, unsendable) = parsed.as_ref().map(count_requests).unwrap_or_default();
    let display = Path::new("postman-real").join(&file_name);
    let generated = parsed.and_then(|doc| codegen::generate_document(&module, &display, doc).map_err(|e| e.to_string()));
    Collection { name, module, requests, unsendable, generated }
}

/// The number of requests in a collection (items with a `request`, in folders at any depth),
/// and the names of those without a URL.
pub fn count_requests(collection: &Value) -> (usize, Vec<String>) {
    fn walk(items: &[Value], count: &mut usize, unsendable: &mut Vec<String>) {
        for item in items {
            if let Some(children) = item.get("item").and_then(Value::as_array) {
                walk(children, count, unsendable);
            } else if let Some(request) = item.get("request") {
                *count += 1;
                let url = match request {
                    Value::String(url) => Some(url.as_str()),
                    other => match other.get("url") {
                        Some(Value::String(url)) => Some(url.as_str()),
                        Some(Value::Object(url)) => Some(url.get("raw").and_then(Value::as_str).unwrap_or("object")),
                        _ => None,
                    },
                };
                if url.is_none_or(|u| u.trim().is_empty()) {
                    unsendable.push(item.get("name").and_then(Value::as_str).unwrap_or_default().to_string());
                }
            }
        }
    }
    let mut count = 0;
    let mut unsendable = Vec::new();
    walk(collection.get("item").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default(), &mut count, &mut unsendable);
    (count, unsendable)
}
