//! The `blocking` feature: one shared Tokio runtime on which synchronous calls run.

use std::future::Future;
use std::sync::OnceLock;

/// Runs `future` to completion on the crate's runtime, blocking the current thread.
///
/// # Panics
///
/// Panics if called from inside an async runtime (use the async API there), or if the runtime
/// cannot be created at all.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sendgrid-blocking")
            .enable_all()
            .build()
            .expect("the blocking runtime can be created")
    });
    runtime.block_on(future)
}
