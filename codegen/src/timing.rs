//! Stage timings for profiling the generator on large documents: with `CODEGEN_TIMINGS=1` in the
//! environment, each timed stage prints its wall time to stderr (`timing: normalise/refs 0.012 s`).
//! Off by default; the output of the generator never depends on it.

use std::sync::OnceLock;
use std::time::Instant;

/// Whether timings are printed.
fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("CODEGEN_TIMINGS").is_some_and(|v| v == "1"))
}

/// Runs `f`, printing its wall time under `name` when timings are enabled.
pub fn timed<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let out = f();
    eprintln!("timing: {name} {:.3} s", started.elapsed().as_secs_f64());
    out
}
