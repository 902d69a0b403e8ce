//! The Postman training corpus (`tests/corpus/postman-real/`, beside the repository): every
//! collection imports and generates a crate, with one method per request except the requests
//! that cannot be sent at all (no URL), each named by a warning. Prints, per collection, the
//! requests, the methods generated and the warnings by kind (`--nocapture` shows them).
//! `cargo xtask postman-real` also compiles each crate with clippy.

use tests::postman_corpus::{collection_files, generate, CORPUS_DIR};
use tests::workspace_root;

#[test]
fn every_request_of_every_collection_becomes_a_method() {
    let dir = workspace_root().join(CORPUS_DIR);
    let files = collection_files(&dir).unwrap_or_else(|e| panic!("the corpus is read from {}: {e}", dir.display()));
    assert_eq!(files.len(), 19, "the corpus README lists 19 collections");
    let mut failures = Vec::new();
    let (mut requests, mut methods) = (0, 0);
    for file in &files {
        let collection = generate(file);
        println!("{}", collection.summary());
        requests += collection.requests;
        methods += collection.methods();
        let Ok(generated) = &collection.generated else {
            failures.push(format!("{}: generation failed", collection.name));
            continue;
        };
        let expected = collection.requests - collection.unsendable.len();
        if collection.methods() != expected {
            failures.push(format!("{}: {} methods for {expected} sendable requests", collection.name, collection.methods()));
        }
        for name in &collection.unsendable {
            let named = generated.report.warnings.iter().any(|w| w.message.contains(&format!("request `{name}` cannot be sent")));
            if !named {
                failures.push(format!("{}: no warning names the request `{name}`, which cannot be sent", collection.name));
            }
        }
    }
    println!("all: {requests} requests, {methods} methods");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
