//! The `codegen` binary on bad input: a rustc-style diagnostic naming the file, line and column
//! (or the JSON pointer), exit status 1, no panic, and the output directory left exactly as it
//! was. Also: `--check` names the stale files after a spec edit; Postman export; overlays; the
//! output does not depend on the number of threads.

mod support;

use std::path::Path;
use std::process::Command;

use support::{fixture, project, run, texts, MARKER};

/// Runs the generator on a bad fixture and returns its stderr: the rendered diagnostic.
fn diagnose(fixture_name: &str) -> String {
    let dir = project(&fixture(&format!("bad/{fixture_name}")), fixture_name);
    let output = run(dir.path(), &[]);
    let (stdout, stderr) = texts(&output);
    assert_eq!(output.status.code(), Some(1), "exit status 1 for {fixture_name}; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
    assert_eq!(stdout, "", "an error prints nothing on stdout");
    let marker = std::fs::read_to_string(dir.path().join("out/marker.txt")).expect("the old output is still there");
    assert_eq!(marker, MARKER);
    assert_eq!(std::fs::read_dir(dir.path().join("out")).expect("out").count(), 1, "nothing was added to the output");
    stderr
}

/// A YAML syntax error, shown as rustc shows an unclosed delimiter: the primary position where
/// the parser stopped, a second label where the sequence was opened, no positions in prose.
#[test]
fn invalid_yaml() {
    assert_eq!(
        diagnose("invalid_yaml.yaml"),
        "error[load]: invalid YAML: did not find expected ',' or ']'
 --> specs/invalid_yaml.yaml:5:1
  |
4 |   /a: [unclosed
  |       - this sequence is never closed
5 |
  | ^
"
    );
}

/// An error in a YAML document: file, line and column, and the offending entry underlined.
#[test]
fn unresolvable_ref() {
    assert_eq!(
        diagnose("unresolvable_ref.yaml"),
        "error[refs]: unresolvable $ref `#/components/responses/Missing`: no such node in this document
 --> specs/unresolvable_ref.yaml:7:17
  |
7 |         \"200\": {$ref: \"#/components/responses/Missing\"}
  |                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
"
    );
}

/// A missing node has no position: the pointer names it.
#[test]
fn missing_paths() {
    assert_eq!(
        diagnose("missing_paths.yaml"),
        "error[structure]: missing `paths`: the document describes no operations\n--> specs/missing_paths.yaml#/paths\n"
    );
}

/// Non-UTF-8 text cannot be excerpted, but the position of the bad byte is given.
#[test]
fn non_utf8_file() {
    assert_eq!(
        diagnose("non_utf8.yaml"),
        "error[load]: file is not valid UTF-8 (invalid byte at offset 33)\n--> specs/non_utf8.yaml:2:19\n"
    );
}

#[test]
fn check_names_the_stale_file_after_a_description_edit() {
    let spec = support::root().join("specs/sso.openapi.yaml");
    let dir = project(&spec, "sso.openapi.yaml");
    std::fs::remove_file(dir.path().join("out/marker.txt")).expect("marker");
    let generate = run(dir.path(), &[]);
    assert!(generate.status.success(), "{}", String::from_utf8_lossy(&generate.stderr));
    let fresh = run(dir.path(), &["--check"]);
    assert!(fresh.status.success(), "fresh output passes --check: {}", String::from_utf8_lossy(&fresh.stderr));

    let input = dir.path().join("specs/sso.openapi.yaml");
    let text = std::fs::read_to_string(&input).expect("spec");
    let edited = text.replacen("Get an SSO Certificate", "Fetch one SSO certificate", 1);
    assert_ne!(text, edited);
    std::fs::write(&input, edited).expect("edit");
    let stale = run(dir.path(), &["--check"]);
    let stderr = String::from_utf8_lossy(&stale.stderr);
    assert_eq!(stale.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("out/src/m/mod.rs"), "the stale file is named: {stderr}");
}

#[test]
fn postman_export_writes_valid_openapi_30() {
    let dir = tempfile::tempdir().expect("temp dir");
    let collection = Path::new(env!("CARGO_MANIFEST_DIR")).join("../specs/scopes.postman_collection.json");
    for name in ["scopes.openapi.yaml", "scopes.openapi.json"] {
        let out = dir.path().join(name);
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .arg("postman2openapi")
            .arg(&collection)
            .arg(&out)
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        assert!(String::from_utf8_lossy(&output.stdout).contains("(4 operations)"));
        let value = codegen::load::read_document(&out, &out).expect("readable");
        assert_eq!(value["openapi"], "3.0.3");
        let parsed: openapiv3::OpenAPI = serde_json::from_value(value).expect("valid OpenAPI 3.0");
        assert_eq!(parsed.operations().count(), 4);
    }
}

/// An overlay action whose target disappeared upstream (say SendGrid fixed its typo) fails
/// generation, naming the overlay and the action, so the useless patch is noticed.
#[test]
fn overlay_whose_target_is_gone_fails_strictly() {
    let root = support::root();
    let dir = project(&root.join("specs/sso.openapi.yaml"), "sso.openapi.yaml");
    std::fs::copy(root.join("specs/sso.overlay.yaml"), dir.path().join("specs/sso.overlay.yaml")).expect("overlay");
    let config = dir.path().join("specs/codegen.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, format!("{text}overlays = [\"sso.overlay.yaml\"]\n")).expect("config");
    let generate = run(dir.path(), &[]);
    assert!(generate.status.success(), "with the typo upstream, the overlay applies: {}", String::from_utf8_lossy(&generate.stderr));

    let input = dir.path().join("specs/sso.openapi.yaml");
    let fixed = std::fs::read_to_string(&input).expect("spec").replace("intergration_id", "integration_id");
    std::fs::write(&input, fixed).expect("edit");
    std::fs::write(dir.path().join("out/marker.txt"), MARKER).expect("marker");
    let output = run(dir.path(), &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("specs/sso.overlay.yaml"), "names the overlay: {stderr}");
    assert!(stderr.contains("action 0") && stderr.contains("matches nothing"), "names the action: {stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/marker.txt")).expect("kept"), MARKER);
}

/// The output does not depend on how many threads the generator uses (`CODEGEN_THREADS`): a
/// document with more types than one emission job holds (the corpus's largest, with a hundred
/// distinct shapes added so that merging same-shaped types leaves more than 64) comes out byte for
/// byte the same on one thread and on several.
#[test]
fn output_is_the_same_on_one_thread_and_on_several() {
    let root = support::root();
    let scratch = tempfile::tempdir().expect("temp dir");
    let source = scratch.path().join("contacts.yaml");
    let text = std::fs::read_to_string(root.join("tests/corpus/sendgrid/tsg_mc_contacts_v3.yaml")).expect("corpus document");
    let extra: String = (0..100).map(|i| format!("    Distinct{i}:\n      type: object\n      properties:\n        field_{i}: {{type: string}}\n")).collect();
    let text = text.replacen("components:\n  schemas:\n", &format!("components:\n  schemas:\n{extra}"), 1);
    assert!(text.contains("Distinct99"), "the extra schemas were added");
    std::fs::write(&source, text).expect("write the document");
    let read_tree = |threads: &str| {
        let dir = project(&source, "contacts.yaml");
        let output = Command::new(env!("CARGO_BIN_EXE_codegen"))
            .current_dir(dir.path())
            .env("CODEGEN_THREADS", threads)
            .arg("specs/codegen.toml")
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        let mut files = std::collections::BTreeMap::new();
        let mut pending = vec![dir.path().join("out")];
        while let Some(next) = pending.pop() {
            for entry in std::fs::read_dir(&next).expect("output dir") {
                let path = entry.expect("entry").path();
                if path.is_dir() {
                    pending.push(path);
                } else {
                    let relative = path.strip_prefix(dir.path()).expect("inside").to_path_buf();
                    files.insert(relative, std::fs::read(&path).expect("file"));
                }
            }
        }
        files
    };
    let one = read_tree("1");
    let types = one.get(Path::new("out/src/m/types.rs")).expect("types.rs");
    let defs = String::from_utf8_lossy(types).lines().filter(|l| l.starts_with("pub struct ") || l.starts_with("pub enum ")).count();
    assert!(defs > 64, "the document spans more than one emission job: {defs} types");
    assert_eq!(one, read_tree("4"));
}

/// `split_by_tag = true`: one module per first tag, each with only the types its operations
/// reach; a type both reach is defined once in `common`; with `module_features`, each part is a
/// cargo feature.
#[test]
fn split_by_tag_makes_one_feature_gated_module_per_tag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let specs = dir.path().join("specs");
    std::fs::create_dir_all(&specs).expect("specs dir");
    let doc = r##"
openapi: 3.0.3
info: {title: Store, version: "1"}
paths:
  /pets:
    get:
      operationId: ListPets
      tags: [pets]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Pet"}}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
  /orders:
    get:
      operationId: ListOrders
      tags: [store orders]
      responses:
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {$ref: "#/components/schemas/Order"}}}}}
        "404": {description: none, content: {application/json: {schema: {$ref: "#/components/schemas/Problem"}}}}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}}}
    Order: {type: object, properties: {pet: {$ref: "#/components/schemas/Pet"}, total: {type: number}}}
    Problem: {type: object, properties: {detail: {type: string}}}
    Unused: {type: object, properties: {x: {type: string}}}
"##;
    std::fs::write(specs.join("store.yaml"), doc).expect("doc");
    std::fs::write(
        specs.join("codegen.toml"),
        "[crate]\nname = \"t\"\nversion = \"0.1.0\"\ndescription = \"t\"\noutput = \"../out\"\nmodule_features = true\n\n[[module]]\nname = \"store\"\ninput = \"store.yaml\"\nsplit_by_tag = true\n",
    )
    .expect("config");
    let output = run(dir.path(), &[]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let read = |p: &str| std::fs::read_to_string(dir.path().join("out").join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let lib = read("src/lib.rs");
    assert!(lib.contains("pub mod common;"), "{lib}");
    assert!(lib.contains("#[cfg(feature = \"store_pets\")]\npub mod store_pets;"), "{lib}");
    assert!(lib.contains("#[cfg(feature = \"store_store_orders\")]\npub mod store_store_orders;"), "{lib}");
    let common = read("src/common.rs");
    assert!(common.contains("pub struct Pet {") && common.contains("pub struct Problem {"), "both parts reach Pet and Problem:\n{common}");
    assert!(!common.contains("pub struct Order {"), "only the orders part reaches Order");
    let orders = read("src/store_store_orders/types.rs");
    assert!(orders.contains("pub struct Order {") && orders.contains("pub use crate::common::Pet;"), "{orders}");
    let pets = read("src/store_pets/types.rs");
    assert!(!pets.contains("Order") && !pets.contains("Unused"), "a part holds only what its operations reach:\n{pets}");
    let manifest = read("Cargo.toml");
    assert!(manifest.contains("store_pets = []") && manifest.contains("store_store_orders = []"), "{manifest}");
}

/// `[crate] tests` copies the hand-written tests into the crate's `tests/`, each under a line
/// naming its original; one named like a generated test is an error that writes nothing.
#[test]
fn hand_written_tests_are_copied_into_the_crate() {
    let dir = project(&fixture("cli/example_drift.yaml"), "pets.yaml");
    let config = dir.path().join("specs/codegen.toml");
    let text = std::fs::read_to_string(&config).expect("config");
    std::fs::write(&config, text.replace("output = \"../out\"\n", "output = \"../out\"\ntests = \"tests\"\n")).expect("config");
    let tests = dir.path().join("specs/tests");
    std::fs::create_dir_all(&tests).expect("tests dir");
    std::fs::write(tests.join("mine.rs"), "#[test]\nfn mine() {}\n").expect("test");
    std::fs::write(tests.join("notes.txt"), "not a test").expect("other file");

    let output = run(dir.path(), &["-q"]);
    assert!(output.status.success(), "{}", texts(&output).1);
    let copied = std::fs::read_to_string(dir.path().join("out/tests/mine.rs")).expect("the test is copied");
    assert_eq!(copied, "// Copied by codegen from `specs/tests/mine.rs`; edit that file, not this one.\n\n#[test]\nfn mine() {}\n");
    assert!(!dir.path().join("out/tests/notes.txt").exists());
    assert!(dir.path().join("out/tests/operations.rs").exists(), "the generated tests are still there");

    std::fs::write(tests.join("operations.rs"), "// mine\n").expect("test");
    let before = std::fs::read_to_string(dir.path().join("out/tests/operations.rs")).expect("generated tests");
    let output = run(dir.path(), &[]);
    let stderr = texts(&output).1;
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("the hand-written test `operations.rs` has the name of a generated one"), "{stderr}");
    assert!(stderr.contains("/crate/tests"), "the error says where: {stderr}");
    assert_eq!(std::fs::read_to_string(dir.path().join("out/tests/operations.rs")).expect("generated tests"), before, "nothing written");
}
