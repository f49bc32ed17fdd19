//! Versioned schema migrations, applied at start-up. A migration never changes once released:
//! add a new one. Several backends may start at once: one migrates under a lease
//! (`lock`) while the others wait, and the version record still makes each migration apply
//! exactly once should a lease run out while its holder works.

mod count;
mod lock;
mod schema;

use schema::*;

use super::{StorageError, Store, one, tx_query};
use crate::domain::now_ms;
use crate::vars;

/// What a migration does after its SurrealQL, in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Then {
    Nothing,
    /// Counts every board again from its ideas and supports into the ledger.
    CountBoards,
    /// Counts every survey response into the ledger scope of its day.
    CountSurveyDays,
    /// Counts every public contribution into its activity's months (`domain::responsiveness`).
    CountMonths,
}

/// Tries of a migration that conflicts with another backend's before it counts as failed.
const MIGRATION_TRIES: u64 = 8;

/// (version, SurrealQL, then) in order.
pub(super) const MIGRATIONS: &[(i64, &str, Then)] = &[
    (1, V1, Then::Nothing),
    (2, V2, Then::Nothing),
    (3, V3, Then::Nothing),
    (4, V4, Then::Nothing),
    (5, V5, Then::CountBoards),
    (6, V6, Then::Nothing),
    (7, V7, Then::Nothing),
    (8, V8, Then::Nothing),
    (9, V9, Then::Nothing),
    (10, V10, Then::CountSurveyDays),
    (11, V11, Then::Nothing),
    (12, V12, Then::Nothing),
    (13, V13, Then::CountMonths),
    (14, V14, Then::Nothing),
];

/// The version of the last migration this release knows.
pub(super) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |(v, _, _)| *v)
}

pub(super) async fn run(store: &Store) -> Result<(), StorageError> {
    // Backends starting together race to define these tables.
    again_on_conflict(|| define_own_tables(store)).await?;
    let Some(lease) = lock::take(store, || async { applied(store, latest()).await }).await? else {
        return Ok(());
    };
    // Under the lease a conflict means the lease ran out while its holder still worked.
    let result = again_on_conflict(|| apply(store, MIGRATIONS)).await;
    lease.release(store).await;
    result
}

/// Runs `op` again (a few times, waiting longer each time) while it conflicts with another
/// backend's.
async fn again_on_conflict<F, Fut>(op: F) -> Result<(), StorageError>
where
    F: Fn() -> Fut,
    Fut: Future<Output = Result<(), StorageError>>,
{
    let mut tries = 0;
    loop {
        match op().await {
            Err(StorageError::Conflict | StorageError::AlreadyExists)
                if tries < MIGRATION_TRIES =>
            {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(50 * tries)).await;
            }
            done => return done,
        }
    }
}

/// Applies those of `migrations` not applied yet (tests start from an older schema with it).
pub(super) async fn apply(
    store: &Store,
    migrations: &[(i64, &str, Then)],
) -> Result<(), StorageError> {
    define_own_tables(store).await?;
    for (version, sql, then) in migrations {
        // Backends starting together race for each migration: the loser's transaction
        // conflicts (or finds the version taken) and, once the winner's commit is visible,
        // sees it applied; until then it waits and tries again. A migration that keeps
        // failing so is a failed migration.
        let mut tries = 0;
        loop {
            if applied(store, *version).await? {
                break;
            }
            match apply_one(store, *version, sql, *then).await {
                Ok(()) => {
                    tracing::info!(version, "applied schema migration");
                    break;
                }
                Err(e @ (StorageError::AlreadyExists | StorageError::Conflict)) => {
                    tries += 1;
                    if applied(store, *version).await? {
                        tracing::info!(version, "migration applied by another backend");
                        break;
                    }
                    if tries >= MIGRATION_TRIES {
                        return Err(e);
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(50 * tries)).await;
                }
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

/// The record of applied migrations, and the lease of the one backend migrating.
async fn define_own_tables(store: &Store) -> Result<(), StorageError> {
    store
        .db
        .query(
            "DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL;
             DEFINE FIELD IF NOT EXISTS version ON migration TYPE int;
             DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE int;
             DEFINE TABLE IF NOT EXISTS migration_lock SCHEMAFULL;
             DEFINE FIELD IF NOT EXISTS holder ON migration_lock TYPE string;
             DEFINE FIELD IF NOT EXISTS until ON migration_lock TYPE int;",
        )
        .await?
        .check()?;
    Ok(())
}

async fn applied(store: &Store, version: i64) -> Result<bool, StorageError> {
    let mut res = store
        .db
        .query("SELECT version FROM ONLY type::record('migration', $v)")
        .bind(("v", version))
        .await?;
    let done: Option<serde_json::Value> = one(&mut res, 0)?;
    Ok(done.is_some())
}

/// One migration in one transaction: its SurrealQL, what comes then, its version record.
async fn apply_one(store: &Store, version: i64, sql: &str, then: Then) -> Result<(), StorageError> {
    let tx = store.db.clone().begin().await?;
    let done = async {
        let script = format!(
            "{sql}\nCREATE type::record('migration', $v) SET version = $v, applied_at = $now;"
        );
        let (tx, _) = tx_query(tx, &script, vars!("v" => version, "now" => now_ms())).await?;
        match then {
            Then::Nothing => Ok(tx),
            Then::CountBoards => count::count_boards(tx).await,
            Then::CountSurveyDays => count::count_survey_days(tx).await,
            Then::CountMonths => count::count_months(tx).await,
        }
    }
    .await;
    match done {
        Ok(tx) => tx.commit().await.map(|_| ()).map_err(StorageError::from),
        Err((tx, e)) => {
            if let Some(tx) = tx {
                let _ = tx.cancel().await;
            }
            Err(e)
        }
    }
}
