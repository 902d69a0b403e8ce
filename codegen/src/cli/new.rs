//! `codegen new SPEC... --name NAME --out DIR`: from API documents to a crate in one command.
//!
//! Writes a starter `codegen.toml` (one module per document, its name derived from the file
//! name: `sso.openapi.yaml` → `sso`), then generates as `codegen generate` would. The
//! configuration is written beside the documents' project, not into `DIR` (which generation
//! replaces as a whole); nothing existing is overwritten.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::args::{GenerateArgs, NewArgs, OutputArgs};
use super::paths::{clean, shown, shown_dir};
use super::{exit, generate_with, Printer};
use crate::diag::{Error, Location, Result};
use crate::model::snake_case;

/// Module names that would clash with the generated crate's own modules.
const TAKEN: &[&str] = &["client", "runtime"];

/// Runs `codegen new`.
pub fn run(args: &NewArgs, output: &OutputArgs) -> ExitCode {
    let printer = Printer::new(output);
    let outcome = write_config(args).and_then(|text| {
        std::fs::write(&args.config, text).map_err(|e| Error::io(&args.config, e))?;
        let modules = match args.specs.len() {
            1 => "1 module".to_string(),
            n => format!("{n} modules"),
        };
        printer.say(&format!("wrote {} ({modules})", shown(&args.config)));
        let generate = GenerateArgs { config: args.config.clone(), check: false, bump: false };
        let done = generate_with(&generate, &printer)?;
        printer.say(&format!(
            "next: `cargo check --manifest-path {}Cargo.toml`; after editing {} or the documents, regenerate with `codegen {}`",
            shown_dir(&args.out),
            shown(&args.config),
            shown(&args.config)
        ));
        Ok(done)
    });
    exit(outcome, &printer)
}

/// The starter configuration for `args`, after checking that nothing would be overwritten.
fn write_config(args: &NewArgs) -> Result<String> {
    if args.config.exists() {
        return Err(Error::input(
            Location::new(&args.config, ""),
            "`codegen new` does not overwrite an existing configuration (choose another path with `--config`)",
        ));
    }
    let occupied = std::fs::read_dir(&args.out).map(|mut entries| entries.next().is_some()).unwrap_or(false);
    if occupied {
        return Err(Error::input(
            Location::new(&args.out, ""),
            "the output directory exists and is not empty; generation would replace it (choose another `--out`)",
        ));
    }
    let cwd = std::env::current_dir().map_err(|e| Error::io(".", e))?;
    let config_dir = clean(&cwd.join(&args.config)).parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.clone());
    let mut names: Vec<String> = Vec::new();
    let mut modules = String::new();
    for spec in &args.specs {
        if !spec.is_file() {
            return Err(Error::io(spec, std::io::Error::new(std::io::ErrorKind::NotFound, "no such file")));
        }
        let name = unique(module_name(spec), &names);
        let input = relative(&clean(&cwd.join(spec)), &config_dir);
        modules.push_str(&format!("\n[[module]]\nname = {}\ninput = {}\n", quote(&name), quote(&input)));
        names.push(name);
    }
    let files: Vec<String> = args.specs.iter().filter_map(|s| s.file_name()).map(|f| f.to_string_lossy().into_owned()).collect();
    let description = format!("A typed Rust client for the API described in {}.", files.join(", "));
    let out = relative(&clean(&cwd.join(&args.out)), &config_dir);
    Ok(format!(
        "# Written by `codegen new`: the crate and one module per input document. Paths are relative\n\
         # to this file. Edit it freely (module names, overlays, version), then regenerate with\n\
         # `codegen {}`.\n\n[crate]\nname = {}\nversion = \"0.1.0\"\ndescription = {}\noutput = {}\n{modules}",
        shown(&args.config),
        quote(&args.name),
        quote(&description),
        quote(&out)
    ))
}

/// A module name from a file name: the part before the first dot, in snake_case.
pub fn module_name(spec: &Path) -> String {
    let file = spec.file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let name = snake_case(stem);
    if TAKEN.contains(&name.as_str()) {
        format!("{name}_api")
    } else {
        name
    }
}

/// `name`, or `name_2`, `name_3`, ... whichever is not in `taken`.
fn unique(name: String, taken: &[String]) -> String {
    if !taken.contains(&name) {
        return name;
    }
    (2..).map(|n| format!("{name}_{n}")).find(|candidate| !taken.contains(candidate)).unwrap_or(name)
}

/// `path` relative to `base` (both absolute and clean), with `..` as needed; `/` separators.
fn relative(path: &Path, base: &Path) -> String {
    let common = path.components().zip(base.components()).take_while(|(a, b)| a == b).count();
    let mut out = PathBuf::new();
    for _ in common..base.components().count() {
        out.push("..");
    }
    for component in path.components().skip(common) {
        out.push(component.as_os_str());
    }
    let text = out.to_string_lossy().replace('\\', "/");
    if text.is_empty() { ".".into() } else { text }
}

/// A TOML basic string (JSON's string escapes are valid TOML).
fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_come_from_file_names() {
        assert_eq!(module_name(Path::new("specs/sso.openapi.yaml")), "sso");
        assert_eq!(module_name(Path::new("scopes.postman_collection.json")), "scopes");
        assert_eq!(module_name(Path::new("Pet Store.json")), "pet_store");
        assert_eq!(module_name(Path::new("2fa.yaml")), "n2fa");
        assert_eq!(module_name(Path::new("type.yaml")), "type_");
        assert_eq!(module_name(Path::new("client.yaml")), "client_api");
        assert_eq!(unique("sso".into(), &["sso".into(), "sso_2".into()]), "sso_3");
    }

    #[test]
    fn paths_are_relative_to_the_configuration() {
        assert_eq!(relative(Path::new("/p/specs/a.yaml"), Path::new("/p")), "specs/a.yaml");
        assert_eq!(relative(Path::new("/p/out"), Path::new("/p/conf")), "../out");
        assert_eq!(quote("a \"b\"\\"), "\"a \\\"b\\\"\\\\\"");
    }
}
