//! The `blocking` feature: one shared Tokio runtime on which synchronous calls run.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;

/// Runs `future` to completion on the crate's runtime, blocking the current thread.
///
/// Each call's future is wrapped in one boxed `dyn Future` that stores its output, so the
/// runtime's own `block_on` (a large generic function) is compiled once for the crate rather
/// than once per operation.
///
/// # Panics
///
/// Panics if called from inside an async runtime (use the async API there), or if the runtime
/// cannot be created at all.
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    let mut output = None;
    let slot = &mut output;
    run(Box::pin(async move {
        *slot = Some(future.await);
    }));
    output.expect("a future run to completion has an output")
}

/// Runs one type-erased future on the shared runtime (created on first use).
fn run(future: Pin<Box<dyn Future<Output = ()> + '_>>) {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name(concat!(env!("CARGO_PKG_NAME"), "-blocking"))
            .enable_all()
            .build()
            .expect("the blocking runtime can be created")
    });
    runtime.block_on(future)
}
