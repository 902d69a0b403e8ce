//! Diagnostics as a user sees them: rustc-style, with file, line, column and the source line
//! underlined, for JSON documents and Postman collections too; warnings grouped by kind;
//! `--message-format json`; colour; `--help`, `--version` and the exit statuses; the concise
//! summary of the product.

mod support;

use std::path::Path;

use support::{codegen, fixture, project, root, run, texts};

/// An error in a JSON document points into the JSON text.
#[test]
fn error_in_a_json_document() {
    let dir = project(&fixture("cli/unresolvable_ref.json"), "pets.json");
    let output = run(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        texts(&output).1,
        r##"error[refs]: unresolvable $ref `#/components/responses/Pets`: no such node in this document
 --> specs/pets.json:8:19
  |
8 |           "200": {"$ref": "#/components/responses/Pets"}
  |                   ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"##
    );
}

/// An error of the Postman importer points into the collection.
#[test]
fn postman_error_points_into_the_collection() {
    let dir = project(&fixture("cli/bad_folder.postman_collection.json"), "pets.postman_collection.json");
    let output = run(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        texts(&output).1,
        r#"error[postman]: a folder's `item` must be an array
 --> specs/pets.postman_collection.json:9:7
  |
9 |       "item": 42
  |       ^^^^^^^^^^
"#
    );
}

/// Warnings of one kind are shown once, with their count and the next locations; `-v` shows
/// each.
#[test]
fn warnings_are_grouped_by_kind() {
    let dir = project(&fixture("cli/example_drift.yaml"), "pets.yaml");
    let output = run(dir.path(), &[]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(
        stderr,
        r#"warning[example-drift]: example key `nmae` is not a property of the schema at specs/pets.yaml#/paths/~1pets/post/requestBody/content/application~1json/schema
  --> specs/pets.yaml:16:17
   |
16 |                 nmae: Rex
   |                 ^^^^^^^^^
   |
   = note: 3 warnings of this kind; also at specs/pets.yaml:17:17, specs/pets.yaml:18:17 (`-v` shows each)
"#
    );
    assert_eq!(
        stdout,
        "wrote out/: 1 module, 1 operation, 1 type, 31 files\nAPI changes: no previous api.lock.json; recording the current API as the baseline\n"
    );
    let verbose = texts(&run(dir.path(), &["-v"])).1;
    assert_eq!(verbose.matches("warning[example-drift]").count(), 3, "{verbose}");
    assert!(verbose.contains("18 |                 color: brown"), "{verbose}");
    let quiet = run(dir.path(), &["-q"]);
    assert_eq!(texts(&quiet), (String::new(), String::new()), "-q prints nothing on success");
}

/// `--message-format json`: one JSON object per diagnostic on stdout, the summary on stderr.
#[test]
fn message_format_json() {
    let dir = project(&fixture("cli/example_drift.yaml"), "pets.yaml");
    let output = run(dir.path(), &["--message-format", "json"]);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.starts_with("wrote out/"), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("a JSON object per line")).collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(
        lines[1],
        serde_json::json!({
            "severity": "warning",
            "message": "example key `tga` is not a property of the schema at specs/pets.yaml#/paths/~1pets/post/requestBody/content/application~1json/schema",
            "file": "specs/pets.yaml",
            "line": 17,
            "column": 17,
            "pointer": "/paths/~1pets/post/requestBody/content/application~1json/schema/example/tga",
            "pass": "example-drift",
        })
    );
    let failed = project(&fixture("cli/bad_folder.postman_collection.json"), "pets.postman_collection.json");
    let output = run(failed.path(), &["--message-format=json"]);
    let error: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    assert_eq!((error["severity"].as_str(), error["line"].as_u64(), error["pass"].as_str()), (Some("error"), Some(9), Some("postman")));
}

/// Colour on request; never with `--color never`, nor by default when stderr is not a terminal.
#[test]
fn colour_follows_the_option() {
    let dir = project(&fixture("cli/unresolvable_ref.json"), "pets.json");
    assert!(texts(&run(dir.path(), &["--color", "always"])).1.contains("\u{1b}["));
    assert!(!texts(&run(dir.path(), &["--color", "never"])).1.contains('\u{1b}'));
    assert!(!texts(&run(dir.path(), &[])).1.contains('\u{1b}'));
}

/// `--help` on every subcommand, `--version`, and the documented exit statuses.
#[test]
fn help_version_and_exit_statuses() {
    let here = Path::new(".");
    for sub in [&[][..], &["generate"], &["new"], &["postman2openapi"]] {
        let args: Vec<&str> = sub.iter().copied().chain(["--help"]).collect();
        let output = codegen(here, &args, None);
        let stdout = texts(&output).0;
        assert!(output.status.success(), "{args:?}");
        assert!(stdout.contains("Exit status:") && stdout.contains("2  a usage error"), "{args:?}: {stdout}");
    }
    let version = codegen(here, &["--version"], None);
    assert_eq!(texts(&version).0, format!("codegen {}\n", env!("CARGO_PKG_VERSION")));
    assert_eq!(codegen(here, &["--no-such-option"], None).status.code(), Some(2));
    assert_eq!(codegen(here, &["--check", "--bump"], None).status.code(), Some(2));
    assert_eq!(codegen(here, &["new", "a.yaml"], None).status.code(), Some(2), "--name and --out are required");
    assert_eq!(codegen(here, &["--check", "new", "a.yaml", "--name", "a", "--out", "a"], None).status.code(), Some(2));
    let missing = codegen(here, &["no/such/codegen.toml"], None);
    assert_eq!(missing.status.code(), Some(1));
    assert!(texts(&missing).1.starts_with("error: no/such/codegen.toml: "), "{}", texts(&missing).1);
}

/// The product, regenerated without changes: at most 15 lines by default; `-v` prints every
/// change of NORMALIZATION.md and every warning.
#[test]
fn the_product_summary_is_short_and_verbose_is_complete() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&root().join("specs"), &dir.path().join("specs"));
    copy_dir(&root().join("generated"), &dir.path().join("generated"));
    let output = codegen(dir.path(), &[], None);
    let (stdout, stderr) = texts(&output);
    assert!(output.status.success(), "{stderr}");
    let lines = stdout.lines().count() + stderr.lines().count();
    assert!(lines <= 15, "{lines} lines:\n{stdout}{stderr}");
    assert!(stdout.starts_with("wrote generated/: 3 modules, 25 operations"), "{stdout}");
    assert!(stdout.contains("\nAPI changes: none since the previous api.lock.json\n"), "{stdout}");

    let verbose = codegen(dir.path(), &["-v"], None);
    let (stdout, stderr) = texts(&verbose);
    let report = std::fs::read_to_string(dir.path().join("generated/NORMALIZATION.md")).expect("report");
    let changes = report.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| source")).count();
    assert!(changes > 50, "{changes}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("  [")).count(), changes);
    let warnings = report.lines().filter(|l| l.starts_with("- `")).count();
    assert_eq!(stderr.lines().filter(|l| l.starts_with("warning[")).count(), warnings);
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("dir");
    for entry in std::fs::read_dir(from).expect("readable") {
        let path = entry.expect("entry").path();
        let target = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy");
        }
    }
}
