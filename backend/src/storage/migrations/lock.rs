//! One backend migrates at a time. Backends starting together on one database server would
//! otherwise run the same `DEFINE INDEX` at once, and the server's background index builds
//! then trip over each other. The lock is a lease: a backend that dies while migrating holds
//! it only until the lease runs out; the holder renews it while it works.

use std::time::Duration;

use crate::domain::{now_ms, random_key};
use crate::storage::{StorageError, Store, one, tx_query};
use crate::vars;

/// How long a lease lasts without renewal.
const LEASE: Duration = Duration::from_secs(30);
/// How often the holder renews it.
const RENEW: Duration = Duration::from_secs(5);
/// How often a waiting backend looks again.
const POLL: Duration = Duration::from_millis(100);

/// The lease, held until dropped (then renewal stops; `release` gives it back at once).
pub(super) struct Lease {
    holder: String,
    renewal: tokio::task::JoinHandle<()>,
}

/// Takes the lease, waiting while another backend holds it; `None` once `done` says the work
/// is done meanwhile (by the other backend).
pub(super) async fn take<F, Fut>(store: &Store, done: F) -> Result<Option<Lease>, StorageError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<bool, StorageError>>,
{
    let holder = random_key(16);
    loop {
        if done().await? {
            return Ok(None);
        }
        if try_take(store, &holder).await? {
            let (store, renewing) = (store.clone(), holder.clone());
            let renewal = tokio::spawn(async move {
                loop {
                    tokio::time::sleep(RENEW).await;
                    if let Err(e) = extend(&store, &renewing).await {
                        tracing::warn!(error = %e, "could not renew the migration lease");
                    }
                }
            });
            return Ok(Some(Lease { holder, renewal }));
        }
        tokio::time::sleep(POLL).await;
    }
}

impl Lease {
    pub(super) async fn release(self, store: &Store) {
        self.renewal.abort();
        let gone = store
            .db
            .query("DELETE migration_lock:only WHERE holder = $holder")
            .bind(vars!("holder" => self.holder.as_str()))
            .await
            .and_then(|r| r.check());
        if let Err(e) = gone {
            // Not fatal: the lease runs out by itself.
            tracing::warn!(error = %e, "could not release the migration lease");
        }
    }
}

fn until() -> i64 {
    now_ms() + LEASE.as_millis() as i64
}

/// Takes the lease if nobody holds it or the holder's ran out (a backend taking it at the
/// same moment conflicts, and reads it again).
async fn try_take(store: &Store, holder: &str) -> Result<bool, StorageError> {
    let now = now_ms();
    store
        .write(move |tx| async move {
            let (tx, mut res) = tx_query(
                tx,
                "SELECT VALUE until FROM ONLY migration_lock:only",
                vars!(),
            )
            .await?;
            let held: Option<i64> = match one(&mut res, 0) {
                Ok(v) => v,
                Err(e) => return Err((Some(tx), e)),
            };
            if held.is_some_and(|until| until >= now) {
                return Ok((tx, false));
            }
            let (tx, _) = tx_query(
                tx,
                "UPSERT migration_lock:only SET holder = $holder, until = $until RETURN NONE",
                vars!("holder" => holder, "until" => until()),
            )
            .await?;
            Ok((tx, true))
        })
        .await
}

async fn extend(store: &Store, holder: &str) -> Result<(), StorageError> {
    store
        .db
        .query("UPDATE migration_lock:only SET until = $until WHERE holder = $holder RETURN NONE")
        .bind(vars!("holder" => holder, "until" => until()))
        .await?
        .check()?;
    Ok(())
}
