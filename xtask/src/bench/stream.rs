//! The streaming part of `cargo xtask bench client`: 100,000 server-sent events read through a
//! generated client against the same events read by a hand-written loop (reqwest's body stream,
//! the same `eventsource-stream` parser, `serde_json` per event), and the peak memory of a
//! 50 MiB download streamed (`send_streaming()`) against read whole.
//!
//! The client is generated from `tests/fixtures/emit/streaming.yaml` into
//! `target/bench/stream/client`; the program is `benches/stream/main.rs`, built with `--release`
//! in `target/bench/stream/bench` (not a workspace member: it depends on a generated crate).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use super::tools::cargo;

const EVENTS: usize = 100_000;
const DOWNLOAD: usize = 50 * 1024 * 1024;

/// Builds and runs the benchmark `rounds` times; returns a Markdown table.
pub fn run(rounds: usize) -> Result<String, String> {
    let root = Path::new("target/bench/stream");
    let files = codegen::generate_document("streaming", Path::new("streaming.yaml"), load()?).map_err(|e| e.to_string())?.files;
    let mut files = files;
    // The crate is named after the module; the program names it `stream_bench_client`.
    if let Some(manifest) = files.get_mut(Path::new("Cargo.toml")) {
        *manifest = manifest.replacen("name = \"streaming\"", "name = \"stream-bench-client\"", 1) + "\n[workspace]\n";
    }
    codegen::write::write_atomically(&root.join("client"), &files).map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", root.join("client/Cargo.lock")).map_err(|e| e.to_string())?;
    let bench = root.join("bench");
    std::fs::create_dir_all(bench.join("src")).map_err(|e| e.to_string())?;
    std::fs::copy("benches/stream/main.rs", bench.join("src/main.rs")).map_err(|e| e.to_string())?;
    std::fs::write(
        bench.join("Cargo.toml"),
        "[package]\nname = \"stream-bench\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n\
         stream-bench-client = { path = \"../client\" }\neventsource-stream = \"0.2\"\nfutures = \"0.3\"\n\
         reqwest = { version = \"0.12\", default-features = false, features = [\"rustls-tls\", \"stream\"] }\n\
         serde = { version = \"1\", features = [\"derive\"] }\nserde_json = \"1\"\n\
         tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\", \"net\", \"io-util\"] }\n\n[workspace]\n",
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy("Cargo.lock", bench.join("Cargo.lock")).map_err(|e| e.to_string())?;
    let status = cargo()
        .args(["build", "--quiet", "--release", "--manifest-path"])
        .arg(bench.join("Cargo.toml"))
        .env("CARGO_TARGET_DIR", root.join("build"))
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("the stream benchmark does not build ({status})"));
    }
    let exe = root.join("build/release/stream-bench");
    let run = |args: &[String]| -> Result<serde_json::Value, String> {
        let out = Command::new(&exe).args(args).output().map_err(|e| e.to_string())?;
        let text = String::from_utf8_lossy(&out.stdout);
        serde_json::from_str(text.trim()).map_err(|e| format!("{e}: {text}{}", String::from_utf8_lossy(&out.stderr)))
    };
    let mut md = String::from("| round | generated client, 100,000 events | by hand | generated / by hand |\n|---:|---:|---:|---:|\n");
    let mut ratios = Vec::new();
    for round in 1..=rounds.max(1) {
        eprintln!("==> bench client (events): round {round} of {rounds}");
        let v = run(&["events".into(), EVENTS.to_string()])?;
        let (generated, by_hand) = (v["generated_ms"].as_f64().unwrap_or(f64::NAN), v["by_hand_ms"].as_f64().unwrap_or(f64::NAN));
        ratios.push(generated / by_hand);
        let _ = writeln!(md, "| {round} | {generated:.1} ms | {by_hand:.1} ms | {:.3} |", generated / by_hand);
    }
    ratios.sort_by(f64::total_cmp);
    let _ = writeln!(md, "| **median** | | | **{:.3}** |", ratios[ratios.len() / 2]);
    let streamed = run(&["download".into(), "streaming".into(), DOWNLOAD.to_string()])?;
    let buffered = run(&["download".into(), "buffered".into(), DOWNLOAD.to_string()])?;
    let mib = |v: &serde_json::Value| v["peak_kib"].as_f64().unwrap_or(f64::NAN) / 1024.0;
    let _ = writeln!(
        md,
        "\n| 50 MiB download | peak resident memory of the process |\n|---|---:|\n| streamed (`send_streaming()`) | {:.1} MiB |\n| read whole (`.await`) | {:.1} MiB |",
        mib(&streamed),
        mib(&buffered)
    );
    Ok(md)
}

/// The streaming fixture, parsed.
fn load() -> Result<serde_json::Value, String> {
    let path = Path::new("tests/fixtures/emit/streaming.yaml");
    codegen::load::read_document(path, path).map_err(|e| e.to_string())
}
