//! The only place that speaks SurrealQL. Every function takes the organisation first, and every
//! record id starts with it (`idea:['stadtteilhaus-nord', 'k3…']`).

mod activities;
mod backup;
mod cursor;
mod files;
pub(crate) mod group_commit;
pub(crate) mod ledger;
mod migrations;
mod orgs;
mod reachable;
pub(crate) mod receipts;
mod staff;

use std::future::Future;
use std::time::Duration;

use serde::de::DeserializeOwned;
use surrealdb::Surreal;
use surrealdb::engine::any::Any;
use surrealdb::opt::auth::Root;

pub use activities::{ActivityChange, ActivityRow, NewActivity};
pub use cursor::Cursor;
pub use ledger::Folded;
pub use orgs::{OrgRow, OrgSizes};
pub use receipts::ReceiptRow;
pub use staff::{SessionRow, StaffRow};

use crate::config::DatabaseSettings;

/// Tries of a write that keeps meeting transaction conflicts before giving up.
const MAX_TRIES: u32 = 60;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// The board takes no new ideas or supports.
    #[error("closed")]
    Closed,
    #[error("already exists")]
    AlreadyExists,
    /// As many people at one address support the idea as are allowed.
    #[error("enough supporters from this address")]
    AddressFull,
    /// The change would leave the organisation without an admin.
    #[error("the organisation's last admin")]
    LastAdmin,
    /// Another transaction wrote the same record; the whole operation may be tried again.
    #[error("transaction conflict")]
    Conflict,
    #[error("still conflicting after {0} tries")]
    Contention(u32),
    /// The submission writer has stopped (the backend is shutting down).
    #[error("storage is shutting down")]
    Stopped,
    /// The embedded database's files are open in another process.
    #[error(
        "the database files are in use by another process (a running `coproduce serve`?): stop \
         it first, or let several processes share a database server (database.url = ws://…)"
    )]
    InUse,
    /// A backup is restored only into an empty installation.
    #[error("the database is not empty: a backup is restored only into an empty installation")]
    NotEmpty,
    #[error("database error: {0}")]
    Db(#[source] surrealdb::Error),
    #[error("unexpected data from the database: {0}")]
    Decode(String),
}

impl From<surrealdb::Error> for StorageError {
    fn from(e: surrealdb::Error) -> Self {
        classify(e)
    }
}

fn classify(e: surrealdb::Error) -> StorageError {
    match kind(&e) {
        Kind::Conflict => StorageError::Conflict,
        Kind::AlreadyExists => StorageError::AlreadyExists,
        Kind::Other => {
            crate::metrics::STORAGE.errors.inc();
            StorageError::Db(e)
        }
    }
}

/// What `classify` makes of a database error.
#[derive(PartialEq)]
enum Kind {
    Conflict,
    AlreadyExists,
    Other,
}

fn kind(e: &surrealdb::Error) -> Kind {
    // The driver's kinds first. The text stays as a fallback: SurrealDB 3.3.5 hands many
    // errors of statements inside a query over without a kind (with the text alone, five
    // concurrency tests fail: conflicts that must be retried, ids and unique keys that exist).
    use surrealdb::types::QueryError;
    let msg = e.message().to_ascii_lowercase();
    if e.query_details() == Some(&QueryError::TransactionConflict)
        || msg.contains("can be retried")
        || msg.contains("transaction conflict")
        || msg.contains("write conflict")
    {
        Kind::Conflict
    } else if e.is_already_exists()
        || msg.contains("already exists")
        || msg.contains("already contains")
    {
        Kind::AlreadyExists
    } else {
        Kind::Other
    }
}

/// The database handle. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    pub(crate) db: Surreal<Any>,
    /// New records: concurrent submissions commit together.
    pub(crate) group: group_commit::GroupCommit,
    /// The embedded engine's lock file, released when it has shut down (`close`).
    lock_file: Option<std::sync::Arc<std::path::Path>>,
    /// `mem://` (tests, benchmarks): nothing to lose touch with.
    in_memory: bool,
    /// Whether a database server answers (`reachable`).
    reachable: reachable::Reachable,
}

pub(crate) type Tx = surrealdb::method::Transaction<Any>;

impl Store {
    /// Connects (`surrealkv://…` file, `mem://`, or `ws://…` server), signs in when credentials
    /// are set, and brings the schema up to date.
    pub async fn connect(settings: &DatabaseSettings) -> Result<Self, StorageError> {
        let store = Self::open(settings).await?;
        // Backends starting together on a server can still meet one another's schema changes
        // outside the migration lease (seen once as a conflict while three started); every
        // step of `run` is safe to take again.
        let mut tries = 0;
        loop {
            match migrations::run(&store).await {
                Err(StorageError::Conflict) if tries < 5 => {
                    tries += 1;
                    tracing::info!(tries, "migrations met another backend's; again");
                    tokio::time::sleep(std::time::Duration::from_millis(100 * tries)).await;
                }
                done => return done.map(|()| store),
            }
        }
    }

    /// Connects and signs in, leaving the schema as it is (`restore` fills an empty one).
    async fn open(settings: &DatabaseSettings) -> Result<Self, StorageError> {
        let db = surrealdb::engine::any::connect(settings.url.as_str())
            .await
            .map_err(|e| {
                // SurrealKV locks its directory; the usual cause is a running `serve`.
                if e.to_string().contains("already locked") {
                    StorageError::InUse
                } else {
                    classify(e)
                }
            })?;
        if let (Some(username), Some(password)) = (&settings.username, &settings.password) {
            db.signin(Root {
                username: username.clone(),
                password: password.expose().to_string(),
            })
            .await?;
        }
        db.use_ns(settings.namespace.as_str())
            .use_db(settings.database.as_str())
            .await?;
        let group = group_commit::GroupCommit::new(db.clone());
        let lock_file = files::lock_file(&settings.url).map(Into::into);
        Ok(Self {
            db,
            group,
            lock_file,
            in_memory: settings.url.starts_with("mem://"),
            reachable: reachable::Reachable::new(),
        })
    }

    /// Whether the database answers and holds every migration this release knows: a backend
    /// that started against a database another (newer or half-migrated) one left is not ready.
    pub async fn ready(&self) -> Result<bool, StorageError> {
        let latest = migrations::latest();
        let mut res = self
            .db
            .query("SELECT VALUE version FROM migration WHERE version = $v")
            .bind(("v", latest))
            .await?;
        let found: Vec<i64> = rows(&mut res, 0)?;
        Ok(!found.is_empty())
    }

    /// Lets go of the database; with the embedded file engine, waits until the engine has
    /// shut down and released its files. A process that ends sooner cuts the engine's
    /// background tasks off mid-shutdown: harmless for the data (every commit is on disk), but
    /// each is logged as an error. Only the last clone of a store has this effect.
    pub async fn close(self) {
        let Some(lock) = self.lock_file.clone() else {
            return;
        };
        drop(self);
        if !files::released(&lock).await {
            tracing::warn!("the database was still shutting down when the process ended");
        }
    }

    /// How many commits stored how many new records since start: the mean group size.
    pub fn submission_commits(&self) -> (u64, u64) {
        self.group.counts()
    }

    /// The raw client, for the benchmark's plain-insert baseline on the same schema.
    #[doc(hidden)]
    pub fn raw(&self) -> &Surreal<Any> {
        &self.db
    }

    /// Runs read-only statements in one snapshot, so what they read fits together.
    pub(crate) async fn snapshot(
        &self,
        sql: &str,
        vars: serde_json::Value,
    ) -> Result<surrealdb::IndexedResults, StorageError> {
        let tx = self.db.clone().begin().await?;
        let result = tx.query(sql).bind(vars).await;
        // Nothing was written; cancelling only releases the snapshot.
        let _ = tx.cancel().await;
        Ok(result?.check()?)
    }

    /// Runs `op` in a fresh transaction, committing on success and trying again on conflict.
    pub(crate) async fn write<T, F, Fut>(&self, mut op: F) -> Result<T, StorageError>
    where
        F: FnMut(Tx) -> Fut,
        Fut: Future<Output = Result<(Tx, T), (Option<Tx>, StorageError)>>,
    {
        for attempt in 0..MAX_TRIES {
            let tx = self.db.clone().begin().await?;
            let result = match op(tx).await {
                Ok((tx, value)) => tx.commit().await.map(|_| value).map_err(classify),
                Err((tx, e)) => {
                    if let Some(tx) = tx {
                        // Cancelling can fail if the transaction is already gone; the error that
                        // brought us here is the one worth reporting.
                        let _ = tx.cancel().await;
                    }
                    Err(e)
                }
            };
            match result {
                Err(StorageError::Conflict) => backoff(attempt).await,
                other => return other,
            }
        }
        Err(StorageError::Contention(MAX_TRIES))
    }
}

/// Runs statements in one round trip, again on conflict. When a `BEGIN … COMMIT` batch fails,
/// every statement reports an error; the telling one (a conflict, a duplicate) is returned
/// rather than the generic "not executed".
async fn batch(db: &Surreal<Any>, sql: &str, vars: serde_json::Value) -> Result<(), StorageError> {
    for attempt in 0..MAX_TRIES {
        let result = match db.query(sql).bind(vars.clone()).await {
            Ok(mut res) => {
                let mut errors: Vec<(usize, surrealdb::Error)> =
                    res.take_errors().into_iter().collect();
                errors.sort_by_key(|(i, _)| *i);
                match errors.into_iter().map(|(_, e)| e).min_by_key(tellingness) {
                    Some(e) => Err(classify(e)),
                    None => Ok(()),
                }
            }
            Err(e) => Err(classify(e)),
        };
        match result {
            Err(StorageError::Conflict) => backoff(attempt).await,
            other => return other,
        }
    }
    Err(StorageError::Contention(MAX_TRIES))
}

/// How much an error of a failed batch says about why it failed (lower says more): the
/// statements after the failing one report only that they were not run.
fn tellingness(e: &surrealdb::Error) -> u8 {
    use surrealdb::types::QueryError;
    match (kind(e), e.query_details()) {
        (Kind::Conflict | Kind::AlreadyExists, _) => 0,
        (Kind::Other, Some(QueryError::NotExecuted | QueryError::Cancelled)) => 2,
        (Kind::Other, _) => 1,
    }
}

/// Waits a little, with jitter, so writers that collided spread out.
async fn backoff(attempt: u32) {
    crate::metrics::STORAGE.retries.inc();
    let max = 1u64 << attempt.min(6);
    tokio::time::sleep(Duration::from_millis(rand::random_range(0..=max))).await;
}

/// Runs one query inside a transaction; on error hands the transaction back for cancelling.
pub(crate) async fn tx_query(
    tx: Tx,
    sql: &str,
    vars: serde_json::Value,
) -> Result<(Tx, surrealdb::IndexedResults), (Option<Tx>, StorageError)> {
    let result = tx.query(sql).bind(vars).await;
    let checked = match result {
        Ok(res) => res.check().map_err(classify),
        Err(e) => Err(classify(e)),
    };
    match checked {
        Ok(res) => Ok((tx, res)),
        Err(e) => Err((Some(tx), e)),
    }
}

/// The rows of statement `idx`, decoded through JSON.
pub(crate) fn rows<T: DeserializeOwned>(
    res: &mut surrealdb::IndexedResults,
    idx: usize,
) -> Result<Vec<T>, StorageError> {
    let value: surrealdb::types::Value = res.take(idx)?;
    let value = value.into_json_value();
    match value {
        serde_json::Value::Null => Ok(Vec::new()),
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|v| serde_json::from_value(v).map_err(|e| StorageError::Decode(e.to_string())))
            .collect(),
        single => serde_json::from_value(single)
            .map(|v| vec![v])
            .map_err(|e| StorageError::Decode(e.to_string())),
    }
}

/// The single row of statement `idx`, if any.
pub(crate) fn one<T: DeserializeOwned>(
    res: &mut surrealdb::IndexedResults,
    idx: usize,
) -> Result<Option<T>, StorageError> {
    Ok(rows(res, idx)?.into_iter().next())
}

/// Builds bound variables for a query from `(name, value)` pairs.
#[macro_export]
macro_rules! vars {
    ($($k:literal => $v:expr),* $(,)?) => {
        serde_json::json!({ $($k: $v),* })
    };
}

#[cfg(test)]
mod tests;
