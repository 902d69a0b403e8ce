//! Timing a child process: wall time and peak memory through `/usr/bin/time`, medians of runs.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

/// One run of one or more processes (a tool that handles one spec per process runs once per
/// spec; the sample then holds the summed wall time and the largest peak memory).
#[derive(Debug, Clone, Copy, Default)]
pub struct Sample {
    /// Wall time in seconds.
    pub secs: f64,
    /// Peak resident set size in KiB (`/usr/bin/time -f %M`), the largest over the processes.
    pub max_rss_kb: u64,
    /// CPU time (user + system, `%U + %S`) in seconds: less sensitive than wall time to other
    /// processes competing for the cores.
    pub cpu_secs: f64,
}

impl Sample {
    /// Adds a later process of the same run: times add up, peak memory is the maximum.
    pub fn add(&mut self, other: Sample) {
        self.secs += other.secs;
        self.cpu_secs += other.cpu_secs;
        self.max_rss_kb = self.max_rss_kb.max(other.max_rss_kb);
    }
}

/// Runs `cmd` under `/usr/bin/time -f "%e %M"` (falling back to a plain wall clock and no memory
/// figure when that is missing). Fails with the last lines of stderr when the command fails.
pub fn run_timed(cmd: &mut Command, scratch: &Path) -> Result<Sample, String> {
    let time_file = scratch.join("time.out");
    let has_time = Path::new("/usr/bin/time").exists();
    let mut wrapped = if has_time {
        let mut w = Command::new("/usr/bin/time");
        w.arg("-f").arg("%e %M %U %S").arg("-o").arg(&time_file).arg(cmd.get_program()).args(cmd.get_args());
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => w.env(k, v),
                None => w.env_remove(k),
            };
        }
        if let Some(dir) = cmd.get_current_dir() {
            w.current_dir(dir);
        }
        w
    } else {
        std::mem::replace(cmd, Command::new("true"))
    };
    let started = Instant::now();
    let output = wrapped.output().map_err(|e| format!("cannot start {:?}: {e}", wrapped.get_program()))?;
    let wall = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(failure_reason(&output));
    }
    if !has_time {
        return Ok(Sample { secs: wall, max_rss_kb: 0, cpu_secs: 0.0 });
    }
    let text = std::fs::read_to_string(&time_file).map_err(|e| format!("no /usr/bin/time output: {e}"))?;
    // The wall time is our own clock (`%e` has only 10 ms resolution); memory is `%M`.
    let fields: Vec<&str> = text.lines().last().unwrap_or("").split_whitespace().collect();
    let max_rss_kb = fields.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let cpu = |i: usize| fields.get(i).and_then(|s| s.parse::<f64>().ok()).unwrap_or(0.0);
    Ok(Sample { secs: wall, max_rss_kb, cpu_secs: cpu(2) + cpu(3) })
}

/// A one-line reason from a failed process: its exit status and the last meaningful stderr
/// (or stdout) line.
pub fn failure_reason(output: &std::process::Output) -> String {
    let pick = |bytes: &[u8]| {
        String::from_utf8_lossy(bytes)
            .lines()
            .map(str::trim)
            .rfind(|l| {
                !l.is_empty()
                    && !l.starts_with("Command exited")
                    && !l.starts_with("Command terminated")
                    && !l.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ' ')
            })
            .map(str::to_string)
    };
    // A Rust panic: its message is the line after `panicked at`.
    let stderr = String::from_utf8_lossy(&output.stderr);
    let panic = stderr.lines().skip_while(|l| !l.contains("panicked at")).nth(1).map(|l| format!("panic: {}", l.trim()));
    let line = panic.or_else(|| pick(&output.stderr)).or_else(|| pick(&output.stdout)).unwrap_or_default();
    let mut line: String = line.chars().take(160).collect();
    line = line.replace('|', "\\|");
    format!("exit {}: {line}", output.status.code().map_or("signal".to_string(), |c| c.to_string()))
}

/// The median of some samples: each figure is the median of that figure.
pub fn median(samples: &[Sample]) -> Option<Sample> {
    if samples.is_empty() {
        return None;
    }
    let mut secs: Vec<f64> = samples.iter().map(|s| s.secs).collect();
    let mut rss: Vec<u64> = samples.iter().map(|s| s.max_rss_kb).collect();
    let mut cpu: Vec<f64> = samples.iter().map(|s| s.cpu_secs).collect();
    secs.sort_by(f64::total_cmp);
    cpu.sort_by(f64::total_cmp);
    rss.sort_unstable();
    let mid = samples.len() / 2;
    let secs = if samples.len().is_multiple_of(2) { (secs[mid - 1] + secs[mid]) / 2.0 } else { secs[mid] };
    Some(Sample { secs, max_rss_kb: rss[mid], cpu_secs: cpu[mid] })
}

/// Seconds, printed with a precision that suits their size.
pub fn fmt_secs(secs: f64) -> String {
    if secs < 0.1 {
        format!("{:.1} ms", secs * 1000.0)
    } else if secs < 10.0 {
        format!("{secs:.2} s")
    } else {
        format!("{secs:.1} s")
    }
}

/// KiB as MiB with one decimal.
pub fn fmt_mib(kb: u64) -> String {
    format!("{:.1} MiB", kb as f64 / 1024.0)
}
