//! Counts equal a recount after any sequence of writes and folds, sequential or concurrent, on
//! the in-memory and the embedded file engine.

use coproduce_widgets::contract::Moderation;
use coproduce_widgets::ideas::contract::IdeaStatus;
use proptest::prelude::*;

use super::super::Store;
use super::{assert_counters_exact, board, file_store, idea, org, store, submit_to};
use crate::domain::OrgId;
use crate::domain::moderation::HideReason;
use crate::domain::random_key;
use crate::ideas::counts::{IdeaTotals, weeks};
use crate::ideas::domain::StatusChange;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_submission_is_lost_or_counted_twice_while_two_folds_run() {
    // A file database, so a commit takes an fsync and folds run while groups are committing.
    let (store, dir) = file_store("ledger-folds").await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let folders: Vec<_> = (0..2)
        .map(|_| {
            let (store, done) = (store.clone(), done.clone());
            tokio::spawn(async move {
                let mut folded = 0;
                while !done.load(std::sync::atomic::Ordering::Relaxed) {
                    folded += store.fold(7).await.unwrap().deltas;
                    tokio::task::yield_now().await;
                }
                folded
            })
        })
        .collect();
    let submitters: Vec<_> = (0..16)
        .map(|w| {
            let (store, o, b) = (store.clone(), o.clone(), b.clone());
            tokio::spawn(async move {
                for i in 0..40 {
                    let title = format!("Idea {w}-{i}");
                    submit_to(&store, &o, &b, &title, &random_key(20), Moderation::Post)
                        .await
                        .unwrap();
                }
            })
        })
        .collect();
    for s in submitters {
        s.await.unwrap();
    }
    done.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut folded = 0;
    for f in folders {
        folded += f.await.unwrap();
    }
    assert!(folded > 0, "the folds should have taken some deltas");
    assert_eq!(
        IdeaTotals::from(&store.counts(&o, &b).await.unwrap()).public,
        640
    );
    assert_counters_exact(&store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_eq!(pending_deltas(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
    let (commits, records) = store.submission_commits();
    assert_eq!(records, 640);
    assert!(commits < 640, "some submissions should commit together");
    store.close().await;
    let _ = std::fs::remove_dir_all(dir);
}

async fn pending_deltas(store: &Store) -> i64 {
    super::number(
        store,
        "RETURN array::len(SELECT VALUE id FROM ledger_delta)",
    )
    .await
}

#[tokio::test]
async fn every_reading_is_a_consistent_state_while_deltas_are_folded() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (store, o, b) = (store.clone(), o.clone(), b.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let title = format!("Idea {w}-{i}");
                    let row = submit_to(&store, &o, &b, &title, &random_key(20), Moderation::Post)
                        .await
                        .unwrap();
                    super::support(&store, &o, &b, &row.key, "v").await.unwrap();
                }
            })
        })
        .collect();
    let folder = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut folded = 0;
            for _ in 0..40 {
                folded += store.fold(3).await.unwrap().deltas;
                tokio::task::yield_now().await;
            }
            folded
        })
    };
    let mut readings = Vec::new();
    for _ in 0..20 {
        readings.push(IdeaTotals::from(&store.counts(&o, &b).await.unwrap()));
        tokio::task::yield_now().await;
    }
    for w in writers {
        w.await.unwrap();
    }
    assert!(folder.await.unwrap() > 0, "the test should fold something");
    // As many supports as public ideas (one each), give or take the ideas whose support was
    // not given yet: a reading never sees a delta twice or half a write.
    for r in readings {
        assert!(
            r.supports <= r.public && r.public - r.supports <= 4,
            "{r:?}"
        );
    }
    store.fold_all().await.unwrap();
    assert_counters_exact(&store, &o, &b).await;
    let total = weeks(&store.counts(&o, &b).await.unwrap())
        .iter()
        .fold((0, 0), |a, w| (a.0 + w.ideas, a.1 + w.supports));
    assert_eq!(total, (100, 100));
}

#[derive(Debug, Clone)]
enum Op {
    Submit(bool),
    Support(usize, u8),
    Hide(usize),
    Publish(usize),
    Status(usize, usize, bool),
    Merge(usize, usize),
    Withdraw(usize),
    Fold(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => any::<bool>().prop_map(Op::Submit),
        4 => (0usize..8, 0u8..4).prop_map(|(i, v)| Op::Support(i, v)),
        1 => (0usize..8).prop_map(Op::Hide),
        1 => (0usize..8).prop_map(Op::Publish),
        2 => (0usize..8, 0usize..6, any::<bool>()).prop_map(|(i, s, a)| Op::Status(i, s, a)),
        1 => (0usize..8, 0usize..8).prop_map(|(a, b)| Op::Merge(a, b)),
        1 => (0usize..8).prop_map(Op::Withdraw),
        2 => (1u8..6).prop_map(Op::Fold),
    ]
}

/// Runs `op` on the board; `keys` are the ideas submitted so far (by this runner).
async fn run(store: &Store, o: &OrgId, b: &str, keys: &mut Vec<String>, op: &Op) {
    let key = |i: usize| keys.get(i % keys.len().max(1)).cloned();
    // Refusals (a second support, merging a hidden idea…) are part of the game.
    let _ = match op {
        Op::Submit(pre) => {
            let moderation = if *pre {
                Moderation::Pre
            } else {
                Moderation::Post
            };
            let row = submit_to(store, o, b, "An idea", &random_key(20), moderation).await;
            keys.push(row.unwrap().key);
            Ok(())
        }
        Op::Support(i, v) => match key(*i) {
            Some(k) => super::support(store, o, b, &k, &format!("v{v}"))
                .await
                .map(|_| ()),
            None => Ok(()),
        },
        Op::Hide(i) => match key(*i) {
            Some(k) => {
                let reason = HideReason::parse("off topic").unwrap();
                store.hide_idea(o, &k, &reason).await.map(|_| ())
            }
            None => Ok(()),
        },
        Op::Publish(i) => match key(*i) {
            Some(k) => store.publish_idea(o, &k).await.map(|_| ()),
            None => Ok(()),
        },
        Op::Status(i, s, answer) => match key(*i) {
            Some(k) => {
                let status = IdeaStatus::ALL[*s];
                let text = if *answer || status == IdeaStatus::Declined {
                    "Because."
                } else {
                    ""
                };
                let change = StatusChange::parse(status.as_str(), text).unwrap();
                store.set_status(o, &k, &change).await.map(|_| ())
            }
            None => Ok(()),
        },
        Op::Merge(a, c) => match (key(*a), key(*c)) {
            (Some(x), Some(y)) => store.merge_ideas(o, &x, &y).await.map(|_| ()),
            _ => Ok(()),
        },
        Op::Withdraw(i) => match key(*i) {
            Some(k) => store.withdraw_idea(o, &k).await.map(|_| ()),
            None => Ok(()),
        },
        Op::Fold(n) => store.fold(usize::from(*n)).await.map(|_| ()),
    };
}

/// Each public idea's support count equals its support records.
async fn assert_supports_match_records(store: &Store, o: &OrgId, keys: &[String]) {
    for k in keys {
        let row = store.idea(o, k).await.unwrap();
        if row.visibility == crate::domain::moderation::Visibility::Public {
            let n = super::number(
                store,
                &format!("RETURN array::len(SELECT VALUE id FROM support WHERE org = '{}' AND idea = '{k}')", o.as_str()),
            )
            .await;
            assert_eq!(row.supports, n, "supports of {k}");
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Runs `ops` one after another, checking the counts after each.
async fn sequential(store: &Store, ops: &[Op]) {
    let o = org(store, "org-p").await;
    let b = board(store, &o, Moderation::Post).await;
    let mut keys = Vec::new();
    for op in ops {
        run(store, &o, &b, &mut keys, op).await;
        assert_counters_exact(store, &o, &b).await;
    }
    store.fold_all().await.unwrap();
    assert_counters_exact(store, &o, &b).await;
    assert_supports_match_records(store, &o, &keys).await;
}

/// Runs `ops` split between three writers at once, with a fold running beside them.
async fn concurrent(store: &Store, ops: &[Op]) {
    let o = org(store, "org-c").await;
    let b = board(store, &o, Moderation::Post).await;
    // Each writer works on ideas of its own plus two everyone shares, so merges and supports
    // race on the same records.
    let mut shared = Vec::new();
    for _ in 0..2 {
        shared.push(idea(store, &o, &b, "Shared").await);
    }
    let writers: Vec<_> = ops
        .chunks(ops.len().div_ceil(3).max(1))
        .map(|chunk| {
            let (store, o, b, chunk) = (store.clone(), o.clone(), b.clone(), chunk.to_vec());
            let mut keys = shared.clone();
            tokio::spawn(async move {
                for op in &chunk {
                    run(&store, &o, &b, &mut keys, op).await;
                }
                keys
            })
        })
        .collect();
    let folder = {
        let store = store.clone();
        tokio::spawn(async move {
            for _ in 0..10 {
                store.fold(2).await.unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    let mut keys = Vec::new();
    for w in writers {
        keys.extend(w.await.unwrap());
    }
    folder.await.unwrap();
    assert_counters_exact(store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_counters_exact(store, &o, &b).await;
    keys.sort();
    keys.dedup();
    assert_supports_match_records(store, &o, &keys).await;
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10, ..ProptestConfig::default() })]

    #[test]
    fn counts_equal_a_recount_after_any_writes_and_folds_in_memory(ops in proptest::collection::vec(op(), 1..30)) {
        runtime().block_on(async { sequential(&store().await, &ops).await });
    }

    #[test]
    fn counts_equal_a_recount_after_concurrent_writes_and_folds_in_memory(ops in proptest::collection::vec(op(), 3..40)) {
        runtime().block_on(async { concurrent(&store().await, &ops).await });
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 4, ..ProptestConfig::default() })]

    #[test]
    fn counts_equal_a_recount_after_any_writes_and_folds_on_file(ops in proptest::collection::vec(op(), 1..30)) {
        runtime().block_on(async {
            let (store, dir) = file_store("ledger-prop").await;
            sequential(&store, &ops).await;
            concurrent(&store, &ops).await;
            store.close().await;
            let _ = std::fs::remove_dir_all(dir);
        });
    }
}
