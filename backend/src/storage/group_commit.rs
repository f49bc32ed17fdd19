//! New ideas, committed in groups.
//!
//! Every submission waits for a durable commit, and a commit costs about the same for one idea
//! as for fifty. So while a few commits are in flight, the ideas that arrive meanwhile queue
//! up, and the next commit takes all of them (up to `MAX_GROUP`) in one statement: the ideas
//! and nothing else (their counters are folded later, `stats`). Before committing a small
//! group the committer yields a few times, so that requests being parsed at that moment join
//! it: at 32 clients that took the rate from 0.67–0.93 to 0.85–1.22 of plain inserts, at 8
//! from 0.43–0.63 to 0.58–0.74 (BENCHMARKS.md). Under no load a group is a single idea and
//! nothing waits but those few yields (microseconds). If a group fails as a whole (say, a key
//! that happens to exist already), its ideas are written one by one, so each gets its own
//! answer.
//!
//! Each commit tags its ideas with the open epoch, which must not close before the commit has
//! (`fold`). How that is made sure depends on who else writes to the database, [`EpochCheck`].
//! Where this process is the database's only client it also keeps what it committed in each
//! epoch it opened (`tally`), so that folding such an epoch need not read its ideas back.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use surrealdb::Surreal;
use surrealdb::engine::any::Any;
use tokio::sync::{RwLock, RwLockWriteGuard, Semaphore, oneshot};

use super::fold::{INSERT_IDEAS, INSERT_IDEAS_SOLE, epoch_closed, open_epoch};
use super::ideas::IdeaRow;
use super::stats::{Born, NewIdea};
use super::tally::Tallies;
use super::{MAX_TRIES, StorageError, batch};
use crate::domain::OrgId;

/// Ideas in one commit at most (a bounded transaction, bounded waiting).
const MAX_GROUP: usize = 64;
/// Below this many queued ideas a committer first yields (up to `LINGER_YIELDS` times), so
/// that requests already being parsed can join its group.
const SMALL_GROUP: usize = 4;
const LINGER_YIELDS: usize = 4;
/// Commits in flight at once; the next group gathers while they wait for the disk. Four, not
/// two: a commit spends much of its time waiting for the fsync, and with two the cores idled
/// meanwhile (8 clients, six runs in turn: 0.56–0.74 of plain inserts with two, 0.73–0.84
/// with four; three, six or eight were no better than four, BENCHMARKS.md).
const IN_FLIGHT: usize = 4;

/// How a commit makes sure that the epoch it tags its ideas with is still open.
#[derive(Clone)]
pub(super) enum EpochCheck {
    /// This process is the database's only client: an embedded engine (SurrealKV locks its
    /// directory against a second opener, `mem://` lives in the process) behind one `Store`.
    /// Commits hold this lock for reading; closing an epoch takes it for writing, so no commit
    /// is under way while an epoch closes. The transaction is the insert alone: a read in it,
    /// locked or not, cost 0.2 ms per commit here (BENCHMARKS.md).
    InProcess(Arc<RwLock<()>>),
    /// Backends share the database (a server): each commit reads the epoch again in its own
    /// transaction, locked, so that a close by any backend makes it fail and try again.
    InTransaction,
}

impl EpochCheck {
    /// The check for a database at `url`: in-process only where no other process can write.
    pub(super) fn for_url(url: &str) -> Self {
        match url.split_once("://").map(|(scheme, _)| scheme) {
            Some("mem" | "memory" | "surrealkv" | "surrealkv+versioned") => {
                Self::InProcess(Arc::default())
            }
            _ => Self::InTransaction,
        }
    }
}

/// An idea ready to store.
pub(super) struct Pending {
    pub org: OrgId,
    pub row: IdeaRow,
}

struct Job {
    /// Which submission queued it.
    ticket: u64,
    idea: Pending,
    reply: oneshot::Sender<Result<(), StorageError>>,
}

/// The submissions waiting for a commit, and the commits that may run at once.
#[derive(Clone)]
pub(super) struct IdeaQueue {
    waiting: Arc<Mutex<VecDeque<Job>>>,
    slots: Arc<Semaphore>,
    next_ticket: Arc<AtomicU64>,
    committer: Committer,
}

/// What a commit needs, shared by every commit (a group's may run in a task of its own).
#[derive(Clone)]
struct Committer {
    db: Surreal<Any>,
    /// The open epoch as last read (0: read it before the next commit).
    epoch: Arc<AtomicI64>,
    check: EpochCheck,
    /// What this process committed per epoch it opened (`None` where others may write too).
    tallies: Option<Tallies>,
    /// Commits made and ideas they stored, since start (how well groups form).
    counts: Arc<CommitCounts>,
}

/// How many commits stored how many ideas.
#[derive(Debug, Default)]
struct CommitCounts {
    commits: AtomicU64,
    ideas: AtomicU64,
}

impl CommitCounts {
    fn add(&self, ideas: usize) {
        self.commits.fetch_add(1, Ordering::Relaxed);
        self.ideas.fetch_add(ideas as u64, Ordering::Relaxed);
    }
}

impl IdeaQueue {
    pub(super) fn new(db: Surreal<Any>, check: EpochCheck) -> Self {
        let tallies = match check {
            EpochCheck::InProcess(_) => Some(Tallies::default()),
            EpochCheck::InTransaction => None,
        };
        Self {
            waiting: Arc::default(),
            slots: Arc::new(Semaphore::new(IN_FLIGHT)),
            next_ticket: Arc::default(),
            committer: Committer {
                db,
                epoch: Arc::default(),
                check,
                tallies,
                counts: Arc::default(),
            },
        }
    }

    /// (commits, ideas) stored since start.
    pub(super) fn counts(&self) -> (u64, u64) {
        let counts = &self.committer.counts;
        (
            counts.commits.load(Ordering::Relaxed),
            counts.ideas.load(Ordering::Relaxed),
        )
    }

    /// The epoch closed: read the open one before the next commit.
    pub(super) fn forget_epoch(&self) {
        self.committer.epoch.store(0, Ordering::Relaxed);
    }

    /// This process closed an epoch and opened `epoch` (holding `closing`, so no commit has
    /// joined it yet): keep a tally of it.
    pub(super) fn opened(&self, epoch: i64) {
        if let Some(tallies) = &self.committer.tallies {
            tallies.opened(epoch);
        }
    }

    /// Whether this process tallies what it commits per epoch (it is the database's only
    /// client).
    pub(super) fn keeps_tallies(&self) -> bool {
        self.committer.tallies.is_some()
    }

    /// The ideas committed in `epoch`, if this process kept a complete tally of it.
    pub(super) fn tallied(&self, epoch: i64) -> Option<Vec<NewIdea>> {
        self.committer.tallies.as_ref()?.tallied(epoch)
    }

    /// Every epoch up to `epoch` is in the folded counters: their tallies are done with.
    pub(super) fn folded(&self, epoch: i64) {
        if let Some(tallies) = &self.committer.tallies {
            tallies.folded(epoch);
        }
    }

    /// Held while an epoch closes: no commit of this process runs meanwhile (in-process check;
    /// `None` when the transactions check the epoch themselves).
    pub(super) async fn closing(&self) -> Option<RwLockWriteGuard<'_, ()>> {
        match &self.committer.check {
            EpochCheck::InProcess(lock) => Some(lock.write().await),
            EpochCheck::InTransaction => None,
        }
    }

    /// Stores the idea; returns once it is durably committed (or refused).
    ///
    /// The submitter queues its idea, waits for a free commit slot, then commits everything
    /// queued by then (its own idea, unless an earlier commit took it). No writer task sits in
    /// between, so under no load a submission costs what a single insert costs.
    pub(super) async fn submit(&self, idea: Pending) -> Result<IdeaRow, StorageError> {
        let row = idea.row.clone();
        let (reply, mut answer) = oneshot::channel();
        let ticket = self.next_ticket.fetch_add(1, Ordering::Relaxed);
        self.lock().push_back(Job {
            ticket,
            idea,
            reply,
        });
        loop {
            // Either an earlier committer took our idea and answers, or a slot frees up and we
            // commit whatever is queued by then.
            let slot = tokio::select! {
                biased;
                result = &mut answer => return finish(result, row),
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
                return finish(answer.await, row);
            }
            if let [job] = group.as_slice()
                && job.ticket == ticket
            {
                // Only our own idea: commit it here, without a task hop (it cost up to a
                // millisecond per submission on this VM, BENCHMARKS.md). If the client leaves
                // meanwhile, no one else is waiting for this commit.
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
    row: IdeaRow,
) -> Result<IdeaRow, StorageError> {
    answer.map_err(|_| StorageError::Stopped)?.map(|_| row)
}

impl Committer {
    async fn commit(&self, jobs: Vec<Job>) {
        if jobs.len() > 1 {
            let ideas: Vec<&Pending> = jobs.iter().map(|j| &j.idea).collect();
            if self.write(&ideas).await.is_ok() {
                self.counts.add(jobs.len());
                for job in jobs {
                    // The submitter may have gone (client hung up); the idea is stored anyway.
                    let _ = job.reply.send(Ok(()));
                }
                return;
            }
        }
        for job in jobs {
            let result = self.write(&[&job.idea]).await;
            if result.is_ok() {
                self.counts.add(1);
            }
            let _ = job.reply.send(result);
        }
    }

    /// Writes the ideas in one statement (one transaction), in the open epoch.
    ///
    /// The board is not read again here: the caller checked that it exists, is open and how it
    /// moderates (from a cache that this backend's own changes clear at once). Reading it in the
    /// transaction made every submission cost 40 % more (BENCHMARKS.md).
    async fn write(&self, ideas: &[&Pending]) -> Result<(), StorageError> {
        let Self {
            db,
            epoch,
            check,
            tallies,
            ..
        } = self;
        let mut docs = ideas
            .iter()
            .map(|idea| {
                let mut doc = serde_json::to_value(&idea.row)
                    .map_err(|e| StorageError::Decode(e.to_string()))?;
                doc["id"] = serde_json::json!([idea.org.as_str(), idea.row.key]);
                doc["born"] = serde_json::to_value(Born::of(&idea.row))
                    .map_err(|e| StorageError::Decode(e.to_string()))?;
                Ok(doc)
            })
            .collect::<Result<Vec<_>, StorageError>>()?;
        // Held until the commit is done: the epoch read below cannot close before it.
        let (_open, statement) = match check {
            EpochCheck::InProcess(lock) => (Some(lock.read().await), INSERT_IDEAS_SOLE),
            EpochCheck::InTransaction => (None, INSERT_IDEAS),
        };
        for _ in 0..MAX_TRIES {
            let open = match epoch.load(Ordering::Relaxed) {
                0 => {
                    let open = open_epoch(db).await?;
                    epoch.store(open, Ordering::Relaxed);
                    open
                }
                known => known,
            };
            for doc in &mut docs {
                doc["epoch"] = open.into();
            }
            // Each idea is its own entry in the counters' log (its born facts, its epoch), so the
            // commit writes nothing but the ideas.
            match batch(
                db,
                statement,
                serde_json::json!({ "ideas": docs, "epoch": open }),
            )
            .await
            {
                Err(e) if epoch_closed(&e) => {
                    // Another backend closed it (this one's fold forgets it when it does).
                    epoch.store(open_epoch(db).await?, Ordering::Relaxed);
                }
                result => {
                    // Still under the shared lock (`_open`): the epoch cannot close before its
                    // tally has these ideas.
                    if let Some(tallies) = tallies {
                        match &result {
                            Ok(()) => tallies.add(
                                open,
                                ideas.iter().map(|idea| NewIdea {
                                    org: idea.org.as_str().to_string(),
                                    board: idea.row.board.clone(),
                                    born: Born::of(&idea.row),
                                    created_at: idea.row.created_at,
                                }),
                            ),
                            Err(_) => tallies.spoil(open),
                        }
                    }
                    return result;
                }
            }
        }
        Err(StorageError::Contention(MAX_TRIES))
    }
}

#[cfg(test)]
mod tests {
    use super::EpochCheck;

    #[test]
    fn only_embedded_engines_check_the_epoch_in_process() {
        let in_process = |url| matches!(EpochCheck::for_url(url), EpochCheck::InProcess(_));
        assert!(in_process("mem://"));
        assert!(in_process("surrealkv:///var/lib/coproduce/db?sync=every"));
        assert!(!in_process("ws://127.0.0.1:8000"));
        assert!(!in_process("wss://db.example.org"));
        assert!(!in_process("http://127.0.0.1:8000"));
        assert!(!in_process(""));
        assert!(!in_process("surrealkv"));
    }
}
