//! `self-profile-summary PROFILE.mm_profdata CRATE [TOP]`: reads a rustc `-Z self-profile` file
//! recorded with `-Z self-profile-events=default,query-keys` and prints, as a Markdown table,
//! where the compiler's time went: self time (an event's time less that of the events nested in
//! it) per query and per *kind* of item of the crate `CRATE`. An item's kind is its path with the
//! crate, the module names and the impl indices taken out, so that the 1,223 `into_future`
//! methods of 1,223 call builders add up to one row (`calls: {{impl}}::into_future`), named
//! after the file the item is in (`types`, `calls`, `mod`, ...). Events without an item of the
//! crate as their key (trait solving, whole-crate passes) are summed per query. The profiler's
//! own events (`self_profile_alloc_query_strings`) are left out.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

use analyzeme::{ProfilingData, Timestamp};

/// One interval event: thread, start, end, query, key.
struct Event {
    thread: u32,
    start: std::time::SystemTime,
    end: std::time::SystemTime,
    query: String,
    key: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(krate)) = (args.first(), args.get(1)) else {
        eprintln!("usage: self-profile-summary PROFILE.mm_profdata CRATE [TOP]");
        return ExitCode::from(2);
    };
    let top: usize = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(30);
    let data = match ProfilingData::new(Path::new(path)) {
        Ok(data) => data,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut events: Vec<Event> = data
        .iter_full()
        .filter_map(|e| match e.payload.timestamp()? {
            Timestamp::Interval { start, end } => Some(Event {
                thread: e.thread_id,
                start,
                end,
                query: e.label.to_string(),
                key: e.additional_data.first().map(|k| k.to_string()).unwrap_or_default(),
            }),
            Timestamp::Instant(_) => None,
        })
        .collect();
    // Parents before their children: by thread, start, then the longer first.
    events.sort_by(|a, b| a.thread.cmp(&b.thread).then(a.start.cmp(&b.start)).then(b.end.cmp(&a.end)));
    let length = |e: &Event| e.end.duration_since(e.start).unwrap_or_default();
    let mut self_time: Vec<Duration> = events.iter().map(length).collect();
    let mut open: Vec<usize> = Vec::new();
    for i in 0..events.len() {
        while let Some(&parent) = open.last() {
            if events[parent].thread != events[i].thread || events[parent].end <= events[i].start {
                open.pop();
            } else {
                break;
            }
        }
        if let Some(&parent) = open.last() {
            self_time[parent] = self_time[parent].saturating_sub(length(&events[i]));
        }
        open.push(i);
    }
    let prefix = format!("{}::", krate.replace('-', "_"));
    let mut rows: BTreeMap<(String, String), (Duration, usize)> = BTreeMap::new();
    let mut total = Duration::ZERO;
    for (event, time) in events.iter().zip(&self_time) {
        // The profiler's own work, not the compiler's.
        if event.query.starts_with("self_profile") {
            continue;
        }
        total += *time;
        let row = rows.entry((event.query.clone(), item_kind(&event.key, &prefix))).or_default();
        row.0 += *time;
        row.1 += 1;
    }
    let mut rows: Vec<_> = rows.into_iter().collect();
    rows.sort_by(|a, b| b.1 .0.cmp(&a.1 .0).then(a.0.cmp(&b.0)));
    println!("Self time in all: {:.2} s (summed over threads)\n", total.as_secs_f64());
    println!("| self time | share | events | query | kind of item |\n|---:|---:|---:|---|---|");
    for ((query, kind), (time, count)) in rows.iter().take(top) {
        let share = 100.0 * time.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE);
        println!("| {:.2} s | {share:.1} % | {count} | `{query}` | {kind} |", time.as_secs_f64());
    }
    ExitCode::SUCCESS
}

/// The kind of item a query key names: for an item of the crate (`krate::m::calls::{{impl}}[3]::send`)
/// the file it is in and its last two path segments without indices (`calls: {{impl}}::send`);
/// anything else (no key, a type, a predicate) is "—".
fn item_kind(key: &str, prefix: &str) -> String {
    let Some(path) = key.strip_prefix(prefix) else { return "—".to_string() };
    let segments: Vec<&str> = path.split("::").collect();
    let file = segments.iter().position(|s| matches!(*s, "types" | "calls" | "mock" | "client" | "runtime" | "common"));
    let (file, rest) = match file {
        Some(i) => (segments[i], &segments[i + 1..]),
        // An item of a module's `mod.rs`: `krate::module::{{impl}}::method`.
        None => ("mod", segments.get(1..).unwrap_or(&[])),
    };
    let rest: Vec<String> = rest
        .iter()
        .map(|s| s.split('[').next().unwrap_or(s).to_string())
        .filter(|s| s != "_")
        .collect();
    let tail = rest.len().saturating_sub(2);
    format!("{file}: `{}`", rest[tail..].join("::"))
}
