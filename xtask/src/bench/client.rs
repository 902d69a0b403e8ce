//! `cargo xtask bench client`: runs the criterion benchmark of the `bench-client` crate (one
//! generated-client call vs the same call by hand with reqwest, against a loopback server) and
//! reads criterion's estimates back into a table with the ratio.

use std::fmt::Write as _;
use std::path::Path;

use super::tools::cargo;

/// The criterion group and the two functions compared, as named in `benches/client/`.
const GROUP: &str = "list_teammates";
const GENERATED: &str = "generated_client";
const BY_HAND: &str = "reqwest_by_hand";

/// Runs the benchmark (`measurement` seconds per function); returns a Markdown table.
pub fn run(measurement: u32) -> Result<String, String> {
    let status = cargo()
        .args(["bench", "-p", "bench-client", "--bench", "client", "--", "--warm-up-time", "1", "--measurement-time"])
        .arg(measurement.to_string())
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("cargo bench failed: {status}"));
    }
    let generated = estimate(GENERATED)?;
    let by_hand = estimate(BY_HAND)?;
    let mut md = String::from("| call | median | mean | ratio to hand-written |\n|---|---:|---:|---:|\n");
    for (name, (med, mean)) in [(GENERATED, generated), (BY_HAND, by_hand)] {
        let _ = writeln!(md, "| {name} | {:.1} µs | {:.1} µs | {:.3} |", med / 1000.0, mean / 1000.0, med / by_hand.0);
    }
    Ok(md)
}

/// Criterion's median and mean point estimates (ns) for one function of the group.
fn estimate(function: &str) -> Result<(f64, f64), String> {
    let path = Path::new("target/criterion").join(GROUP).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let point = |key: &str| value[key]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no {key}", path.display()));
    Ok((point("median")?, point("mean")?))
}
