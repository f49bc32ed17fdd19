//! Counters equal a recount after any sequence of writes and folds, and across upgrades.

use coproduce_widgets::contract::Moderation;
use proptest::prelude::*;

use super::super::Store;
use super::{
    assert_counters_exact, board, idea, org, store, store_at_version, submit_to, unfolded,
};
use crate::domain::idea::{HideReason, StatusChange};
use crate::domain::random_key;

#[tokio::test]
async fn counters_stay_exact_while_deltas_are_folded_concurrently() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let (store, o, b) = (store.clone(), o.clone(), b.clone());
            tokio::spawn(async move {
                for i in 0..25 {
                    let row = submit_to(
                        &store,
                        &o,
                        &b,
                        &format!("Idea {w}-{i}"),
                        &random_key(20),
                        Moderation::Post,
                    )
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
            for i in 0..40 {
                if i % 3 == 0 {
                    store.close_epoch().await.unwrap();
                }
                let f = store.fold_counters(7).await.unwrap();
                folded += f.deltas + f.ideas;
                tokio::task::yield_now().await;
            }
            folded
        })
    };
    let mut readings = Vec::new();
    for _ in 0..20 {
        readings.push(store.board_counters(&o, &b).await.unwrap());
        tokio::task::yield_now().await;
    }
    for w in writers {
        w.await.unwrap();
    }
    assert!(folder.await.unwrap() > 0, "the test should fold something");
    // Every reading is a consistent state: as many supports as public ideas (one each),
    // give or take the idea whose support was not yet given.
    for r in readings {
        assert!(
            r.supports <= r.public && r.public - r.supports <= 4,
            "{r:?}"
        );
    }
    assert_counters_exact(&store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(unfolded(&store).await, 0);
    let weeks = store.board_weeks(&o, &b).await.unwrap();
    assert_eq!(
        weeks
            .iter()
            .map(|w| (w.ideas, w.supports))
            .fold((0, 0), |a, x| (a.0 + x.0, a.1 + x.1)),
        (100, 100)
    );
}

#[tokio::test]
async fn ideas_stored_before_v2_keep_counting_and_can_still_change() {
    // A database as version 1 left it: counters in a shard record, ideas without `folded`.
    let (store, o, b) = upgraded_from(
        1,
            "CREATE type::record('idea', [$org, 'old']) SET org = $org, board = $board, key = 'old', title = 'Old idea', body = '', status = 'new', supports = 0, visibility = 'public', created_at = 1, receipt = 'r-old', history = [{ status: 'new', at: 1 }];
             UPSERT type::record('board_stat', [$org, $board, 7]) SET org = $org, board = $board, public += 1, st_new += 1;
             UPSERT type::record('board_week', [$org, $board, 0, 7]) SET org = $org, board = $board, week = 0, ideas += 1, supports += 0;",
    )
    .await;
    assert_eq!(unfolded(&store).await, 0, "ideas of V1 are in the counters");
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(
        super::support(&store, &o, &b, "old", "voter")
            .await
            .unwrap(),
        1
    );
    let change = StatusChange::parse("planned", "Yes.").unwrap();
    store.set_status(&o, "old", &change).await.unwrap();
    idea(&store, &o, &b, "New idea").await;
    assert_counters_exact(&store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_counters_exact(&store, &o, &b).await;
    let weeks = store.board_weeks(&o, &b).await.unwrap();
    assert_eq!(weeks.iter().map(|w| w.ideas).sum::<i64>(), 2);
    assert_eq!(weeks.iter().map(|w| w.supports).sum::<i64>(), 1);
}

/// A database at schema `version` with one board, `sql` run on it (with `$org` and `$board`)
/// as that version would have left it, then migrated to the current schema.
async fn upgraded_from(version: usize, sql: &str) -> (Store, crate::domain::OrgId, String) {
    let store = store_at_version(version).await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    store
        .db
        .query(sql)
        .bind(crate::vars!("org" => o.as_str(), "board" => b))
        .await
        .unwrap()
        .check()
        .unwrap();
    crate::storage::migrations::run(&store).await.unwrap();
    (store, o, b)
}

#[tokio::test]
async fn ideas_of_v2_folded_or_not_keep_counting_after_v3() {
    // A database as version 2 left it: one idea folded into the counters, one not folded yet
    // that has since been supported (V2 counted it from its current facts, so no counter delta
    // was appended; the week's support was).
    let (store, o, b) = upgraded_from(
        2,
            "CREATE type::record('idea', [$org, 'old']) SET org = $org, board = $board, key = 'old', title = 'Old idea', body = '', status = 'new', supports = 0, visibility = 'public', created_at = 1, receipt = 'r-old', history = [{ status: 'new', at: 1 }], folded = true;
             UPSERT type::record('board_stat', [$org, $board]) SET org = $org, board = $board, public += 1, st_new += 1;
             UPSERT type::record('board_week', [$org, $board, 0]) SET org = $org, board = $board, week = 0, ideas += 1, supports += 0;
             CREATE type::record('idea', [$org, 'new']) SET org = $org, board = $board, key = 'new', title = 'New idea', body = '', status = 'planned', supports = 1, visibility = 'public', created_at = 2, first_answer_at = 3, receipt = 'r-new', history = [{ status: 'new', at: 2 }, { status: 'planned', at: 3 }], folded = false;
             CREATE type::record('support', [$org, 'new', 'v']) SET org = $org, board = $board, idea = 'new', voter = 'v', created_at = 2;
             CREATE type::record('board_delta', [$org, $board, 'd1']) SET c = [], week = 0, ideas = 0, supports = 1;",
    )
    .await;
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(
        unfolded(&store).await,
        1,
        "the idea V2 had not folded waits for the fold"
    );
    store.fold_all().await.unwrap();
    assert_eq!(unfolded(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
    // Both change as any idea does, and new ideas join the open epoch.
    super::support(&store, &o, &b, "old", "w").await.unwrap();
    super::support(&store, &o, &b, "new", "w").await.unwrap();
    idea(&store, &o, &b, "Newer idea").await;
    assert_counters_exact(&store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_counters_exact(&store, &o, &b).await;
    let weeks = store.board_weeks(&o, &b).await.unwrap();
    assert_eq!(weeks.iter().map(|w| w.ideas).sum::<i64>(), 3);
    assert_eq!(weeks.iter().map(|w| w.supports).sum::<i64>(), 3);
}

#[derive(Debug, Clone)]
enum Op {
    Submit,
    Support(usize, u8),
    Hide(usize),
    Publish(usize),
    Status(usize, usize, bool),
    Merge(usize, usize),
    Withdraw(usize),
    Close,
    Fold(u8),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Submit),
        4 => (0usize..8, 0u8..4).prop_map(|(i, v)| Op::Support(i, v)),
        1 => (0usize..8).prop_map(Op::Hide),
        1 => (0usize..8).prop_map(Op::Publish),
        2 => (0usize..8, 0usize..6, any::<bool>()).prop_map(|(i, s, a)| Op::Status(i, s, a)),
        1 => (0usize..8, 0usize..8).prop_map(|(a, b)| Op::Merge(a, b)),
        1 => (0usize..8).prop_map(Op::Withdraw),
        1 => Just(Op::Close),
        2 => (1u8..6).prop_map(Op::Fold),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Whatever happens to a board, its stored counters equal a recount of its ideas.
    #[test]
    fn stored_counters_always_equal_a_recount(ops in proptest::collection::vec(op(), 1..30)) {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        rt.block_on(async {
            let store = store().await;
            let o = org(&store, "org-p").await;
            let b = board(&store, &o, Moderation::Post).await;
            let mut keys: Vec<String> = Vec::new();
            for op in &ops {
                let key = |i: usize| keys.get(i % keys.len().max(1)).cloned();
                // Refusals (duplicate support, merging a hidden idea…) are part of the game.
                let _ = match op {
                    Op::Submit => {
                        keys.push(idea(&store, &o, &b, "An idea").await);
                        Ok(())
                    }
                    Op::Support(i, v) => match key(*i) {
                        Some(k) => super::support(&store, &o, &b, &k, &format!("v{v}")).await.map(|_| ()),
                        None => Ok(()),
                    },
                    Op::Hide(i) => match key(*i) {
                        Some(k) => store.hide_idea(&o, &k, &HideReason::parse("off topic").unwrap()).await.map(|_| ()),
                        None => Ok(()),
                    },
                    Op::Publish(i) => match key(*i) {
                        Some(k) => store.publish_idea(&o, &k).await.map(|_| ()),
                        None => Ok(()),
                    },
                    Op::Status(i, s, answer) => match key(*i) {
                        Some(k) => {
                            let status = coproduce_widgets::contract::IdeaStatus::ALL[*s];
                            let text = if *answer || status == coproduce_widgets::contract::IdeaStatus::Declined { "Because." } else { "" };
                            let change = StatusChange::parse(status.as_str(), text).unwrap();
                            store.set_status(&o, &k, &change).await.map(|_| ())
                        }
                        None => Ok(()),
                    },
                    Op::Merge(a, c) => match (key(*a), key(*c)) {
                        (Some(x), Some(y)) => store.merge_ideas(&o, &x, &y).await.map(|_| ()),
                        _ => Ok(()),
                    },
                    Op::Withdraw(i) => match key(*i) {
                        Some(k) => {
                            let receipt = store.idea(&o, &k).await.unwrap().receipt;
                            store.withdraw_idea(&o, &receipt).await.map(|_| ())
                        }
                        None => Ok(()),
                    },
                    Op::Close => store.close_epoch().await.map(|_| ()),
                    Op::Fold(n) => store.fold_counters(usize::from(*n)).await.map(|_| ()),
                };
                // Exact after every step, folded or not.
                let stored = store.board_counters(&o, &b).await.unwrap();
                let recount = store.recount(&o, &b).await.unwrap();
                assert_eq!(stored, recount, "after {op:?} in {ops:?}");
            }
            let stored = store.board_counters(&o, &b).await.unwrap();
            let recount = store.recount(&o, &b).await.unwrap();
            assert_eq!(stored, recount, "after {ops:?}");
            // Each idea's support count equals its support records.
            for k in &keys {
                let row = store.idea(&o, k).await.unwrap();
                if row.visibility == "public" {
                    let mut res = store.db.query("SELECT count() AS n FROM support WHERE org = $org AND idea = $idea GROUP ALL")
                        .bind(crate::vars!("org" => o.as_str(), "idea" => k)).await.unwrap();
                    let n: Option<serde_json::Value> = crate::storage::one(&mut res, 0).unwrap();
                    let n = n.and_then(|v| v["n"].as_i64()).unwrap_or(0);
                    assert_eq!(row.supports, n, "supports of {k}");
                }
            }
        });
    }
}
