//! Storage against a real in-memory SurrealDB: tenancy, supports, moderation and the promise
//! that board counters always equal a recount.

use coproduce_widgets::contract::{Moderation, NewIdea};
use proptest::prelude::*;

use super::{NewIdeaRecord, StorageError, Store};
use crate::config::for_tests;
use crate::domain::idea::{BoardQuestion, BoardTitle, HideReason, IdeaDraft, StatusChange};
use crate::domain::org::OrgName;
use crate::domain::{OrgId, OrgSlug, random_key};

async fn store() -> Store {
    Store::connect(&for_tests().database)
        .await
        .expect("in-memory database")
}

async fn org(store: &Store, slug: &str) -> OrgId {
    store
        .create_org(
            &OrgSlug::parse(slug).unwrap(),
            &OrgName::parse("Test org").unwrap(),
        )
        .await
        .unwrap()
}

async fn board(store: &Store, org: &OrgId, moderation: Moderation) -> String {
    store
        .create_board(
            org,
            None,
            &BoardTitle::parse("Board").unwrap(),
            &BoardQuestion::parse("What now?").unwrap(),
            moderation,
        )
        .await
        .unwrap()
        .key
}

async fn idea(store: &Store, org: &OrgId, board: &str, title: &str) -> String {
    let moderation = store.board(org, board).await.unwrap().moderation();
    submit_to(store, org, board, title, &random_key(20), moderation)
        .await
        .unwrap()
        .key
}

async fn assert_counters_exact(store: &Store, org: &OrgId, board: &str) {
    let stored = store.board_counters(org, board).await.unwrap();
    let recount = store.recount(org, board).await.unwrap();
    assert_eq!(stored, recount);
}

#[tokio::test]
async fn another_organisation_cannot_read_or_change_an_idea() {
    let store = store().await;
    let a = org(&store, "org-a").await;
    let b = org(&store, "org-b").await;
    let board_a = board(&store, &a, Moderation::Post).await;
    let key = idea(&store, &a, &board_a, "Benches in the park").await;
    assert!(matches!(
        store.idea(&b, &key).await,
        Err(StorageError::NotFound)
    ));
    assert!(matches!(
        store.board(&b, &board_a).await,
        Err(StorageError::NotFound)
    ));
    assert!(matches!(
        store.support(&b, &board_a, &key, "v1").await,
        Err(StorageError::NotFound)
    ));
    let reason = HideReason::parse("spam").unwrap();
    assert!(matches!(
        store.hide_idea(&b, &key, &reason).await,
        Err(StorageError::NotFound)
    ));
    assert!(
        store
            .public_ideas(&b, &board_a, Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.idea(&a, &key).await.unwrap().visibility, "public");
}

#[tokio::test]
async fn a_second_support_from_the_same_person_is_refused() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let key = idea(&store, &o, &b, "Benches in the park").await;
    assert_eq!(store.support(&o, &b, &key, "voter-1").await.unwrap(), 1);
    assert!(matches!(
        store.support(&o, &b, &key, "voter-1").await,
        Err(StorageError::AlreadyExists)
    ));
    assert_eq!(store.support(&o, &b, &key, "voter-2").await.unwrap(), 2);
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn concurrent_identical_supports_are_counted_once() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let key = idea(&store, &o, &b, "Benches in the park").await;
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (store, o, b, key) = (store.clone(), o.clone(), b.clone(), key.clone());
            tokio::spawn(async move { store.support(&o, &b, &key, "same-voter").await })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StorageError::AlreadyExists) => {}
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!(ok, 1);
    assert_eq!(store.idea(&o, &key).await.unwrap().supports, 1);
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn merging_moves_supports_without_double_counting() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let dup = idea(&store, &o, &b, "More benches").await;
    let main = idea(&store, &o, &b, "Benches in the park").await;
    for v in ["v1", "v2", "v3"] {
        store.support(&o, &b, &dup, v).await.unwrap();
    }
    store.support(&o, &b, &main, "v1").await.unwrap();
    let merged = store.merge_ideas(&o, &dup, &main).await.unwrap();
    assert_eq!(merged.into.supports, 3);
    assert_eq!(store.idea(&o, &main).await.unwrap().supports, 3);
    assert_eq!(store.idea(&o, &dup).await.unwrap().visibility, "merged");
    // The moved supports still count once per person.
    assert!(matches!(
        store.support(&o, &b, &main, "v2").await,
        Err(StorageError::AlreadyExists)
    ));
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn pre_moderated_ideas_wait_until_published() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Pre).await;
    let key = idea(&store, &o, &b, "Benches in the park").await;
    assert!(
        store
            .public_ideas(&o, &b, Default::default())
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(store.pending_ideas(&o).await.unwrap().len(), 1);
    store.publish_idea(&o, &key).await.unwrap();
    assert_eq!(
        store
            .public_ideas(&o, &b, Default::default())
            .await
            .unwrap()
            .len(),
        1
    );
    assert_counters_exact(&store, &o, &b).await;
}

async fn submit_to(
    store: &Store,
    org: &OrgId,
    board: &str,
    title: &str,
    receipt: &str,
    moderation: Moderation,
) -> Result<super::IdeaRow, StorageError> {
    let wire = NewIdea {
        title: title.into(),
        ..Default::default()
    };
    let draft = IdeaDraft::try_from(&wire).unwrap();
    store
        .submit_idea(
            org,
            NewIdeaRecord {
                board,
                draft: &draft,
                receipt_hash: receipt,
                moderation,
            },
        )
        .await
}

#[tokio::test]
async fn submissions_committed_together_each_get_their_own_answer() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    // Enough at once that they are committed in groups; every third reuses one receipt, which
    // the unique index refuses after the first, failing its whole group.
    let tasks: Vec<_> = (0..120)
        .map(|i| {
            let (store, o, b) = (store.clone(), o.clone(), b.clone());
            let receipt = if i % 3 == 0 {
                "same".to_string()
            } else {
                random_key(20)
            };
            tokio::spawn(async move {
                let res = submit_to(
                    &store,
                    &o,
                    &b,
                    &format!("Idea {i}"),
                    &receipt,
                    Moderation::Post,
                )
                .await;
                (receipt, res)
            })
        })
        .collect();
    let (mut stored, mut refused) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            (_, Ok(row)) => {
                assert_eq!(store.idea(&o, &row.key).await.unwrap().title, row.title);
                stored += 1;
            }
            (receipt, Err(StorageError::AlreadyExists)) => {
                assert_eq!(receipt, "same");
                refused += 1;
            }
            (_, Err(e)) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((stored, refused), (81, 39));
    assert_eq!(store.all_ideas(&o, &b).await.unwrap().len(), 81);
    assert_counters_exact(&store, &o, &b).await;
    let weeks = store.board_weeks(&o, &b).await.unwrap();
    assert_eq!(weeks.iter().map(|w| w.ideas).sum::<i64>(), 81);
}

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
                    store.support(&o, &b, &row.key, "v").await.unwrap();
                }
            })
        })
        .collect();
    let folder = {
        let store = store.clone();
        tokio::spawn(async move {
            let mut folded = 0;
            for _ in 0..40 {
                folded += store.fold_counters(7).await.unwrap();
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
    while store.fold_counters(50).await.unwrap() > 0 {}
    assert_counters_exact(&store, &o, &b).await;
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
    let db = surrealdb::engine::any::connect("mem://").await.unwrap();
    db.use_ns("t").use_db("t").await.unwrap();
    let store = Store {
        db: db.clone(),
        ideas: super::group_commit::IdeaQueue::new(db),
    };
    super::migrations::apply(&store, &super::migrations::MIGRATIONS[..1])
        .await
        .unwrap();
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    store
        .db
        .query(
            "CREATE type::record('idea', [$org, 'old']) SET org = $org, board = $board, key = 'old', title = 'Old idea', body = '', status = 'new', supports = 0, visibility = 'public', created_at = 1, receipt = 'r-old', history = [{ status: 'new', at: 1 }];
             UPSERT type::record('board_stat', [$org, $board, 7]) SET org = $org, board = $board, public += 1, st_new += 1;
             UPSERT type::record('board_week', [$org, $board, 0, 7]) SET org = $org, board = $board, week = 0, ideas += 1, supports += 0;",
        )
        .bind(crate::vars!("org" => o.as_str(), "board" => b))
        .await
        .unwrap()
        .check()
        .unwrap();

    super::migrations::run(&store).await.unwrap();
    assert!(store.idea(&o, "old").await.unwrap().folded);
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(store.support(&o, &b, "old", "voter").await.unwrap(), 1);
    let change = StatusChange::parse("planned", "Yes.").unwrap();
    store.set_status(&o, "old", &change).await.unwrap();
    idea(&store, &o, &b, "New idea").await;
    assert_counters_exact(&store, &o, &b).await;
    while store.fold_counters(10).await.unwrap() > 0 {}
    assert_counters_exact(&store, &o, &b).await;
    let weeks = store.board_weeks(&o, &b).await.unwrap();
    assert_eq!(weeks.iter().map(|w| w.ideas).sum::<i64>(), 2);
    assert_eq!(weeks.iter().map(|w| w.supports).sum::<i64>(), 1);
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
                        Some(k) => store.support(&o, &b, &k, &format!("v{v}")).await.map(|_| ()),
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
                    let n: Option<serde_json::Value> = super::one(&mut res, 0).unwrap();
                    let n = n.and_then(|v| v["n"].as_i64()).unwrap_or(0);
                    assert_eq!(row.supports, n, "supports of {k}");
                }
            }
        });
    }
}
