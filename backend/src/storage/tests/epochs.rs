//! Epochs: no idea joins one after it closed, folds take every closed one (from the tally
//! where this process kept one), with one backend or several sharing the database.

use coproduce_widgets::contract::Moderation;

use super::super::Store;
use super::{
    assert_counters_exact, board, file_store, idea, number, org, shared, store, submit_to, unfolded,
};
use crate::domain::random_key;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_idea_is_lost_or_counted_twice_while_epochs_close_under_submissions() {
    epochs_close_under_submissions(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn no_idea_is_lost_or_counted_twice_while_epochs_close_under_shared_submissions() {
    epochs_close_under_submissions(true).await;
}

/// 640 submissions from 16 writers while epochs close and fold; `shared`: as by backends
/// sharing the database (the epoch checked in each transaction), else in-process.
async fn epochs_close_under_submissions(shared: bool) {
    // A file database, so a commit takes an fsync and epochs close while groups are committing:
    // an idea that joined an epoch after it closed would be folded never (or twice).
    let (store, dir) = file_store(if shared { "epochs-shared" } else { "epochs" }).await;
    let store = if shared { super::shared(&store) } else { store };
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let folder = {
        let (store, done) = (store.clone(), done.clone());
        tokio::spawn(async move {
            let mut closed = 0;
            while !done.load(std::sync::atomic::Ordering::Relaxed) {
                closed += usize::from(store.close_epoch().await.unwrap());
                store.fold_counters(500).await.unwrap();
            }
            closed
        })
    };
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
    let closed = folder.await.unwrap();
    assert!(
        closed > 10,
        "epochs should close during the test ({closed})"
    );
    store.fold_all().await.unwrap();
    assert_eq!(unfolded(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(store.board_counters(&o, &b).await.unwrap().public, 640);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_submission_joins_the_open_epoch_after_another_backend_closed_the_one_it_knew() {
    let store = super::shared(&store().await);
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let first = idea(&store, &o, &b, "First idea").await;
    // Another backend sharing the database closes the epoch this one last wrote in.
    store
        .db
        .query("UPDATE fold_state:open SET epoch += 1")
        .await
        .unwrap()
        .check()
        .unwrap();
    let second = idea(&store, &o, &b, "Second idea").await;
    let epoch = |key: String| {
        let store = store.clone();
        let o = o.clone();
        async move {
            let mut res = store
                .db
                .query("SELECT VALUE epoch FROM ONLY type::record('idea', [$org, $key])")
                .bind(crate::vars!("org" => o.as_str(), "key" => key))
                .await
                .unwrap();
            crate::storage::one::<i64>(&mut res, 0).unwrap().unwrap()
        }
    };
    assert_eq!(epoch(second).await, epoch(first).await + 1);
    store.fold_all().await.unwrap();
    assert_eq!(unfolded(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn a_backend_folds_the_ideas_an_earlier_run_left_in_the_epoch_it_had_opened() {
    let earlier = store().await;
    let o = org(&earlier, "org-a").await;
    let b = board(&earlier, &o, Moderation::Post).await;
    idea(&earlier, &o, &b, "Before the close").await;
    // The earlier run opens an epoch (and keeps a tally of it), stores ideas in it, and stops
    // before folding them.
    assert!(earlier.close_epoch().await.unwrap());
    for title in ["Left behind one", "Left behind two", "Left behind three"] {
        idea(&earlier, &o, &b, title).await;
    }
    // The next run on the same database knows nothing of that epoch: it must read its ideas.
    let next = Store {
        db: earlier.db.clone(),
        ideas: super::super::group_commit::IdeaQueue::new(
            earlier.db.clone(),
            super::super::group_commit::EpochCheck::for_url("mem://"),
        ),
        lock_file: None,
    };
    drop(earlier);
    next.fold_all().await.unwrap();
    assert_eq!(unfolded(&next).await, 0);
    assert_counters_exact(&next, &o, &b).await;
    assert_eq!(next.board_counters(&o, &b).await.unwrap().public, 4);
}

async fn deltas(store: &Store) -> i64 {
    number(store, "RETURN array::len(SELECT VALUE id FROM board_delta)").await
}

#[tokio::test]
async fn a_fold_round_takes_every_closed_epoch_and_a_fold_says_when_more_is_waiting() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let first = idea(&store, &o, &b, "First idea").await;
    assert!(store.close_epoch().await.unwrap());
    idea(&store, &o, &b, "Second idea").await;
    assert!(store.close_epoch().await.unwrap());
    super::support(&store, &o, &b, &first, "voter-1")
        .await
        .unwrap();
    // Two closed epochs: one round folds both (a fold takes one epoch at a time).
    store.fold_all().await.unwrap();
    assert_eq!(unfolded(&store).await, 0);
    assert_eq!(deltas(&store).await, 0);
    super::support(&store, &o, &b, &first, "voter-2")
        .await
        .unwrap();
    super::support(&store, &o, &b, &first, "voter-3")
        .await
        .unwrap();
    let f = store.fold_counters(1).await.unwrap();
    assert_eq!((f.deltas, f.epoch, f.more), (1, None, true));
    let f = store.fold_counters(1).await.unwrap();
    assert_eq!(
        (f.deltas, f.epoch, f.more),
        (1, None, true),
        "a full batch may hide more"
    );
    let f = store.fold_counters(1).await.unwrap();
    assert!(!f.any() && !f.more, "{f:?}");
    assert_eq!(deltas(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn a_backend_opens_an_epoch_of_its_own_so_that_its_folds_take_the_tally() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let open = "RETURN (SELECT VALUE epoch FROM ONLY fold_state:open)";
    let before = number(&store, open).await;
    // Opened before this store existed: no tally of it.
    assert!(store.ideas.tallied(before).is_none());
    assert!(store.open_own_epoch().await.unwrap(), "even without ideas");
    let own = number(&store, open).await;
    assert_eq!(own, before + 1);
    assert!(!store.close_epoch().await.unwrap(), "no idea joined it yet");
    idea(&store, &o, &b, "An idea").await;
    assert_eq!(store.ideas.tallied(own).map(|t| t.len()), Some(1));
    store.fold_all().await.unwrap();
    assert_eq!(unfolded(&store).await, 0);
    assert_counters_exact(&store, &o, &b).await;
    // Where backends share the database nobody keeps tallies: nothing to open.
    assert!(!shared(&store).open_own_epoch().await.unwrap());
    assert_eq!(
        number(&store, open).await,
        own + 1,
        "the fold closed the tallied one"
    );
}
