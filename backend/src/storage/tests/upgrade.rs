//! A database the counters before the ledger left (schema 4) migrates to the ledger: counts
//! built from the records, the old counting gone, every idea still writable.

use super::super::Store;
use super::{assert_counters_exact, idea, org, store_at_version};
use crate::ideas::counts::IdeaTotals;
use crate::ideas::domain::StatusChange;

/// A database at schema `version` with one board, `sql` run on it (with `$org` and `$board`)
/// as that version would have left it, then migrated to the current schema.
async fn upgraded_from(version: usize, sql: &str) -> (Store, crate::domain::OrgId, String) {
    let store = store_at_version(version).await;
    let o = org(&store, "org-a").await;
    let b = "board".to_string();
    store
        .db
        .query("CREATE type::record('board', [$org, $board]) SET org = $org, key = $board, title = 'Board', question = 'What now?', open = true, moderation = 'post', created_at = 1;")
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
async fn counters_of_schema_4_become_ledger_counts_of_the_same_records() {
    // One idea folded (epoch 1), one in an epoch not folded yet and supported since (its
    // delta pending), one hidden; the old counters say so in columns and positions.
    let (store, o, b) = upgraded_from(
        4,
        "UPSERT fold_state:open SET epoch = 3; UPSERT fold_state:folded SET epoch = 1;
         CREATE type::record('idea', [$org, 'old']) SET org = $org, board = $board, key = 'old', title = 'Old idea', body = '', status = 'planned', supports = 0, visibility = 'public', created_at = 1000, first_answer_at = 2000, last_answer_at = 2000, receipt = 'r-old', history = [{ status: 'new', at: 1000 }, { status: 'planned', answer: 'Yes.', at: 2000 }], epoch = 1, born = { visibility: 'public', status: 'new', supports: 0 };
         CREATE type::record('idea', [$org, 'new']) SET org = $org, board = $board, key = 'new', title = 'New idea', body = '', status = 'new', supports = 1, visibility = 'public', created_at = 3000, receipt = 'r-new', history = [{ status: 'new', at: 3000 }], epoch = 2, born = { visibility: 'public', status: 'new', supports: 0 };
         CREATE type::record('idea', [$org, 'gone']) SET org = $org, board = $board, key = 'gone', title = 'Hidden idea', body = '', status = 'new', supports = 0, visibility = 'hidden', hidden_reason = 'spam', created_at = 4000, receipt = 'r-gone', history = [{ status: 'new', at: 4000 }], epoch = 2, born = { visibility: 'public', status: 'new', supports: 0 };
         CREATE type::record('support', [$org, 'new', 'v']) SET org = $org, board = $board, idea = 'new', voter = 'v', created_at = 3500;
         UPSERT type::record('board_stat', [$org, $board]) SET org = $org, board = $board, public += 1, st_planned += 1, answered += 1, ans_0 += 1;
         UPSERT type::record('board_week', [$org, $board, 0]) SET org = $org, board = $board, week = 0, ideas += 1, supports += 0;
         CREATE type::record('board_delta', [$org, $board, 'd1']) SET c = [0, 0, 0, 1], week = 0, ideas = 0, supports = 1;
         CREATE type::record('board_delta', [$org, $board, 'd2']) SET c = [-1, 0, 1], ideas = 0, supports = 0;",
    )
    .await;
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(store.idea_by_receipt(&o, "r-new").await.unwrap().key, "new");
    assert_eq!(store.activity(&o, &b).await.unwrap().intro, "What now?");
    let totals = IdeaTotals::from(&store.counts(&o, &b).await.unwrap());
    assert_eq!(
        (
            totals.public,
            totals.hidden,
            totals.supports,
            totals.answered.answered
        ),
        (2, 1, 1, 1)
    );
    for gone in [
        "board_stat",
        "board_week",
        "board_delta",
        "fold_state",
        "board",
    ] {
        let info = super::number(
            &store,
            &format!("RETURN IF (INFO FOR DB).tables.{gone} = NONE {{ 0 }} ELSE {{ 1 }}"),
        )
        .await;
        assert_eq!(info, 0, "{gone} is removed");
    }
    // Old ideas change like new ones, and new ideas join them.
    super::support(&store, &o, &b, "old", "w").await.unwrap();
    let change = StatusChange::parse("done", "Built.").unwrap();
    store.set_status(&o, "new", &change).await.unwrap();
    idea(&store, &o, &b, "Newer idea").await;
    assert_counters_exact(&store, &o, &b).await;
    store.fold_all().await.unwrap();
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn ideas_stored_by_schema_1_are_counted_after_every_migration() {
    let (store, o, b) = upgraded_from(
        1,
        "CREATE type::record('idea', [$org, 'old']) SET org = $org, board = $board, key = 'old', title = 'Old idea', body = '', status = 'new', supports = 0, visibility = 'public', created_at = 1, receipt = 'r-old', history = [{ status: 'new', at: 1 }];
         UPSERT type::record('board_stat', [$org, $board, 7]) SET org = $org, board = $board, public += 1, st_new += 1;",
    )
    .await;
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(
        super::support(&store, &o, &b, "old", "voter")
            .await
            .unwrap(),
        1
    );
    assert_counters_exact(&store, &o, &b).await;
    assert_eq!(
        IdeaTotals::from(&store.counts(&o, &b).await.unwrap()).supports,
        1
    );
}

#[tokio::test]
async fn a_migration_that_fails_on_an_existing_record_is_not_taken_for_applied() {
    let store = store_at_version(1).await;
    let broken = [(
        99,
        "CREATE thing:1 RETURN NONE; CREATE thing:1 RETURN NONE;",
        crate::storage::migrations::Then::Nothing,
    )];
    let result = crate::storage::migrations::apply(&store, &broken).await;
    assert!(
        matches!(result, Err(crate::storage::StorageError::AlreadyExists)),
        "{result:?}"
    );
    let applied = super::number(
        &store,
        "RETURN array::len(SELECT VALUE id FROM migration WHERE version = 99)",
    )
    .await;
    assert_eq!(applied, 0, "nothing of it stays");
}

#[tokio::test]
async fn contributions_from_before_schema_13_count_in_their_months_once() {
    use crate::domain::responsiveness::{PREFIX, months};
    // Two public ideas at schema 12, one answered and done; their counts as that release left
    // them (no months), everything folded.
    let store = store_at_version(12).await;
    let o = org(&store, "org-a").await;
    let b = super::board(&store, &o, coproduce_widgets::contract::Moderation::Post).await;
    let first = idea(&store, &o, &b, "First idea").await;
    idea(&store, &o, &b, "Second idea").await;
    let done = StatusChange::parse("done", "Built last week.").unwrap();
    store.set_status(&o, &first, &done).await.unwrap();
    store.fold_all().await.unwrap();
    store
        .db
        .query("DELETE ledger_count WHERE string::starts_with(name, $p);")
        .bind(crate::vars!("p" => PREFIX))
        .await
        .unwrap()
        .check()
        .unwrap();
    assert!(store.counts_named(&o, &b, PREFIX).await.unwrap().is_empty());

    crate::storage::migrations::run(&store).await.unwrap();
    let now = crate::domain::now_ms();
    let month = crate::domain::responsiveness::month_of(now);
    let read = months(
        &store.counts(&o, &b).await.unwrap(),
        std::slice::from_ref(&month),
    );
    let m = read[&month];
    assert_eq!(
        (m.received, m.answerable, m.answered.answered, m.made),
        (2, 2, 1, 1)
    );
    assert_counters_exact(&store, &o, &b).await;
}

#[tokio::test]
async fn a_database_is_ready_only_once_every_migration_of_this_release_is_applied() {
    let store = store_at_version(crate::storage::migrations::MIGRATIONS.len() - 1).await;
    assert!(!store.ready().await.unwrap(), "one migration short");
    crate::storage::migrations::run(&store).await.unwrap();
    assert!(store.ready().await.unwrap());
}
