//! Robustness of the generator: thousands of mutated SendGrid corpus documents (deleted keys,
//! wrong types, broken and cyclic `$ref`s, huge strings, deep nesting, odd keys), and mutated
//! Postman collections (the Scopes collection and the Postman fixtures), go through
//! load checks (and the Postman import) → normalise → model → emit. Every run must end, within a time limit, either with
//! a generated crate or with a diagnostic that names the document; none may panic or hang.
//!
//! The run count and the seed are printed (`cargo test -p tests --test robustness -- --nocapture`).
//! `ROBUSTNESS_SEED=<u64>` replays or varies the run, `ROBUSTNESS_CASES=<n>` changes its size.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};

/// The default seed: CI runs the same cases every time; set `ROBUSTNESS_SEED` to explore.
const DEFAULT_SEED: u64 = 0x5EED_0FC0_DE6E;
/// The default number of mutated documents.
const DEFAULT_CASES: u32 = 2000;
/// How long one document may take before it counts as a hang (a shared CI machine; the
/// slowest mutated corpus document takes well under a second). `ROBUSTNESS_TIME_LIMIT` (seconds)
/// overrides it.
fn time_limit() -> Duration {
    Duration::from_secs(env_or("ROBUSTNESS_TIME_LIMIT", 30))
}

/// One change to a document; `at` picks the node (see [`pick`]).
#[derive(Debug, Clone)]
enum Mutation {
    /// Remove the node from its parent.
    Delete { at: u64 },
    /// Replace the node with a value of another JSON type.
    Retype { at: u64, to: u8 },
    /// Break one `$ref`: dangling, external, not a string, empty, or a two-step cycle.
    BreakRef { at: u64, how: u8 },
    /// Replace the node with a string of `len` characters.
    HugeString { at: u64, len: usize },
    /// Wrap the node in `levels` objects or arrays.
    Deep { at: u64, levels: usize, arrays: bool },
    /// Rename a key of the node's parent to an awkward name.
    RenameKey { at: u64, to: u8 },
    /// Put characters a reader cannot see (direction controls, C0/C1 controls) into the node: a
    /// string gets them inside, an object's keys (property names, response codes, media types)
    /// get them appended, an array's strings (enum values, `required`) too.
    Hidden { at: u64, which: u8 },
}

/// The characters [`Mutation::Hidden`] inserts.
const HIDDEN: [&str; 6] = ["\u{202e}", "\u{2066}x\u{2069}", "\u{200f}", "\u{7}", "\u{1b}[31m", "\u{85}"];

/// Whether generated Rust source may not contain `c` as itself: rustc denies direction controls
/// in literals and comments, and control characters are never meant to be invisible.
fn forbidden_in_source(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
        || (c.is_control() && c != '\n' && c != '\t')
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => any::<u64>().prop_map(|at| Mutation::Delete { at }),
        3 => (any::<u64>(), 0u8..8).prop_map(|(at, to)| Mutation::Retype { at, to }),
        2 => (any::<u64>(), 0u8..5).prop_map(|(at, how)| Mutation::BreakRef { at, how }),
        1 => (any::<u64>(), prop_oneof![Just(10_000usize), Just(1_000_000usize)]).prop_map(|(at, len)| Mutation::HugeString { at, len }),
        1 => (any::<u64>(), 1usize..300, any::<bool>()).prop_map(|(at, levels, arrays)| Mutation::Deep { at, levels, arrays }),
        2 => (any::<u64>(), 0u8..6).prop_map(|(at, to)| Mutation::RenameKey { at, to }),
        2 => (any::<u64>(), any::<u8>()).prop_map(|(at, which)| Mutation::Hidden { at, which }),
    ]
}

/// The JSON pointer segments of a pseudo-random node chosen by `at`: a walk from the root that
/// goes one level deeper with probability 4/5 (always for the first two levels).
fn pick(doc: &Value, at: u64) -> Vec<String> {
    let mut state = at;
    let mut node = doc;
    let mut path = Vec::new();
    loop {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        let roll = state >> 33;
        if path.len() >= 2 && roll.is_multiple_of(5) {
            return path;
        }
        let (key, child) = match node {
            Value::Object(map) if !map.is_empty() => {
                let (k, v) = map.iter().nth((roll as usize / 5) % map.len()).expect("index in range");
                (k.clone(), v)
            }
            Value::Array(items) if !items.is_empty() => {
                let i = (roll as usize / 5) % items.len();
                (i.to_string(), &items[i])
            }
            _ => return path,
        };
        path.push(key);
        node = child;
    }
}

fn get_mut<'v>(doc: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(doc, |node, key| match node {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// The pointers of every `$ref` in the document, in document order.
fn refs(node: &Value, pointer: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                pointer.push(k.clone());
                if k == "$ref" {
                    out.push(pointer.clone());
                } else {
                    refs(v, pointer, out);
                }
                pointer.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointer.push(i.to_string());
                refs(v, pointer, out);
                pointer.pop();
            }
        }
        _ => {}
    }
}

fn apply(doc: &mut Value, m: &Mutation) {
    match *m {
        Mutation::Delete { at } => {
            let path = pick(doc, at);
            if let Some((last, parent)) = path.split_last() {
                match get_mut(doc, parent) {
                    Some(Value::Object(map)) => {
                        map.shift_remove(last);
                    }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() {
                            if i < items.len() {
                                items.remove(i);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        Mutation::Retype { at, to } => {
            let path = pick(doc, at);
            let value = match to {
                0 => Value::Null,
                1 => json!(true),
                2 => json!(-1),
                3 => json!(1.5e300),
                4 => json!("not what was expected"),
                5 => json!([]),
                6 => json!({}),
                _ => json!([{"$ref": "#/"}, null]),
            };
            if let Some(node) = get_mut(doc, &path) {
                *node = value;
            }
        }
        Mutation::BreakRef { at, how } => {
            let mut all = Vec::new();
            refs(doc, &mut Vec::new(), &mut all);
            if all.is_empty() {
                return;
            }
            let path = all[(at % all.len() as u64) as usize].clone();
            let schemas: Vec<String> =
                doc.pointer("/components/schemas").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
            let value = match how {
                0 => json!("#/components/schemas/DoesNotExist"),
                1 => json!("other-file.yaml#/components/schemas/Thing"),
                2 => json!(42),
                3 => json!(""),
                // Two schemas that are nothing but references to each other.
                _ if schemas.len() >= 2 => {
                    let (a, b) = (&schemas[(at % schemas.len() as u64) as usize], &schemas[((at / 7) % schemas.len() as u64) as usize]);
                    if let Some(node) = doc.pointer_mut(&format!("/components/schemas/{a}")) {
                        *node = json!({ "$ref": format!("#/components/schemas/{b}") });
                    }
                    if let Some(node) = doc.pointer_mut(&format!("/components/schemas/{b}")) {
                        *node = json!({ "$ref": format!("#/components/schemas/{a}") });
                    }
                    return;
                }
                _ => json!("#"),
            };
            if let Some(node) = get_mut(doc, &path) {
                *node = value;
            }
        }
        Mutation::HugeString { at, len } => {
            let path = pick(doc, at);
            let text: String = "ünïcödé {x} \"quoted\" */ \\ ".chars().cycle().take(len).collect();
            if let Some(node) = get_mut(doc, &path) {
                *node = Value::String(text);
            }
        }
        Mutation::Deep { at, levels, arrays } => {
            let path = pick(doc, at);
            if let Some(node) = get_mut(doc, &path) {
                let mut value = node.take();
                for _ in 0..levels {
                    value = if arrays {
                        Value::Array(vec![value])
                    } else {
                        Value::Object(std::iter::once(("items".to_string(), value)).collect())
                    };
                }
                *node = value;
            }
        }
        Mutation::Hidden { at, which } => {
            let path = pick(doc, at);
            let hidden = HIDDEN[usize::from(which) % HIDDEN.len()];
            match get_mut(doc, &path) {
                Some(Value::String(text)) => {
                    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i);
                    text.insert_str(middle, hidden);
                }
                Some(Value::Object(map)) => {
                    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
                    map.extend(entries.into_iter().map(|(k, v)| if k.starts_with('$') { (k, v) } else { (format!("{k}{hidden}"), v) }));
                }
                Some(Value::Array(items)) => {
                    for item in items.iter_mut() {
                        if let Value::String(text) = item {
                            text.push_str(hidden);
                        }
                    }
                }
                _ => {}
            }
        }
        Mutation::RenameKey { at, to } => {
            let path = pick(doc, at);
            let new_key = ["", "$ref", "{field_name}", "type", "😀 key", "x-rust-name"][usize::from(to) % 6];
            if let Some((last, parent)) = path.split_last() {
                if let Some(Value::Object(map)) = get_mut(doc, parent) {
                    if let Some(value) = map.shift_remove(last) {
                        map.insert(new_key.to_string(), value);
                    }
                }
            }
        }
    }
}

/// The corpus documents, parsed once.
fn corpus() -> Vec<(PathBuf, Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/sendgrid");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("corpus directory")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = PathBuf::from(format!("mutated/{}", path.file_name().expect("name").to_string_lossy()));
            let doc = codegen::load::read_document(&path, &name).expect("corpus documents load");
            (name, doc)
        })
        .collect()
}

/// The Postman collections: the product's Scopes collection and the fixtures that are JSON.
fn collections() -> Vec<(PathBuf, Value)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures/postman"))
        .expect("Postman fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "json") && !p.ends_with("not_json.json"))
        .collect();
    files.sort();
    files.push(root.join("../specs/scopes.postman_collection.json"));
    files
        .into_iter()
        .map(|path| {
            let name = PathBuf::from(format!("mutated/{}", path.file_name().expect("name").to_string_lossy()));
            let doc = codegen::load::read_document(&path, &name).expect("collections load");
            (name, doc)
        })
        .collect()
}

/// What a run ended with.
enum Outcome {
    Generated,
    Refused,
}

/// Runs the generator on one document on its own thread, so a hang is caught by the time limit.
fn run_one(file: &Path, doc: Value) -> Result<Outcome, String> {
    let (tx, rx) = mpsc::channel();
    let file_owned = file.to_path_buf();
    std::thread::spawn(move || {
        let result = codegen::generate_document("mutated", &file_owned, doc);
        let _ = tx.send(result.map(|g| {
            // Every Rust file must be free of characters a reader cannot see.
            let hidden = g.files.iter().filter(|(path, _)| path.extension().is_some_and(|e| e == "rs")).find_map(|(path, text)| {
                text.lines().enumerate().find(|(_, line)| line.chars().any(forbidden_in_source)).map(|(n, line)| format!("{}:{}: {line:?}", path.display(), n + 1))
            });
            (g.files.len(), hidden)
        }).map_err(|e| e.to_string()));
    });
    match rx.recv_timeout(time_limit()) {
        Ok(Ok((_, Some(line)))) => Err(format!("generated Rust source holds a hidden character: {line}")),
        Ok(Ok((files, None))) if files > 0 => Ok(Outcome::Generated),
        Ok(Ok(_)) => Err("generated a crate with no files".into()),
        Ok(Err(message)) => {
            let named = message.starts_with(&format!("error: {}#", file.display()));
            if named { Ok(Outcome::Refused) } else { Err(format!("a failure without a located diagnostic: {message}")) }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!("no answer within {:?}: the generator hangs", time_limit())),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("the generator panicked (message above)".into()),
    }
}

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name).ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

#[test]
fn mutated_corpus_documents_never_panic_or_hang() {
    let docs = corpus();
    assert_eq!(docs.len(), 46, "the whole corpus is mutated");
    mutate_and_run("corpus", &docs, env_or("ROBUSTNESS_CASES", DEFAULT_CASES));
}

/// Mutated Postman collections: the importer never panics or hangs either. A quarter of the
/// corpus run's cases (collections are small; `ROBUSTNESS_CASES` scales both).
#[test]
fn mutated_postman_collections_never_panic_or_hang() {
    let docs = collections();
    assert!(docs.len() >= 12, "the Postman fixtures and the Scopes collection: {}", docs.len());
    mutate_and_run("postman", &docs, env_or("ROBUSTNESS_CASES", DEFAULT_CASES) / 4);
}

/// Runs `cases` mutated copies of `docs` through the generator; `what` names the run.
fn mutate_and_run(what: &str, docs: &[(PathBuf, Value)], cases: u32) {
    let seed: u64 = env_or("ROBUSTNESS_SEED", DEFAULT_SEED);
    let mut seed_bytes = [0u8; 32];
    seed_bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 200, ..Config::default() };
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed_bytes));
    let strategy = (0..docs.len(), proptest::collection::vec(mutation(), 1..4));
    let (generated, refused) = (std::cell::Cell::new(0u32), std::cell::Cell::new(0u32));
    let started = Instant::now();
    let result = runner.run(&strategy, |(index, mutations)| {
        let (file, original) = &docs[index];
        let mut doc = original.clone();
        for m in &mutations {
            apply(&mut doc, m);
        }
        match run_one(file, doc) {
            Ok(Outcome::Generated) => generated.set(generated.get() + 1),
            Ok(Outcome::Refused) => refused.set(refused.get() + 1),
            Err(why) => return Err(TestCaseError::fail(format!("{}: {why}", file.display()))),
        }
        Ok(())
    });
    println!(
        "robustness ({what}): {cases} cases, seed {seed} (ROBUSTNESS_SEED), {} generated, {} refused with a diagnostic, {:.1?}",
        generated.get(),
        refused.get(),
        started.elapsed()
    );
    if let Err(e) = result {
        panic!("seed {seed}: {e}");
    }
    // The mutations must exercise both paths, or the test proves little.
    assert!(generated.get() > cases / 10 && refused.get() > cases / 10, "mutations too mild or too harsh");
}

/// The hand-made worst cases, each once: every one must end in a located diagnostic.
#[test]
fn hostile_documents_are_refused_with_a_located_diagnostic() {
    let mut deep = json!("leaf");
    // Built by hand: `json!` would serialise the inner value again, recursively.
    for _ in 0..100_000 {
        deep = Value::Array(vec![deep]);
    }
    let cases = [
        ("deep", {
            let mut doc = json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}});
            doc["x-deep"] = deep;
            doc
        }),
        ("self-ref", json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "components": {"schemas": {"A": {"$ref": "#/components/schemas/A"}}}})),
        ("no-paths", json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}})),
        ("paths-is-a-list", json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": []})),
    ];
    for (name, doc) in cases {
        let file = PathBuf::from(format!("{name}.yaml"));
        match run_one(&file, doc) {
            Ok(Outcome::Refused) => {}
            Ok(Outcome::Generated) => panic!("{name}: generated from a hostile document"),
            Err(why) => panic!("{name}: {why}"),
        }
    }
}
