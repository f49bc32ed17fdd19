//! Surveys against SurrealDB. A date range's results come from the counts of its days: they
//! equal the results of that range's responses counted on their own, for responses stored
//! through the app (today, with withdrawals, folded or not) and for responses an older schema
//! left, which migration 10 counts into their days. Responses are read page by page from the
//! index, forwards, every one once, however many share a millisecond.

use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::Answers;
use serde_json::json;

use super::{org, store, store_at_version};
use crate::domain::OrgId;
use crate::domain::activity::{ActivityIntro, ActivityTitle};
use crate::domain::counts::Counts;
use crate::storage::Store;
use crate::survey::counts::{across_versions, count_versioned, results};
use crate::survey::results::{Range, Results, load};
use crate::survey::storage::{Cursor, NewResponse};

const DAY: i64 = 86_400_000;

fn definition() -> Definition {
    serde_json::from_value(json!({ "pages": [{ "id": "p", "questions": [
        { "id": "pick", "type": "single_choice", "text": { "de": "Was?", "en": "What?" },
          "options": [{ "id": "a", "label": { "de": "A", "en": "A" } }, { "id": "b", "label": { "de": "B", "en": "B" } }] },
        { "id": "score", "type": "rating", "max": 5, "text": { "de": "Wie?", "en": "How?" } }
    ] }] }))
    .unwrap()
}

fn answers(i: usize) -> Answers {
    let pick = ["a", "b"][i % 2];
    serde_json::from_value(json!({ "values": {
        "pick": { "type": "choice", "value": pick },
        "score": { "type": "number", "value": 1 + (i * 7) % 5 }
    } }))
    .unwrap()
}

async fn published(store: &Store, o: &OrgId) -> String {
    let title = ActivityTitle::parse("Days").unwrap();
    let intro = ActivityIntro::parse("Results by day").unwrap();
    let key = store
        .create_survey(o, Some("days"), &title, &intro)
        .await
        .unwrap()
        .key;
    store.save_draft(o, &key, &definition()).await.unwrap();
    store.publish_survey(o, &key).await.unwrap();
    key
}

/// The results of `kept` responses (answers, time) counted on their own.
fn counted_apart(kept: &[(Answers, i64)]) -> (i64, Vec<crate::survey::counts::QuestionResult>) {
    let def = definition();
    let mut counts = Counts::default();
    for (a, at) in kept {
        count_versioned(&def, 1, a, *at, 1, &mut counts);
    }
    let (combined, _) = across_versions(&[(1, &def)], &counts, 1);
    (combined.get("responses"), results(&def, &combined))
}

async fn range_results(store: &Store, o: &OrgId, key: &str, range: Range) -> Results {
    load(store, o, key, None, Some(range)).await.unwrap()
}

#[tokio::test]
async fn todays_range_holds_todays_responses_withdrawals_taken_back_folded_or_not() {
    let store = store().await;
    let o = org(&store, "org-days").await;
    let key = published(&store, &o).await;
    let def = definition();
    let mut stored = Vec::new();
    for i in 0..9 {
        let a = answers(i);
        let hash = format!("receipt-{i}");
        let new = NewResponse {
            survey: &key,
            version: 1,
            definition: &def,
            answers: &a,
            participant: None,
            receipt_hash: &hash,
        };
        let row = store.submit_response(&o, new).await.unwrap();
        if i == 4 {
            store.fold_all().await.unwrap();
        }
        stored.push(row);
    }
    for gone in [&stored[1], &stored[6]] {
        store
            .withdraw_response(&o, &key, &gone.key, &def)
            .await
            .unwrap();
    }
    let kept: Vec<(Answers, i64)> = stored
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != 1 && *i != 6)
        .map(|(_, r)| (r.answers.clone(), r.created_at))
        .collect();
    let today = stored[0].created_at.div_euclid(DAY) * DAY;
    for fold in [false, true] {
        if fold {
            store.fold_all().await.unwrap();
        }
        let day = range_results(&store, &o, &key, (today, today + DAY)).await;
        assert_eq!(
            (day.responses, day.questions.clone()),
            counted_apart(&kept),
            "folded: {fold}"
        );
        let live = load(&store, &o, &key, None, None).await.unwrap();
        assert_eq!(live.questions, day.questions);
        let yesterday = range_results(&store, &o, &key, (today - DAY, today)).await;
        assert_eq!(yesterday.responses, 0);
        // A range that starts and ends within days takes them whole.
        let around = range_results(&store, &o, &key, (today - 1, today + 1)).await;
        assert_eq!(around.questions, day.questions);
    }
}

#[tokio::test]
async fn migration_10_counts_the_responses_an_older_schema_left_into_their_days() {
    let store = store_at_version(9).await;
    let o = org(&store, "org-old-days").await;
    let key = published(&store, &o).await;
    // Six days of responses, one withdrawn, written as schema 9 left them.
    let base = 20_000 * DAY + 3_600_000;
    let mut kept = Vec::new();
    for i in 0..18 {
        let at = base + (i as i64 % 6) * DAY + i as i64;
        let withdrawn = i == 7;
        let a = if withdrawn {
            Answers::default()
        } else {
            answers(i)
        };
        store
            .db
            .query("CREATE type::record('survey_response', [$org, $survey, $k]) SET org = $org, survey = $survey, key = $k, version = 1, answers = $answers, participant = NULL, withdrawn = $withdrawn, hidden = {}, created_at = $at RETURN NONE")
            .bind(crate::vars!(
                "org" => o.as_str(), "survey" => key, "k" => format!("r{i}"),
                "answers" => serde_json::to_value(&a).unwrap(), "withdrawn" => withdrawn, "at" => at
            ))
            .await
            .unwrap()
            .check()
            .unwrap();
        if !withdrawn {
            kept.push((a, at));
        }
    }
    crate::storage::migrations::run(&store).await.unwrap();
    for (from, to) in [(0, 6), (0, 1), (2, 4), (5, 6), (6, 9)] {
        let range = (base - 3_600_000 + from * DAY, base - 3_600_000 + to * DAY);
        let within: Vec<(Answers, i64)> = kept
            .iter()
            .filter(|(_, at)| (range.0..range.1).contains(at))
            .cloned()
            .collect();
        let got = range_results(&store, &o, &key, range).await;
        assert_eq!(
            (got.responses, got.questions),
            counted_apart(&within),
            "days {from}..{to}"
        );
    }
}

#[tokio::test]
async fn responses_are_read_in_pages_from_the_index_every_one_once_ties_included() {
    let store = store().await;
    let o = org(&store, "org-pages").await;
    let key = published(&store, &o).await;
    // Eleven responses of one millisecond, three of another, nine alone.
    let times: Vec<i64> = (0..23)
        .map(|i| match i {
            3..=13 => 1_000,
            14..=16 => 500,
            i => 2_000 + i,
        })
        .collect();
    for (i, at) in times.iter().enumerate() {
        store
            .db
            .query("CREATE type::record('survey_response', [$org, $survey, $k]) SET org = $org, survey = $survey, key = $k, version = 1, answers = { values: {}, other: {} }, participant = NULL, withdrawn = false, hidden = {}, created_at = $at RETURN NONE")
            .bind(crate::vars!("org" => o.as_str(), "survey" => key, "k" => format!("r{i:02}"), "at" => at))
            .await
            .unwrap()
            .check()
            .unwrap();
    }
    for limit in [1, 2, 5, 11, 30] {
        let (mut seen, mut after) = (Vec::new(), None::<Cursor>);
        loop {
            let page = store
                .responses(&o, &key, (0, i64::MAX), after, limit)
                .await
                .unwrap();
            seen.extend(page.iter().map(|r| (r.created_at, r.key.clone())));
            if page.len() < limit {
                break;
            }
            let times: Vec<i64> = page.iter().map(|r| r.created_at).collect();
            after = Cursor::after(after, &times);
        }
        let mut keys: Vec<&String> = seen.iter().map(|(_, k)| k).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(
            keys.len(),
            23,
            "every response once, pages of {limit}: {seen:?}"
        );
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "in time order");
    }
    // A date range that starts within the ties.
    let mid = store
        .responses(&o, &key, (1_000, 2_000), None, 100)
        .await
        .unwrap();
    assert_eq!(mid.len(), 11);
    let mut res = store
        .db
        .query("SELECT * FROM survey_response WITH INDEX survey_response_created WHERE org = $org AND survey = $survey AND created_at >= 0 AND created_at < 99999 ORDER BY created_at LIMIT 5 START 3 EXPLAIN FULL")
        .bind(crate::vars!("org" => o.as_str(), "survey" => key))
        .await
        .unwrap();
    let plan: Vec<serde_json::Value> = crate::storage::rows(&mut res, 0).unwrap();
    let plan = serde_json::to_string(&plan).unwrap();
    assert!(plan.contains("\"operator\":\"IndexScan\""), "{plan}");
    assert!(plan.contains("\"direction\":\"Forward\""), "{plan}");
    assert!(!plan.contains("Sort"), "no sort of every response: {plan}");
}
