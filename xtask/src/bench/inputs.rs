//! The benchmark inputs, each prepared for every tool under `target/bench/inputs/<input>/`:
//! a `codegen.toml` for ours (absolute paths, output under `target/bench/out/`), the documents
//! as the peers read them (Postman collections converted to OpenAPI first), and a copy whose
//! version line says 3.0.3 for progenitor, which rejects `openapi: 3.1.0`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use codegen::config::Config;

use super::tools::absolute;

/// Where prepared inputs go.
const INPUTS_DIR: &str = "target/bench/inputs";
/// Where every tool's output goes: `target/bench/out/<input>/<tool key>/`.
pub const OUT_DIR: &str = "target/bench/out";

/// One benchmark input: one or more documents.
#[derive(Debug, Clone)]
pub struct Input {
    /// The name shown in tables (`specs`, `sendgrid-46`, `github`, ...).
    pub name: String,
    /// Our configuration for the whole input: one crate, one module per document.
    pub config: PathBuf,
    /// The documents.
    pub specs: Vec<Spec>,
    /// Input size in bytes (the documents, before any conversion).
    pub bytes: u64,
}

/// One document of an input, as each tool reads it.
#[derive(Debug, Clone)]
pub struct Spec {
    /// The module name (snake_case), also used as the peers' crate name.
    pub module: String,
    /// OpenAPI document for the peers: the original, or the conversion of a Postman collection.
    pub peer: PathBuf,
    /// The same with `openapi: 3.0.3` as its version line, for progenitor.
    pub peer_30: PathBuf,
}

/// The product: `specs/codegen.toml` (3 documents, overlays applied by ours only).
pub fn product() -> Result<Input, String> {
    from_config("specs", Path::new("specs/codegen.toml"), None)
}

/// The SendGrid corpus (`tests/corpus/codegen.toml`), or only its first `take` documents.
pub fn sendgrid(take: Option<usize>) -> Result<Input, String> {
    let name = match take {
        Some(n) => format!("sendgrid-{n}"),
        None => "sendgrid-46".to_string(),
    };
    from_config(&name, Path::new("tests/corpus/codegen.toml"), take)
}

/// The name of the [`one_operation`] input.
pub const ONE_OPERATION: &str = "one-operation";

/// The document of [`one_operation`]: one `GET` with a small JSON answer, no parameters, no
/// security. Ours needs a server to know where to send it.
const ONE_OPERATION_DOCUMENT: &str = r#"openapi: 3.0.3
info:
  title: One operation
  version: "1.0"
servers:
  - url: https://api.example.com
paths:
  /ping:
    get:
      operationId: ping
      responses:
        "200":
          description: The service is up.
          content:
            application/json:
              schema:
                type: object
                properties:
                  ok:
                    type: boolean
"#;

/// A document with one operation: what a generated crate costs before its operations (for ours
/// the runtime module, for a peer whatever it writes into every crate), so that the compile step
/// can tell the fixed cost from the cost per operation.
pub fn one_operation() -> Result<Input, String> {
    let dir = Path::new(INPUTS_DIR).join(ONE_OPERATION);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let document = dir.join("one_operation.yaml");
    std::fs::write(&document, ONE_OPERATION_DOCUMENT).map_err(|e| format!("{}: {e}", document.display()))?;
    single(ONE_OPERATION, &document)
}

/// A single document as its own input (the GitHub description, the synthetic spec).
pub fn single(name: &str, document: &Path) -> Result<Input, String> {
    let dir = Path::new(INPUTS_DIR).join(name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let config = dir.join("codegen.toml");
    let module = name.replace('-', "_");
    let text = format!(
        "[crate]\nname = \"bench-{name}\"\nversion = \"0.1.0\"\ndescription = \"Benchmark input {name}.\"\noutput = {}\n\n[[module]]\nname = \"{module}\"\ninput = {}\n",
        toml_str(&absolute(&Path::new(OUT_DIR).join(name).join("ours")).to_string_lossy()),
        toml_str(&absolute(document).to_string_lossy()),
    );
    std::fs::write(&config, text).map_err(|e| format!("{}: {e}", config.display()))?;
    let spec = prepare_spec(&dir, &module, document)?;
    let bytes = std::fs::metadata(document).map(|m| m.len()).unwrap_or(0);
    Ok(Input { name: name.to_string(), config: absolute(&config), specs: vec![spec], bytes })
}

/// An input from one of the repository's configurations, rewritten with absolute paths and an
/// output directory under `target/bench/out/<name>/ours`.
fn from_config(name: &str, path: &Path, take: Option<usize>) -> Result<Input, String> {
    let config = Config::load(path).map_err(|e| e.to_string())?;
    let dir = Path::new(INPUTS_DIR).join(name);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let k = &config.krate;
    let mut text = format!(
        "[crate]\nname = \"{}\"\nversion = \"{}\"\ndescription = {}\noutput = {}\nmodule_features = {}\n",
        k.name,
        k.version,
        toml_str(&k.description),
        toml_str(&absolute(&Path::new(OUT_DIR).join(name).join("ours")).to_string_lossy()),
        k.module_features
    );
    let modules = &config.modules[..take.unwrap_or(config.modules.len()).min(config.modules.len())];
    let mut specs = Vec::new();
    let mut bytes = 0;
    for module in modules {
        let input = absolute(&config.resolve(&module.input));
        let _ = write!(text, "\n[[module]]\nname = \"{}\"\ninput = {}\n", module.name, toml_str(&input.to_string_lossy()));
        let overlays: Vec<String> = module.overlays.iter().map(|o| toml_str(&absolute(&config.resolve(o)).to_string_lossy())).collect();
        let _ = writeln!(text, "overlays = [{}]", overlays.join(", "));
        bytes += std::fs::metadata(&input).map(|m| m.len()).unwrap_or(0);
        specs.push(prepare_spec(&dir, &module.name, &input)?);
    }
    for m in &config.example_mismatches {
        let _ = write!(
            text,
            "\n[[example_mismatch]]\nexample = {}\nreason = {}\n",
            toml_str(&m.example),
            toml_str(&m.reason)
        );
    }
    let out = dir.join("codegen.toml");
    std::fs::write(&out, text).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(Input { name: name.to_string(), config: absolute(&out), specs, bytes })
}

/// Writes the peers' copies of one document into `dir`.
fn prepare_spec(dir: &Path, module: &str, input: &Path) -> Result<Spec, String> {
    let file_name = input.file_name().and_then(|n| n.to_str()).unwrap_or("spec");
    let peer = if file_name.ends_with(".postman_collection.json") {
        let out = absolute(&dir.join(format!("{module}.openapi.json")));
        codegen::cli::postman_to_openapi(input, &out).map_err(|e| e.to_string())?;
        out
    } else {
        absolute(input)
    };
    let ext = peer.extension().and_then(|e| e.to_str()).unwrap_or("yaml");
    let peer_30 = absolute(&dir.join(format!("{module}.openapi30.{ext}")));
    let text = std::fs::read_to_string(&peer).map_err(|e| format!("{}: {e}", peer.display()))?;
    let text = text
        .replacen("openapi: 3.1.0", "openapi: 3.0.3", 1)
        .replacen("openapi: '3.1.0'", "openapi: 3.0.3", 1)
        .replacen("\"openapi\": \"3.1.0\"", "\"openapi\": \"3.0.3\"", 1);
    std::fs::write(&peer_30, text).map_err(|e| format!("{}: {e}", peer_30.display()))?;
    Ok(Spec { module: module.to_string(), peer, peer_30 })
}

/// A TOML basic string.
fn toml_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
