//! `cargo xtask bench client`: runs the criterion benchmark of the `bench-client` crate (one
//! generated-client call vs the same call by hand with reqwest, against a loopback server) and
//! reads criterion's estimates back into a table with the ratio.
//!
//! On this 2-core machine the same function's median moves by ±15 % from one criterion run to
//! the next, which is more than the 5 % the target allows. So the benchmark is run several times
//! (`rounds`), each round timing all functions back to back, and the table gives each round's
//! ratio and the median ratio over the rounds.

use std::fmt::Write as _;
use std::path::Path;

use super::tools::cargo;

/// The criterion group and the functions compared, as named in `benches/client/`.
const GROUP: &str = "list_teammates";
const GENERATED: &str = "generated_client";
const BY_HAND: &str = "reqwest_by_hand";
const SAME_SETTINGS: &str = "reqwest_by_hand_same_settings";

/// Runs the benchmark `rounds` times (`measurement` seconds per function); returns a Markdown
/// table.
pub fn run(measurement: u32, rounds: usize) -> Result<String, String> {
    let mut per_round: Vec<[(f64, f64); 3]> = Vec::new();
    for round in 1..=rounds.max(1) {
        eprintln!("==> bench client: round {round} of {rounds}");
        let status = cargo()
            .args(["bench", "-p", "bench-client", "--bench", "client", "--", "--warm-up-time", "1", "--measurement-time"])
            .arg(measurement.to_string())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err(format!("cargo bench failed: {status}"));
        }
        per_round.push([estimate(GENERATED)?, estimate(BY_HAND)?, estimate(SAME_SETTINGS)?]);
    }
    let mut md = String::from(
        "| round | generated_client (median) | reqwest_by_hand | reqwest_by_hand_same_settings | generated / by hand | generated / same settings |\n|---:|---:|---:|---:|---:|---:|\n",
    );
    let mut ratios = Vec::new();
    let mut ratios_same = Vec::new();
    for (i, [generated, by_hand, same]) in per_round.iter().enumerate() {
        let (r, r_same) = (generated.0 / by_hand.0, generated.0 / same.0);
        ratios.push(r);
        ratios_same.push(r_same);
        let _ = writeln!(
            md,
            "| {} | {:.1} µs | {:.1} µs | {:.1} µs | {r:.3} | {r_same:.3} |",
            i + 1,
            generated.0 / 1000.0,
            by_hand.0 / 1000.0,
            same.0 / 1000.0
        );
    }
    let _ = writeln!(md, "| **median** | | | | **{:.3}** | **{:.3}** |", median(&mut ratios), median(&mut ratios_same));
    Ok(md)
}

/// The median of `values` (sorted in place).
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// Criterion's median and mean point estimates (ns) for one function of the group.
fn estimate(function: &str) -> Result<(f64, f64), String> {
    let path = Path::new("target/criterion").join(GROUP).join(function).join("new/estimates.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let point = |key: &str| value[key]["point_estimate"].as_f64().ok_or_else(|| format!("{}: no {key}", path.display()));
    Ok((point("median")?, point("mean")?))
}
