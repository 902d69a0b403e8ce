//! `specs/codegen.toml`: which inputs make which modules of which crate.
//!
//! The configuration is the only place that names files; every later stage works on values.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diag::{Diagnostic, Error, Location, Result};

/// The pass name of configuration diagnostics (`--message-format json`).
pub const PASS: &str = "config";

/// The whole configuration file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// One entry per input document; each becomes one module of the crate.
    #[serde(rename = "module", default)]
    pub modules: Vec<ModuleConfig>,
    /// Examples in the inputs that are known not to match their schema, with the reason.
    #[serde(rename = "example_mismatch", default)]
    pub example_mismatches: Vec<ExampleMismatch>,
    /// The directory holding the configuration file; input paths are relative to it.
    #[serde(skip)]
    pub base_dir: PathBuf,
}

/// Settings of the generated crate.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// The package name, e.g. `sendgrid-access`.
    pub name: String,
    /// The package version written into the generated `Cargo.toml`.
    pub version: String,
    /// The package description.
    pub description: String,
    /// The output directory, relative to the configuration file.
    pub output: PathBuf,
    /// Whether each module sits behind a cargo feature of its name (all on by default), as
    /// large SDKs do so users compile only what they use.
    #[serde(default)]
    pub module_features: bool,
    /// Whether types with the same shape in several modules become one type in a crate-level
    /// module (`common`) that those modules re-export under their own names (on by default; the
    /// modules of one crate come from one vendor's documents).
    #[serde(default = "yes")]
    pub share_types: bool,
    /// A directory of hand-written integration tests (`*.rs`), relative to the configuration
    /// file, copied into the crate's `tests/` by every generation: tests of the crate that
    /// survive regeneration (the generated `operations.rs` and `examples.rs` keep their names).
    #[serde(default)]
    pub tests: Option<PathBuf>,
}

fn yes() -> bool {
    true
}

/// One input document and the module it becomes.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleConfig {
    /// The Rust module name (snake_case).
    pub name: String,
    /// The input document (OpenAPI YAML/JSON or a Postman collection), relative to the config.
    pub input: PathBuf,
    /// Overlay documents applied in order right after loading, relative to the config.
    #[serde(default)]
    pub overlays: Vec<PathBuf>,
    /// Split the document into one module per tag (`{name}_{tag}`, each behind its own cargo
    /// feature when `module_features` is on), so a user compiles only the parts of a large API
    /// they use; types used by several parts go to the shared `common` module.
    #[serde(default)]
    pub split_by_tag: bool,
    /// A header through which the API accepts an idempotency key on any `POST` or `PATCH`
    /// (`Idempotency-Key`, say), when its document does not declare it per operation: every
    /// such operation gets it, a call without one sends a generated key (the same on each
    /// retry) and becomes retryable. A header parameter named `Idempotency-Key` is recognised
    /// without this.
    #[serde(default)]
    pub idempotency_header: Option<String>,
}

/// An example that is known not to deserialize into its generated type.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleMismatch {
    /// `file#pointer` of the example value, as printed by the example test.
    pub example: String,
    /// Why it does not match, for the reader of the configuration.
    pub reason: String,
}

impl Config {
    /// Reads and validates the configuration at `path`.
    pub fn load(path: &Path) -> Result<Config> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        let mut config: Config = toml::from_str(&text).map_err(|e| {
            let diagnostic = Diagnostic::error(Location::new(path, ""), format!("invalid configuration: {}", e.message()));
            let diagnostic = match e.span() {
                Some(span) => diagnostic.at_position(crate::diag::Position::at_offset(&text, span.start)),
                None => diagnostic,
            };
            Error::Input(Box::new(diagnostic))
        })?;
        config.base_dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        config.validate(path)?;
        Ok(config)
    }

    fn validate(&self, path: &Path) -> Result<()> {
        let name = &self.krate.name;
        let valid_crate = !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && name.starts_with(|c: char| c.is_ascii_alphabetic());
        if !valid_crate {
            return Err(Error::input(
                Location::new(path, "/crate/name"),
                format!("crate name `{name}` must start with a letter and hold only letters, digits, `-` and `_`"),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        for (i, module) in self.modules.iter().enumerate() {
            let at = Location::new(path, format!("/module/{i}/name"));
            let valid = !module.name.is_empty()
                && module.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && !module.name.starts_with(|c: char| c.is_ascii_digit());
            if !valid {
                return Err(Error::input(at, format!("module name `{}` is not a snake_case identifier", module.name)));
            }
            if !seen.insert(&module.name) {
                return Err(Error::input(at, format!("module name `{}` is used twice", module.name)));
            }
        }
        if self.modules.is_empty() {
            return Err(Error::input(Location::new(path, "/module"), "no [[module]] is configured"));
        }
        Ok(())
    }

    /// The path of an input or overlay, resolved against the configuration's directory.
    pub fn resolve(&self, relative: &Path) -> PathBuf {
        self.base_dir.join(relative)
    }

    /// How an input is named in diagnostics and in the generated crate: the configuration
    /// directory's own name, then the path relative to it (`specs/sso.openapi.yaml`), whatever
    /// the current directory or the absolute location, so the output never depends on them.
    pub fn display_path(&self, relative: &Path) -> PathBuf {
        let dir_name = std::fs::canonicalize(&self.base_dir).ok().and_then(|p| p.file_name().map(PathBuf::from));
        match dir_name {
            Some(name) => name.join(relative),
            None => relative.to_path_buf(),
        }
    }

    /// Every input and overlay as `(display path, path on disk)`: where the files named in
    /// diagnostics are, for showing their text.
    pub fn sources(&self) -> Vec<(PathBuf, PathBuf)> {
        let files = self.modules.iter().flat_map(|m| std::iter::once(&m.input).chain(&m.overlays));
        files.map(|f| (self.display_path(f), self.resolve(f))).collect()
    }

    /// The output directory, resolved against the configuration's directory.
    pub fn output_dir(&self) -> PathBuf {
        self.base_dir.join(&self.krate.output)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_crate_name_that_is_not_a_package_name_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("codegen.toml");
        let text = "[crate]\nname = \"api-1.8\"\nversion = \"0.1.0\"\ndescription = \"x\"\noutput = \"out\"\n\n[[module]]\nname = \"m\"\ninput = \"m.json\"\n";
        std::fs::write(&path, text).expect("written");
        let err = Config::load(&path).expect_err("a dot is not allowed");
        assert!(err.to_string().contains("#/crate/name: crate name `api-1.8`"), "{err}");
        std::fs::write(&path, text.replace("api-1.8", "api-1_8")).expect("written");
        assert!(Config::load(&path).is_ok());
    }
}
