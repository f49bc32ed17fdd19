//! What writes do: tenancy, supports, merges, moderation, group commits.

use coproduce_widgets::contract::Moderation;

use super::super::{StorageError, Store};
use super::{assert_counters_exact, board, idea, org, store, submit_to};
use crate::domain::OrgId;
use crate::domain::activity::ActivityIntro;
use crate::domain::activity::ActivityTitle;
use crate::domain::moderation::HideReason;
use crate::domain::moderation::Visibility;
use crate::domain::random_key;

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
        store.activity(&b, &board_a).await,
        Err(StorageError::NotFound)
    ));
    assert!(matches!(
        super::support(&store, &b, &board_a, &key, "v1").await,
        Err(StorageError::NotFound)
    ));
    let reason = HideReason::parse("spam").unwrap();
    assert!(matches!(
        store.hide_idea(&b, &key, &reason).await,
        Err(StorageError::NotFound)
    ));
    assert!(
        store
            .public_ideas(&b, &board_a, Default::default(), None)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    assert_eq!(
        store.idea(&a, &key).await.unwrap().visibility,
        Visibility::Public
    );
}

#[tokio::test]
async fn a_second_support_from_the_same_person_is_refused() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let key = idea(&store, &o, &b, "Benches in the park").await;
    assert_eq!(
        super::support(&store, &o, &b, &key, "voter-1")
            .await
            .unwrap(),
        1
    );
    assert!(matches!(
        super::support(&store, &o, &b, &key, "voter-1").await,
        Err(StorageError::AlreadyExists)
    ));
    assert_eq!(
        super::support(&store, &o, &b, &key, "voter-2")
            .await
            .unwrap(),
        2
    );
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn one_address_gives_at_most_its_share_of_supporters_even_at_once() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    let key = idea(&store, &o, &b, "Benches in the park").await;
    let shared = |max| crate::ideas::storage::SupporterAddress {
        key: "the-library".into(),
        max,
    };
    let tasks: Vec<_> = (0..12)
        .map(|i| {
            let (store, o, b, key) = (store.clone(), o.clone(), b.clone(), key.clone());
            let address = shared(3);
            tokio::spawn(async move {
                store
                    .support(&o, &b, &key, &format!("browser-{i}"), &address)
                    .await
            })
        })
        .collect();
    let (mut ok, mut full) = (0, 0);
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(StorageError::AddressFull) => full += 1,
            Err(e) => panic!("unexpected {e}"),
        }
    }
    assert_eq!((ok, full), (3, 9));
    assert_eq!(store.idea(&o, &key).await.unwrap().supports, 3);
    // The same browser again is a duplicate, not a full address; another address is counted.
    assert!(matches!(
        store.support(&o, &b, &key, "browser-0", &shared(3)).await,
        Err(StorageError::AlreadyExists) | Err(StorageError::AddressFull)
    ));
    assert_eq!(
        super::support(&store, &o, &b, &key, "elsewhere")
            .await
            .unwrap(),
        4
    );
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
            tokio::spawn(async move { super::support(&store, &o, &b, &key, "same-voter").await })
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
        super::support(&store, &o, &b, &dup, v).await.unwrap();
    }
    super::support(&store, &o, &b, &main, "v1").await.unwrap();
    let merged = store.merge_ideas(&o, &dup, &main).await.unwrap();
    assert_eq!(merged.into.supports, 3);
    assert_eq!(store.idea(&o, &main).await.unwrap().supports, 3);
    assert_eq!(
        store.idea(&o, &dup).await.unwrap().visibility,
        Visibility::Merged
    );
    // The moved supports still count once per person.
    assert!(matches!(
        super::support(&store, &o, &b, &main, "v2").await,
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
            .public_ideas(&o, &b, Default::default(), None)
            .await
            .unwrap()
            .0
            .is_empty()
    );
    assert_eq!(store.pending_ideas(&o, 10).await.unwrap().len(), 1);
    store.publish_idea(&o, &key).await.unwrap();
    assert_eq!(
        store
            .public_ideas(&o, &b, Default::default(), None)
            .await
            .unwrap()
            .0
            .len(),
        1
    );
    assert_counters_exact(&store, &o, &b).await;
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
    // Every stored idea is counted once in the commit statistics, refused ones never.
    let (commits, ideas) = store.submission_commits();
    assert_eq!(ideas, 81);
    assert!((1..=81).contains(&commits), "{commits} commits");
    assert_counters_exact(&store, &o, &b).await;
    let weeks = crate::ideas::counts::weeks(&store.counts(&o, &b).await.unwrap());
    assert_eq!(weeks.iter().map(|w| w.ideas).sum::<i64>(), 81);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn submitters_that_go_away_do_not_strand_the_others() {
    // A file database, so commits take long enough (an fsync) to hang up during one.
    let (store, dir) = super::file_store("hangup").await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    // Like clients hanging up mid-request: every other submission is dropped while the groups
    // commit, possibly one that leads a group holding the others' ideas. Hanging up at a few
    // different moments makes hitting a committing leader all but certain.
    for round in 1..=6u64 {
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let (store, o, b) = (store.clone(), o.clone(), b.clone());
                tokio::spawn(async move {
                    let title = format!("Idea {round}-{i}");
                    submit_to(&store, &o, &b, &title, &random_key(20), Moderation::Post).await
                })
            })
            .collect();
        tokio::time::sleep(std::time::Duration::from_millis(round)).await;
        let mut kept = Vec::new();
        for (i, t) in tasks.into_iter().enumerate() {
            if i % 2 == 0 {
                t.abort();
            } else {
                kept.push(t);
            }
        }
        let answered = tokio::time::timeout(std::time::Duration::from_secs(60), async {
            let mut answered = 0;
            for t in kept {
                t.await.unwrap().unwrap();
                answered += 1;
            }
            answered
        })
        .await
        .expect("every remaining submitter hears back");
        assert_eq!(answered, 100);
    }
    let all = store.all_ideas(&o, &b).await.unwrap().len();
    assert!((600..=1200).contains(&all), "{all} ideas stored");
    assert_counters_exact(&store, &o, &b).await;
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_closed_file_store_opens_again_at_once_with_what_it_stored() {
    let (store, dir) = super::file_store("close").await;
    org(&store, "org-a").await;
    store.close().await;
    // The engine has shut down and let go of its files: a new opener gets them straight away.
    let again = Store::connect(&super::file_database(&dir))
        .await
        .expect("the files are free");
    assert_eq!(again.list_orgs().await.unwrap().len(), 1);
    again.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

async fn new_board(
    store: &Store,
    org: &OrgId,
    key: Option<&str>,
    title: &str,
) -> Result<String, StorageError> {
    let question = ActivityIntro::parse("What now?").unwrap();
    let title = ActivityTitle::parse(title).unwrap();
    let board = store
        .create_board(org, key, &title, &question, Moderation::Post)
        .await?;
    Ok(board.key)
}

#[tokio::test]
async fn a_board_is_addressed_by_its_titles_words_and_a_repeated_title_gets_a_number() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let other = org(&store, "org-b").await;
    assert_eq!(
        new_board(&store, &o, None, "Spielplatz").await.unwrap(),
        "spielplatz"
    );
    assert_eq!(
        new_board(&store, &o, None, "Spielplatz!").await.unwrap(),
        "spielplatz-2"
    );
    assert_eq!(
        new_board(&store, &other, None, "Spielplatz").await.unwrap(),
        "spielplatz"
    );
    let wordless = new_board(&store, &o, None, "???").await.unwrap();
    assert_eq!(wordless.len(), 10, "a random key: {wordless}");
    // A key chosen by hand is taken as it is, or refused.
    assert!(matches!(
        new_board(&store, &o, Some("spielplatz"), "Anything").await,
        Err(StorageError::AlreadyExists)
    ));
    assert_eq!(
        store.activity(&o, "spielplatz").await.unwrap().title,
        "Spielplatz"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_admins_demoting_each_other_at_once_leave_one_admin() {
    use crate::domain::staff::{Email, Role};
    for _ in 0..5 {
        let store = store().await;
        let o = org(&store, "org-a").await;
        for email in ["a@org-a.example", "b@org-a.example"] {
            let email = Email::parse(email).unwrap();
            store
                .create_staff(&o, &email, Role::Admin, "x")
                .await
                .unwrap();
        }
        let keys: Vec<String> = store
            .staff(&o)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.key)
            .collect();
        let (a, b) = tokio::join!(
            store.change_staff(&o, &keys[0], Some(Role::Moderator)),
            store.change_staff(&o, &keys[1], None),
        );
        assert!(
            matches!(
                (&a, &b),
                (Ok(()), Err(StorageError::LastAdmin)) | (Err(StorageError::LastAdmin), Ok(()))
            ),
            "{a:?} {b:?}"
        );
        let admins = store
            .staff(&o)
            .await
            .unwrap()
            .into_iter()
            .filter(|s| s.role == Role::Admin)
            .count();
        assert_eq!(admins, 1);
    }
}
