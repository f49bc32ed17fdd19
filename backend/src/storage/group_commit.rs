//! New records, committed in groups.
//!
//! Every submission waits for a durable commit, and a commit costs about the same for one
//! record as for fifty. So while a few commits are in flight, the records that arrive meanwhile
//! queue up, and the next commit takes all of them (up to `MAX_GROUP`) in one transaction,
//! with one summed ledger delta per activity (`ledger`). Before committing a small group the
//! committer yields a few times, so that requests being parsed at that moment join it
//! (BENCHMARKS.md). Under no load a group is a single record and nothing waits but those few
//! yields (microseconds). If a group fails as a whole (say, a key that happens to exist
//! already), its records are written one by one, so each gets its own answer.
//!
//! Any kind of record goes through the same queue: a job names its table (a constant of the
//! kind's storage module, never input).

use std::collections::{BTreeMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use surrealdb::Surreal;
use surrealdb::engine::any::Any;
use tokio::sync::{Semaphore, oneshot};

use super::ledger::delta_doc;
use super::{StorageError, batch};
use crate::domain::OrgId;
use crate::domain::counts::Counts;

/// Records in one commit at most (a bounded transaction, bounded waiting).
const MAX_GROUP: usize = 64;
/// Below this many queued records a committer first yields (up to `LINGER_YIELDS` times), so
/// that requests already being parsed can join its group.
const SMALL_GROUP: usize = 4;
const LINGER_YIELDS: usize = 4;
/// Commits in flight at once; the next group gathers while they wait for the disk. A commit
/// spends much of its time waiting for the fsync: with fewer the cores idled meanwhile, more
/// gained nothing (measured at 8 clients, see git history of BENCHMARKS.md).
const IN_FLIGHT: usize = 4;

/// A record ready to store (with its companions, such as its receipt), and what it adds to
/// its activity's counts.
pub(crate) struct Pending {
    /// (table, record with its `id`); tables are constants of storage modules, never input.
    pub records: Vec<(&'static str, serde_json::Value)>,
    pub org: OrgId,
    /// What it adds to the counts of each scope (the activity; a kind may keep more scopes,
    /// such as a survey's days).
    pub deltas: Vec<(String, Counts)>,
}

struct Job {
    /// Which submission queued it.
    ticket: u64,
    record: Pending,
    reply: oneshot::Sender<Result<(), StorageError>>,
}

/// The submissions waiting for a commit, and the commits that may run at once.
#[derive(Clone)]
pub(crate) struct GroupCommit {
    waiting: Arc<Mutex<VecDeque<Job>>>,
    slots: Arc<Semaphore>,
    next_ticket: Arc<AtomicU64>,
    committer: Committer,
}

/// What a commit needs, shared by every commit (a group's may run in a task of its own).
#[derive(Clone)]
struct Committer {
    db: Surreal<Any>,
    /// Commits made and records they stored, since start (how well groups form).
    counts: Arc<CommitCounts>,
}

/// How many commits stored how many records.
#[derive(Debug, Default)]
struct CommitCounts {
    commits: AtomicU64,
    records: AtomicU64,
}

impl CommitCounts {
    fn add(&self, records: usize) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.records.fetch_add(records as u64, Ordering::Relaxed);
        crate::metrics::STORAGE
            .group_records
            .observe(records as f64);
    }
}

impl GroupCommit {
    pub(super) fn new(db: Surreal<Any>) -> Self {
        Self {
            waiting: Arc::default(),
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
            next_ticket: Arc::default(),
            committer: Committer {
                db,
                counts: Arc::default(),
            },
        }
    }

    /// (commits, records) stored since start.
    pub(super) fn counts(&self) -> (u64, u64) {
        let counts = &self.committer.counts;
        (
            counts.commits.load(Ordering::Relaxed),
            counts.records.load(Ordering::Relaxed),
        )
    }

    /// Stores the record; returns once it is durably committed (or refused).
    ///
    /// The submitter queues its record, waits for a free commit slot, then commits everything
    /// queued by then (its own, unless an earlier commit took it). No writer task sits in
    /// between, so under no load a submission costs what a single insert costs.
    pub(crate) async fn submit(&self, record: Pending) -> Result<(), StorageError> {
        let (reply, mut answer) = oneshot::channel();
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        self.lock().push_back(Job {
            ticket,
            record,
            reply,
        });
        loop {
            // Either an earlier committer took our record and answers, or a slot frees up and we
            // commit whatever is queued by then.
            let slot = tokio::select! {
                biased;
                result = &mut answer => return finish(result),
                slot = self.slots.clone().acquire_owned() => slot.map_err(|_| StorageError::Stopped)?,
            };
            // A small group: let the submissions being parsed right now join it first.
            for _ in 0..LINGER_YIELDS {
                if self.lock().len() >= SMALL_GROUP {
                    break;
                }
                tokio::task::yield_now().await;
            }
            let group: Vec<Job> = {
                let mut waiting = self.lock();
                let n = waiting.len().min(MAX_GROUP);
                waiting.drain(..n).collect()
            };
            if group.is_empty() {
                // Not queued and not answered: ours is in a commit under way.
                drop(slot);
                return finish(answer.await);
            }
            if let [job] = group.as_slice()
                && job.ticket == ticket
            {
                // Only our own record: commit it here, without a task hop (measurably slower
                // under load). If the client leaves meanwhile, no one else is waiting for it.
                self.committer.commit(group).await;
                drop(slot);
                continue;
            }
            // A task of its own: if this request goes away (the client left), the group still
            // commits and every submitter in it hears back.
            let committer = self.committer.clone();
            let _ = tokio::spawn(async move {
                committer.commit(group).await;
                drop(slot);
            })
            .await;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Job>> {
        // A panic while holding the lock cannot leave the queue half-changed (push and drain
        // are single calls), so a poisoned lock is still usable.
        self.waiting
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

fn finish(
    answer: Result<Result<(), StorageError>, oneshot::error::RecvError>,
) -> Result<(), StorageError> {
    answer.map_err(|_| StorageError::Stopped)?
}

impl Committer {
    async fn commit(&self, jobs: Vec<Job>) {
        if jobs.len() > 1 {
            let records: Vec<&Pending> = jobs.iter().map(|j| &j.record).collect();
            if self.write(&records).await.is_ok() {
                self.counts.add(jobs.len());
                for job in jobs {
                    // The submitter may have gone (client hung up); the record is stored anyway.
                    let _ = job.reply.send(Ok(()));
                }
                return;
            }
        }
        for job in jobs {
            let result = self.write(&[&job.record]).await;
            if result.is_ok() {
                self.counts.add(1);
            }
            let _ = job.reply.send(result);
        }
    }

    /// Writes the records and one ledger delta per activity in one transaction.
    ///
    /// The activity is not read again here: the caller checked that it exists, is open and
    /// how it moderates (from a cache that this backend's own changes clear at once): reading
    /// it again here made every submission measurably slower.
    async fn write(&self, records: &[&Pending]) -> Result<(), StorageError> {
        let mut tables: BTreeMap<&'static str, Vec<&serde_json::Value>> = BTreeMap::new();
        let mut deltas: BTreeMap<(&OrgId, &str), Counts> = BTreeMap::new();
        for r in records {
            for (table, doc) in &r.records {
                tables.entry(table).or_default().push(doc);
            }
            for (scope, counts) in &r.deltas {
                deltas
                    .entry((&r.org, scope.as_str()))
                    .or_default()
                    .merge(counts);
            }
        }
        let mut sql = String::from("BEGIN;\n");
        let mut vars = serde_json::Map::new();
        for (i, (table, docs)) in tables.into_iter().enumerate() {
            // The table is a constant of a storage module, never input.
            sql.push_str(&format!("INSERT INTO {table} $r{i} RETURN NONE;\n"));
            vars.insert(format!("r{i}"), serde_json::json!(docs));
        }
        let deltas: Vec<serde_json::Value> = deltas
            .iter()
            .filter(|(_, counts)| !counts.is_empty())
            .map(|((org, scope), counts)| delta_doc(org, scope, counts))
            .collect();
        if !deltas.is_empty() {
            sql.push_str("INSERT INTO ledger_delta $deltas RETURN NONE;\n");
            vars.insert("deltas".into(), deltas.into());
        }
        sql.push_str("COMMIT;");
        batch(&self.db, &sql, vars.into()).await
    }
}
