//! Runs independent pieces of work (one per module, one per file) on several threads.
//!
//! Results come back in input order, so the output never depends on which thread finished
//! first. Each worker gets the generator's large stack (see [`STACK_BYTES`]), since the stages
//! walk nested schemas recursively.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The stack each generator thread runs on. Schemas nest, and the stages walk them
/// recursively; a document may nest up to [`crate::load::MAX_NESTING`] levels, which the default
/// 2 MiB of a thread does not always cover in a debug build.
pub const STACK_BYTES: usize = 64 * 1024 * 1024;

/// The environment variable that caps the number of worker threads (default: the number of
/// CPUs). `CODEGEN_THREADS=1` runs everything on one thread.
pub const THREADS_VAR: &str = "CODEGEN_THREADS";

/// How many workers to start for `jobs` pieces of work.
fn worker_count(jobs: usize) -> usize {
    let wanted = std::env::var(THREADS_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| *n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1));
    wanted.min(jobs).max(1)
}

/// Applies `work` to every item, on up to [`worker_count`] threads, and returns the results in
/// the order of `items`. A panic in `work` is passed on to the caller unchanged.
pub fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = worker_count(items.len());
    let next = AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let run = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(item) = items.get(index) else { break };
        let result = work(item);
        done.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push((index, result));
    };
    std::thread::scope(|scope| {
        let mut handles = Vec::with_capacity(workers);
        for _ in 0..workers {
            let spawned = std::thread::Builder::new().name("codegen".into()).stack_size(STACK_BYTES).spawn_scoped(scope, run);
            match spawned {
                Ok(handle) => handles.push(handle),
                // Out of threads: the workers already started (or this one) do the rest.
                Err(_) => break,
            }
        }
        if handles.is_empty() {
            run();
        }
        for handle in handles {
            if let Err(panic) = handle.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_input_order() {
        let items: Vec<u64> = (0..200).collect();
        let squares = map(&items, |n| {
            // Uneven work, so that threads finish out of order.
            std::thread::sleep(std::time::Duration::from_micros((n % 7) * 50));
            n * n
        });
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn no_items_means_no_results() {
        let none: Vec<u8> = Vec::new();
        assert!(map(&none, |n| *n).is_empty());
    }
}
