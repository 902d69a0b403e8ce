//! The generators compared: ours (the release-built `codegen` binary) and three peers, installed
//! into `target/bench-tools/` on first use (never committed), and the GitHub description.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where peers and downloaded inputs are installed.
pub const TOOLS_DIR: &str = "target/bench-tools";

/// One code generator in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tool {
    /// This repository's generator, `target/release/codegen`.
    Ours,
    /// `openapi-to-rust` from crates.io.
    OpenApiToRust,
    /// `cargo progenitor` from crates.io (`cargo-progenitor`).
    Progenitor,
    /// openapi-generator's `rust` generator, from the PyPI package `openapi-generator-cli`.
    OpenApiGenerator,
}

impl Tool {
    /// Every tool, ours first.
    pub const ALL: [Tool; 4] = [Tool::Ours, Tool::OpenApiToRust, Tool::Progenitor, Tool::OpenApiGenerator];

    /// The name shown in tables.
    pub fn name(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::OpenApiToRust => "openapi-to-rust",
            Tool::Progenitor => "progenitor",
            Tool::OpenApiGenerator => "openapi-generator",
        }
    }

    /// A short directory-safe key.
    pub fn key(self) -> &'static str {
        match self {
            Tool::Ours => "ours",
            Tool::OpenApiToRust => "o2r",
            Tool::Progenitor => "progenitor",
            Tool::OpenApiGenerator => "oag",
        }
    }

    /// The command that installs the tool, as printed for a reader and run by [`ensure`].
    pub fn install_hint(self) -> &'static str {
        match self {
            Tool::Ours => "cargo build --release -p codegen",
            Tool::OpenApiToRust => "cargo install --root target/bench-tools/cargo openapi-to-rust",
            Tool::Progenitor => "cargo install --root target/bench-tools/cargo cargo-progenitor",
            Tool::OpenApiGenerator => {
                "python3 -m venv target/bench-tools/venv && target/bench-tools/venv/bin/pip install openapi-generator-cli"
            }
        }
    }

    /// The installed executable.
    pub fn executable(self) -> PathBuf {
        let tools = Path::new(TOOLS_DIR);
        match self {
            Tool::Ours => PathBuf::from("target/release/codegen"),
            Tool::OpenApiToRust => tools.join("cargo/bin/openapi-to-rust"),
            Tool::Progenitor => tools.join("cargo/bin/cargo-progenitor"),
            Tool::OpenApiGenerator => tools.join("venv/bin/openapi-generator-cli"),
        }
    }
}

/// Makes sure `tool` is installed (building or installing it when missing, unless `install` is
/// false); returns its executable or why it is unavailable.
pub fn ensure(tool: Tool, install: bool) -> Result<PathBuf, String> {
    let exe = tool.executable();
    // Ours is always rebuilt: cargo makes that a no-op when nothing changed.
    if (tool != Tool::Ours || !install) && exe.exists() {
        return Ok(absolute(&exe));
    }
    if !install {
        return Err(format!("not installed; install with `{}`", tool.install_hint()));
    }
    eprintln!("==> bench: installing {}: {}", tool.name(), tool.install_hint());
    let ok = match tool {
        Tool::Ours => cargo().args(["build", "--release", "-p", "codegen"]).status(),
        Tool::OpenApiToRust | Tool::Progenitor => {
            let krate = if tool == Tool::Progenitor { "cargo-progenitor" } else { "openapi-to-rust" };
            cargo().args(["install", "--locked", "--root"]).arg(Path::new(TOOLS_DIR).join("cargo")).arg(krate).status()
        }
        Tool::OpenApiGenerator => {
            let venv = Path::new(TOOLS_DIR).join("venv");
            Command::new("python3")
                .args(["-m", "venv"])
                .arg(&venv)
                .status()
                .and_then(|_| Command::new(venv.join("bin/pip")).args(["install", "-q", "openapi-generator-cli"]).status())
        }
    };
    match ok {
        Ok(s) if s.success() && exe.exists() => Ok(absolute(&exe)),
        Ok(s) => Err(format!("install failed ({s}); try `{}`", tool.install_hint())),
        Err(e) => Err(format!("install failed ({e}); try `{}`", tool.install_hint())),
    }
}

/// GitHub's REST description (OpenAPI 3.0.3 JSON, about 13 MB), from the npm package
/// `@octokit/openapi`, installed with npm on first use.
pub fn github_spec(install: bool) -> Result<PathBuf, String> {
    let prefix = Path::new(TOOLS_DIR).join("npm");
    let spec = prefix.join("node_modules/@octokit/openapi/generated/api.github.com.json");
    if spec.exists() {
        return Ok(absolute(&spec));
    }
    let hint = format!("npm install --prefix {} @octokit/openapi", prefix.display());
    if !install {
        return Err(format!("not installed; install with `{hint}`"));
    }
    eprintln!("==> bench: {hint}");
    match Command::new("npm").arg("install").arg("--prefix").arg(&prefix).arg("@octokit/openapi").status() {
        Ok(s) if s.success() && spec.exists() => Ok(absolute(&spec)),
        other => Err(format!("`{hint}` failed: {other:?}")),
    }
}

/// `cargo`, the one running xtask when there is one.
pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// `path` made absolute against the current directory (the workspace root).
pub fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }
}
