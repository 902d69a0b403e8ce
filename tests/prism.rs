//! Stoplight Prism, the independent mock server of the contract tests: found (or a clear
//! failure saying how to install it) and started on a free loopback port per document.
//!
//! Finding Prism: `$PRISM_BIN`, else `target/prism/node_modules/.bin/prism` (where `cargo xtask
//! test` installs it with npm), else `node_modules/.bin/prism`, else `prism` on `PATH`.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::workspace_root;

/// How long Prism may take to start listening.
const STARTUP_LIMIT: Duration = Duration::from_secs(60);

/// Where Prism is: `$PRISM_BIN`, else `target/prism/node_modules/.bin/prism` (where
/// `cargo xtask test` installs it), else `node_modules/.bin/prism` under the workspace root, else
/// `prism` on `PATH`. Without it the test fails, saying how to install it: a contract test that
/// did not run must not report as passed. (`CONTRACT_TESTS=skip` marks the tests ignored
/// instead; see `build.rs`.)
pub fn find_prism() -> PathBuf {
    if let Some(bin) = std::env::var_os("PRISM_BIN") {
        let bin = PathBuf::from(bin);
        assert!(bin.is_file(), "PRISM_BIN={} does not exist", bin.display());
        return bin;
    }
    let root = workspace_root();
    let installed = [root.join("target/prism/node_modules/.bin/prism"), root.join("node_modules/.bin/prism")];
    if let Some(found) = installed.into_iter().find(|p| p.is_file()) {
        return found;
    }
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join("prism"))
        .find(|candidate| candidate.is_file());
    on_path.unwrap_or_else(|| {
        panic!(
            "contract test: Stoplight Prism not found. `cargo xtask test` installs it (npm install \
             --prefix target/prism @stoplight/prism-cli@5); or install it yourself and set PRISM_BIN, or \
             put `prism` on PATH. To skip the contract tests explicitly, set CONTRACT_TESTS=skip: \
             they then report as ignored, not passed."
        )
    })
}

/// A running `prism mock`, killed when dropped (also when the test panics).
pub struct Prism {
    child: Child,
    log: tempfile::NamedTempFile,
    /// Where it listens, `http://127.0.0.1:PORT`.
    pub base_url: String,
}

impl Prism {
    /// Starts Prism on a free loopback port for `spec` and waits (bounded) until it listens.
    pub fn start(bin: &Path, spec: &Path) -> Prism {
        let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free loopback port").port();
        let log = tempfile::NamedTempFile::new().expect("temp log file");
        let out = log.reopen().expect("log file");
        let err = log.reopen().expect("log file");
        let child = Command::new(bin)
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .env("SCARF_ANALYTICS", "false")
            .stdin(Stdio::null())
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", bin.display()));
        let mut prism = Prism { child, log, base_url: format!("http://127.0.0.1:{port}") };
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("prism exited before listening ({status}):\n{}", prism.output());
            }
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                break;
            }
            assert!(started.elapsed() < STARTUP_LIMIT, "prism did not listen within {STARTUP_LIMIT:?}:\n{}", prism.output());
            std::thread::sleep(Duration::from_millis(100));
        }
        // Written to stderr directly (libtest captures `eprintln!`), so every run shows that the
        // contract was checked for real.
        let _ = writeln!(
            std::io::stderr(),
            "prism for {} listening on {} after {:?}",
            spec.display(),
            prism.base_url,
            started.elapsed()
        );
        prism
    }

    /// What Prism printed so far.
    pub fn output(&self) -> String {
        let mut text = String::new();
        if let Ok(mut file) = self.log.reopen() {
            let _ = file.read_to_string(&mut text);
        }
        text
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
