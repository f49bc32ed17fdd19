//! Logging to stderr: `RUST_LOG` filters (default `info`); tests stay quiet unless `TEST_LOG`
//! is set.

use tracing_subscriber::EnvFilter;

pub fn init(default_filter: &str) {
    let filter =
        EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_filter));
    // A second init (several tests in one process) is harmless: the first subscriber stays.
    // Logs go to stderr: stdout is what a command answers (`board create` prints the key).
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_writer(std::io::stderr)
        .try_init();
}
