//! Lists read from indexes: a page of the newest ideas without sorting the board, and a
//! board read in chunks that gives every idea once, ties of creation time included.

use coproduce_widgets::contract::Moderation;

use super::{board, idea, org, store};

#[tokio::test]
async fn a_page_of_newest_ideas_is_read_forwards_from_the_index_without_sorting_the_board() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    for i in 0..12 {
        idea(&store, &o, &b, &format!("Idea number {i}")).await;
    }
    let (_, first) = store.ideas_after(&o, &b, None, 5).await.unwrap();
    let (page, _) = store.ideas_after(&o, &b, first.as_ref(), 5).await.unwrap();
    let titles: Vec<&str> = page.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles.len(), 5);
    let all = store.all_ideas(&o, &b).await.unwrap();
    let expected: Vec<&str> = all[5..10].iter().map(|i| i.title.as_str()).collect();
    assert_eq!(titles, expected, "the same order as the whole list");
    for sql in [
        "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY rank_new LIMIT 5 EXPLAIN FULL",
        "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public' ORDER BY rank_new LIMIT 5 EXPLAIN FULL",
        "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public' ORDER BY rank_supported, rank_new LIMIT 5 EXPLAIN FULL",
    ] {
        let mut res = store
            .db
            .query(sql)
            .bind(crate::vars!("org" => o.as_str(), "board" => b.as_str()))
            .await
            .unwrap();
        let plan: Vec<serde_json::Value> = super::super::rows(&mut res, 0).unwrap();
        let plan = serde_json::to_string(&plan).unwrap();
        assert!(plan.contains("\"operator\":\"IndexScan\""), "{plan}");
        // Backwards, SurrealKV's scans take time that grows with the index (migration V7).
        assert!(plan.contains("\"direction\":\"Forward\""), "{plan}");
        assert!(!plan.contains("Sort"), "no sort of the whole board: {plan}");
    }
}

#[tokio::test]
async fn a_board_read_in_chunks_gives_every_idea_once_in_order_even_when_times_tie() {
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    for i in 0..23 {
        idea(&store, &o, &b, &format!("Idea number {i}")).await;
    }
    // Ties across chunk ends: eleven ideas of one millisecond, and a run of three of another.
    store
        .db
        .query(
            "UPDATE idea SET created_at = 1000 WHERE org = $org AND title IN $a;
             UPDATE idea SET created_at = 500 WHERE org = $org AND title IN $b;",
        )
        .bind(crate::vars!(
            "org" => o.as_str(),
            "a" => (3..14).map(|i| format!("Idea number {i}")).collect::<Vec<_>>(),
            "b" => (17..20).map(|i| format!("Idea number {i}")).collect::<Vec<_>>()
        ))
        .await
        .unwrap()
        .check()
        .unwrap();
    let expected: Vec<String> = store
        .all_ideas(&o, &b)
        .await
        .unwrap()
        .into_iter()
        .map(|i| i.key)
        .collect();
    for chunk in [1, 2, 4, 5, 23, 50] {
        let (mut seen, mut cursor) = (Vec::new(), None);
        loop {
            let (ideas, next) = store
                .ideas_after(&o, &b, cursor.as_ref(), chunk)
                .await
                .unwrap();
            if ideas.is_empty() {
                break;
            }
            seen.extend(ideas.into_iter().map(|i| i.key));
            cursor = next;
        }
        assert_eq!(seen, expected, "chunks of {chunk}");
    }
    let mut res = store
        .db
        .query("SELECT * FROM idea WHERE org = $org AND board = $board AND rank_new >= -1000 ORDER BY rank_new LIMIT 4 START 2 EXPLAIN FULL")
        .bind(crate::vars!("org" => o.as_str(), "board" => b.as_str()))
        .await
        .unwrap();
    let plan: Vec<serde_json::Value> = super::super::rows(&mut res, 0).unwrap();
    let plan = serde_json::to_string(&plan).unwrap();
    assert!(
        plan.contains("\"direction\":\"Forward\"") && !plan.contains("Sort"),
        "{plan}"
    );
}

/// Every public idea, page by page in `sort` (with `status`), through the page cursors.
async fn all_pages(
    store: &super::super::Store,
    o: &crate::domain::OrgId,
    b: &str,
    sort: coproduce_widgets::ideas::contract::Sort,
    status: Option<coproduce_widgets::ideas::contract::IdeaStatus>,
    limit: usize,
) -> Vec<String> {
    let filter = crate::ideas::storage::ListFilter {
        sort,
        status,
        limit,
    };
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let (page, next) = store
            .public_ideas(o, b, filter, after.as_ref())
            .await
            .unwrap();
        assert!(page.len() <= limit);
        seen.extend(page.into_iter().map(|i| i.key));
        match next {
            // The cursor goes through the page address and back.
            Some(c) => after = crate::ideas::storage::PageCursor::parse(&c.to_param()),
            None => return seen,
        }
        assert!(seen.len() <= 500, "pages never end");
    }
}

#[tokio::test]
async fn every_public_idea_is_reached_page_by_page_in_every_sort_and_filter() {
    use coproduce_widgets::ideas::contract::{IdeaStatus, Sort};
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    for i in 0..130 {
        idea(&store, &o, &b, &format!("Idea number {i}")).await;
    }
    // Ties everywhere: runs of equal creation times, supports and answer times, answered and
    // unanswered ideas, statuses, and ideas that are not public.
    store
        .db
        .query(
            "UPDATE idea SET created_at = 1000 + (created_at % 7), supports = created_at % 4 WHERE org = $org;
             UPDATE idea SET status = 'planned', last_answer_at = 5000 + (created_at % 3), first_answer_at = 5000 WHERE org = $org AND string::ends_with(title, '3');
             UPDATE idea SET visibility = 'hidden' WHERE org = $org AND string::ends_with(title, '9');",
        )
        .bind(crate::vars!("org" => o.as_str()))
        .await
        .unwrap()
        .check()
        .unwrap();
    let all = store.all_ideas(&o, &b).await.unwrap();
    let public: Vec<_> = all
        .iter()
        .filter(|i| i.visibility == crate::domain::moderation::Visibility::Public)
        .collect();
    for sort in Sort::ALL {
        for status in [None, Some(IdeaStatus::Planned), Some(IdeaStatus::New)] {
            let mut expected: Vec<_> = public
                .iter()
                .filter(|i| status.is_none_or(|s| i.status == s))
                .collect();
            let key = |i: &&&crate::ideas::storage::IdeaRow| match sort {
                Sort::Newest => (0, i.created_at),
                Sort::MostSupported => (i.supports, i.created_at),
                Sort::RecentlyAnswered => (i.last_answer_at.unwrap_or(-1), i.created_at),
            };
            expected.sort_by_key(|i| std::cmp::Reverse(key(i)));
            for limit in [1, 7, 50] {
                let seen = all_pages(&store, &o, &b, sort, status, limit).await;
                let mut sorted = seen.clone();
                sorted.sort();
                sorted.dedup();
                assert_eq!(
                    sorted.len(),
                    seen.len(),
                    "each once: {sort:?} {status:?} by {limit}"
                );
                assert_eq!(
                    seen.len(),
                    expected.len(),
                    "all: {sort:?} {status:?} by {limit}"
                );
                let order: Vec<_> = seen
                    .iter()
                    .map(|k| key(&&public.iter().find(|i| &i.key == k).copied().unwrap()))
                    .collect();
                let mut want = order.clone();
                want.sort_by_key(|k| std::cmp::Reverse(*k));
                assert_eq!(order, want, "in order: {sort:?} {status:?} by {limit}");
            }
        }
    }
}

#[tokio::test]
async fn every_page_query_reads_a_range_of_an_index_forwards_without_sorting_the_board() {
    use crate::ideas::storage::{ListFilter, PageCursor};
    use coproduce_widgets::ideas::contract::{IdeaStatus, Sort};
    let store = store().await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, Moderation::Post).await;
    for i in 0..30 {
        idea(&store, &o, &b, &format!("Idea number {i}")).await;
    }
    let cursors = [
        None,
        PageCursor::parse("2.1000.1"),
        PageCursor::parse(".1000.1"),
    ];
    for sort in Sort::ALL {
        for status in [None, Some(IdeaStatus::Planned)] {
            for after in &cursors {
                let filter = ListFilter {
                    sort,
                    status,
                    limit: 5,
                };
                let sql = crate::ideas::storage::lists_page_sql(&filter, after.as_ref());
                for statement in sql.split(';').map(str::trim).filter(|s| !s.is_empty()) {
                    let mut res = store
                        .db
                        .query(format!("{statement} EXPLAIN FULL"))
                        .bind(crate::vars!(
                            "org" => o.as_str(), "board" => b.as_str(), "status" => "planned",
                            "n" => 6, "rank" => -2, "at" => -1000, "skip" => 1
                        ))
                        .await
                        .unwrap();
                    let plan: Vec<serde_json::Value> = super::super::rows(&mut res, 0).unwrap();
                    let plan = serde_json::to_string(&plan).unwrap();
                    assert!(
                        plan.contains("\"operator\":\"IndexScan\""),
                        "{statement}: {plan}"
                    );
                    assert!(
                        !plan.contains("Sort") && plan.contains("\"direction\":\"Forward\""),
                        "no sort of the board, no backward scan: {statement}: {plan}"
                    );
                }
            }
        }
    }
}
