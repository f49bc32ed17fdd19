//! The second half of migrations that count records into the ledger: 5 (every board, whatever
//! the counters before it said), 10 (every survey response into its day) and 13 (every public
//! contribution into its activity's months).

use std::collections::BTreeMap;

use super::super::{StorageError, Tx, rows, tx_query};
use coproduce_widgets::survey::definition::Definition;
use coproduce_widgets::survey::response::Answers;

use crate::domain::counts::Counts;
use crate::domain::responsiveness;
use crate::ideas::counts::SupportFacts;
use crate::ideas::storage::IdeaRow;
use crate::map::storage::ReportRow;
use crate::survey::counts::{count_versioned, day_scope};
use crate::vars;

/// Writes every board's counts, counted from its ideas and supports, into the ledger.
pub(super) async fn count_boards(tx: Tx) -> Result<Tx, (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT * FROM idea; SELECT org, board, created_at FROM support;",
        vars!(),
    )
    .await?;
    let read = rows::<IdeaRow>(&mut res, 0).and_then(|i| Ok((i, rows::<SupportAt>(&mut res, 1)?)));
    let (ideas, supports) = match read {
        Ok(r) => r,
        Err(e) => return Err((Some(tx), e)),
    };
    let mut boards: BTreeMap<(String, String), Counts> = BTreeMap::new();
    for idea in &ideas {
        boards
            .entry((idea.org.clone(), idea.board.clone()))
            .or_default()
            .merge(&Counts::of(idea));
    }
    for s in &supports {
        boards
            .entry((s.org.clone(), s.board.clone()))
            .or_default()
            .merge(&Counts::of(&SupportFacts {
                created_at: s.created_at,
            }));
    }
    // As migration 5 counted when it was written: the months are migration 13's.
    for c in boards.values_mut() {
        *c = c
            .iter()
            .filter(|(name, _)| !name.starts_with(responsiveness::PREFIX))
            .map(|(name, n)| (name.to_string(), n))
            .collect();
    }
    let scopes = boards
        .iter()
        .map(|((org, board), c)| (org.as_str(), board.as_str(), c));
    write_counts(tx, scopes).await
}

/// Writes the counts of each (org, scope) as the ledger's folded counts.
async fn write_counts<'a>(
    tx: Tx,
    scopes: impl Iterator<Item = (&'a str, &'a str, &'a Counts)>,
) -> Result<Tx, (Option<Tx>, StorageError)> {
    let counts: Vec<serde_json::Value> = scopes
        .flat_map(|(org, scope, counts)| {
            counts.iter().map(move |(name, n)| {
                serde_json::json!({ "id": [org, scope, name], "name": name, "n": n })
            })
        })
        .collect();
    let (tx, _) = tx_query(
        tx,
        "FOR $c IN $counts { CREATE type::record('ledger_count', $c.id) SET name = $c.name, n = $c.n RETURN NONE; };",
        vars!("counts" => counts),
    )
    .await?;
    Ok(tx)
}

/// A support as the count of V5 reads it.
#[derive(Debug, serde::Deserialize)]
struct SupportAt {
    org: String,
    board: String,
    created_at: i64,
}

/// Migration 10's second half: every survey response counted into the scope of its day, as
/// responses are counted from then on (`crate::survey::counts::day_scope`).
pub(super) async fn count_survey_days(tx: Tx) -> Result<Tx, (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT record::id(id)[0] AS org, record::id(id)[1] AS survey, record::id(id)[2] AS n, definition FROM survey_version;
         SELECT org, survey, version, answers, created_at FROM survey_response WHERE withdrawn = false;",
        vars!(),
    )
    .await?;
    let read =
        rows::<VersionAt>(&mut res, 0).and_then(|v| Ok((v, rows::<ResponseAt>(&mut res, 1)?)));
    let (versions, responses) = match read {
        Ok(r) => r,
        Err(e) => return Err((Some(tx), e)),
    };
    let definitions: BTreeMap<(&str, &str, i64), &Definition> = versions
        .iter()
        .map(|v| ((v.org.as_str(), v.survey.as_str(), v.n), &v.definition))
        .collect();
    let mut days: BTreeMap<(&str, String), Counts> = BTreeMap::new();
    for r in &responses {
        let Some(def) = definitions.get(&(r.org.as_str(), r.survey.as_str(), r.version)) else {
            continue;
        };
        let day = day_scope(&r.survey, r.created_at);
        let counts = days.entry((r.org.as_str(), day)).or_default();
        count_versioned(def, r.version, &r.answers, r.created_at, 1, counts);
    }
    let scopes = days.iter().map(|((org, day), c)| (*org, day.as_str(), c));
    write_counts(tx, scopes).await
}

#[derive(Debug, serde::Deserialize)]
struct VersionAt {
    org: String,
    survey: String,
    n: i64,
    definition: Definition,
}

#[derive(Debug, serde::Deserialize)]
struct ResponseAt {
    org: String,
    survey: String,
    version: i64,
    answers: Answers,
    created_at: i64,
}

/// Migration 13's second half: the monthly counts (`mo:…`, new names: nothing counted them
/// before) of every idea, report, story and survey response, into its activity's scope.
pub(super) async fn count_months(tx: Tx) -> Result<Tx, (Option<Tx>, StorageError)> {
    let (tx, mut res) = tx_query(
        tx,
        "SELECT * FROM idea; SELECT * FROM map_report;
         SELECT org, activity, created_at, first_answer_at, change.made AS made FROM story WHERE state = 'published';
         SELECT org, survey, created_at FROM survey_response WHERE withdrawn = false;",
        vars!(),
    )
    .await?;
    let read = (|| {
        Ok::<_, StorageError>((
            rows::<IdeaRow>(&mut res, 0)?,
            rows::<ReportRow>(&mut res, 1)?,
            rows::<StoryMonth>(&mut res, 2)?,
            rows::<ResponseMonth>(&mut res, 3)?,
        ))
    })();
    let (ideas, reports, stories, responses) = match read {
        Ok(r) => r,
        Err(e) => return Err((Some(tx), e)),
    };
    let mut scopes: BTreeMap<(String, String), Counts> = BTreeMap::new();
    let mut add = |org: &str, scope: &str, all: Counts| {
        let months = scopes
            .entry((org.to_string(), scope.to_string()))
            .or_default();
        for (name, n) in all.iter() {
            if name.starts_with(responsiveness::PREFIX) {
                months.add(name, n);
            }
        }
    };
    for i in &ideas {
        add(&i.org, &i.board, Counts::of(i));
    }
    for r in &reports {
        add(&r.org, &r.map, Counts::of(&r.facts()));
    }
    for s in &stories {
        let mut c = Counts::default();
        let story = responsiveness::Contribution {
            created_at: s.created_at,
            answerable: true,
            first_answer_at: s.first_answer_at,
            change_made: s.made == Some(true),
        };
        responsiveness::count(&story, 1, &mut c);
        add(&s.org, &s.activity, c);
    }
    for r in &responses {
        let mut c = Counts::default();
        let received = responsiveness::Contribution {
            created_at: r.created_at,
            answerable: false,
            first_answer_at: None,
            change_made: false,
        };
        responsiveness::count(&received, 1, &mut c);
        add(&r.org, &r.survey, c);
    }
    let all = scopes
        .iter()
        .map(|((org, scope), c)| (org.as_str(), scope.as_str(), c));
    write_counts(tx, all).await
}

/// A published story as migration 13 counts it (as `ratings::counts::StoryFacts` does).
#[derive(Debug, serde::Deserialize)]
struct StoryMonth {
    org: String,
    activity: String,
    created_at: i64,
    first_answer_at: Option<i64>,
    made: Option<bool>,
}

#[derive(Debug, serde::Deserialize)]
struct ResponseMonth {
    org: String,
    survey: String,
    created_at: i64,
}
