//! Lists read from indexes: a page of the newest ideas without sorting the board, and a
//! board read in chunks that gives every idea once, ties of creation time included.

use coproduce_widgets::contract::Moderation;

use super::{board, idea, org, store};

#[tokio::test]
async fn a_page_of_newest_ideas_is_read_from_the_index_without_sorting_the_board() {
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
        "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY created_at DESC LIMIT 5 EXPLAIN FULL",
        "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public' ORDER BY created_at DESC LIMIT 5 EXPLAIN FULL",
        "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public' ORDER BY supports DESC, created_at DESC LIMIT 5 EXPLAIN FULL",
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
        assert!(plan.contains("\"direction\":\"Backward\""), "{plan}");
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
        .query("SELECT * FROM idea WHERE org = $org AND board = $board AND created_at <= 1000 ORDER BY created_at DESC LIMIT 4 START 2 EXPLAIN FULL")
        .bind(crate::vars!("org" => o.as_str(), "board" => b.as_str()))
        .await
        .unwrap();
    let plan: Vec<serde_json::Value> = super::super::rows(&mut res, 0).unwrap();
    let plan = serde_json::to_string(&plan).unwrap();
    assert!(
        plan.contains("\"direction\":\"Backward\"") && !plan.contains("Sort"),
        "{plan}"
    );
}
