//! The embedded engine's files: where its lock is, and waiting for the engine to let go of them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a closing process waits for the embedded engine to shut down.
const CLOSE_WAIT: Duration = Duration::from_secs(10);

/// The lock file of an embedded SurrealKV database (`surrealkv://PATH?…`); none for `mem://`
/// or a server, which hold no files of this process.
pub(super) fn lock_file(url: &str) -> Option<PathBuf> {
    let rest = url.strip_prefix("surrealkv://")?;
    let path = rest.split('?').next().unwrap_or(rest);
    (!path.is_empty()).then(|| Path::new(path).join("LOCK"))
}

/// Waits until no one holds `lock` (the engine releases it as the last step of its shutdown).
/// Returns whether it was released in time.
pub(super) async fn released(lock: &Path) -> bool {
    let deadline = Instant::now() + CLOSE_WAIT;
    loop {
        // Taking the lock ourselves is the test; dropping the file gives it back at once.
        let free = std::fs::File::open(lock).is_ok_and(|file| file.try_lock().is_ok());
        if free {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_file_database_has_a_lock_file() {
        assert_eq!(
            lock_file("surrealkv:///var/lib/coproduce/db?sync=every"),
            Some(PathBuf::from("/var/lib/coproduce/db/LOCK"))
        );
        assert_eq!(
            lock_file("surrealkv://data/db"),
            Some(PathBuf::from("data/db/LOCK"))
        );
        assert_eq!(lock_file("mem://"), None);
        assert_eq!(lock_file("ws://127.0.0.1:8000"), None);
    }
}
