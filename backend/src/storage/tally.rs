//! What this process committed in each epoch it opened, kept only where it is the database's
//! only client (`group_commit::EpochCheck::InProcess`): then nobody else adds ideas to those
//! epochs, and the fold takes an epoch's ideas from here instead of reading them back (reading
//! cost 0.025 ms per idea, a tenth of a submission at 8 clients, BENCHMARKS.md).
//!
//! An epoch this process did not open (the one open at start, which may hold ideas of an
//! earlier run) has no tally, and one in which a commit failed loses its tally (a failed commit
//! might still have stored something): the fold reads those from the database, as it does for
//! a shared one. Commits add to a tally while they hold the epoch open, and an epoch's tally is
//! opened while its close holds every commit back, so a tally misses no commit of its epoch.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use super::stats::NewIdea;

/// Epochs whose tallies are kept at most: about two minutes of them (one closes a second). If
/// folding falls behind that far (the database refusing it, say), the oldest are dropped and
/// read back when their turn comes, so the memory stays bounded.
const MAX_EPOCHS: usize = 120;

/// Epoch → its ideas (`None`: not known for certain).
#[derive(Clone, Default)]
pub(super) struct Tallies(Arc<Mutex<BTreeMap<i64, Option<Vec<NewIdea>>>>>);

impl Tallies {
    fn map(&self) -> MutexGuard<'_, BTreeMap<i64, Option<Vec<NewIdea>>>> {
        // Every change is a single call on the map: a panic cannot leave it half-changed.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// This process opened `epoch`, before any commit could join it.
    pub(super) fn opened(&self, epoch: i64) {
        let mut map = self.map();
        map.insert(epoch, Some(Vec::new()));
        while map.len() > MAX_EPOCHS {
            map.pop_first();
        }
    }

    /// `ideas` were committed in `epoch` (kept if a tally of it is).
    pub(super) fn add(&self, epoch: i64, ideas: impl IntoIterator<Item = NewIdea>) {
        if let Some(Some(tally)) = self.map().get_mut(&epoch) {
            tally.extend(ideas);
        }
    }

    /// A commit in `epoch` failed: what it stored is not known for certain.
    pub(super) fn spoil(&self, epoch: i64) {
        if let Some(tally) = self.map().get_mut(&epoch) {
            *tally = None;
        }
    }

    /// The ideas committed in `epoch`, if the tally of it is complete.
    pub(super) fn tallied(&self, epoch: i64) -> Option<Vec<NewIdea>> {
        self.map().get(&epoch)?.clone()
    }

    /// Every epoch up to `epoch` is folded: their tallies are done with.
    pub(super) fn folded(&self, epoch: i64) {
        self.map().retain(|e, _| *e > epoch);
    }
}

#[cfg(test)]
mod tests {
    use super::Tallies;
    use crate::storage::stats::{Born, NewIdea};

    fn idea(board: &str) -> NewIdea {
        NewIdea {
            org: "org".into(),
            board: board.into(),
            born: Born {
                visibility: "public".into(),
                status: "new".into(),
                supports: 0,
                first_answer_at: None,
            },
            created_at: 0,
        }
    }

    #[test]
    fn only_epochs_opened_here_and_without_failures_are_known() {
        let t = Tallies::default();
        t.add(1, [idea("a")]);
        assert!(
            t.tallied(1).is_none(),
            "an epoch not opened here is unknown"
        );
        t.opened(2);
        assert_eq!(t.tallied(2).map(|v| v.len()), Some(0));
        t.add(2, [idea("a"), idea("b")]);
        assert_eq!(t.tallied(2).map(|v| v.len()), Some(2));
        t.opened(3);
        t.add(3, [idea("a")]);
        t.spoil(3);
        t.add(3, [idea("b")]);
        assert!(
            t.tallied(3).is_none(),
            "a failed commit spoils its epoch's tally"
        );
        t.folded(2);
        assert!(t.tallied(2).is_none());
        assert!(t.map().contains_key(&3), "later epochs stay");
    }

    #[test]
    fn a_fold_far_behind_leaves_the_oldest_epochs_to_be_read_back() {
        let t = Tallies::default();
        for epoch in 1..=(super::MAX_EPOCHS as i64 + 10) {
            t.opened(epoch);
        }
        assert_eq!(t.map().len(), super::MAX_EPOCHS);
        assert!(t.tallied(10).is_none(), "dropped: read back");
        assert!(t.tallied(11).is_some());
    }
}
