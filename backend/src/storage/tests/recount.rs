//! A board's counts recounted from its records by plain code of its own, written apart from
//! the ledger's counting (`ideas::counts`), so that a mistake there cannot hide here.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::super::Store;
use crate::domain::OrgId;
use crate::domain::counts::Counts;

#[derive(Deserialize)]
struct Idea {
    visibility: String,
    status: String,
    supports: i64,
    created_at: i64,
    first_answer_at: Option<i64>,
}

const HOUR: i64 = 3_600_000;
const DAY: i64 = 24 * HOUR;

fn week(ms: i64) -> i64 {
    // Day 0 (1 January 1970) was a Thursday: Monday-based weeks start three days earlier.
    (ms.div_euclid(DAY) + 3).div_euclid(7)
}

/// Which "answered within" bucket an answer after `ms` goes in: 1 h, 4 h, 12 h, 1–3 days,
/// 1 and 2 weeks, 30 and 90 days, then longer.
fn bucket(ms: i64) -> usize {
    let hours = ms.max(0) / HOUR;
    [1, 4, 12, 24, 48, 72, 168, 336, 720, 2160]
        .iter()
        .take_while(|limit| hours >= **limit)
        .count()
}

/// `YYYY-MM` of a moment, from the civil calendar's days (Howard Hinnant's algorithm).
fn month(ms: i64) -> String {
    let z = ms.div_euclid(DAY) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}")
}

pub(super) fn as_map(counts: &Counts) -> BTreeMap<String, i64> {
    counts.iter().map(|(k, n)| (k.to_string(), n)).collect()
}

pub(super) async fn plain(store: &Store, org: &OrgId, board: &str) -> BTreeMap<String, i64> {
    let mut res = store
        .db
        .query(
            "SELECT visibility, status, supports, created_at, first_answer_at FROM idea WHERE org = $org AND board = $board;
             SELECT VALUE created_at FROM support WHERE org = $org AND board = $board;",
        )
        .bind(crate::vars!("org" => org.as_str(), "board" => board))
        .await
        .unwrap();
    let ideas: Vec<Idea> = crate::storage::rows(&mut res, 0).unwrap();
    let supports: Vec<i64> = crate::storage::rows(&mut res, 1).unwrap();
    let mut map: BTreeMap<String, i64> = BTreeMap::new();
    let mut add = |key: String, n: i64| *map.entry(key).or_default() += n;
    for i in &ideas {
        add(format!("week:{}:ideas", week(i.created_at)), 1);
        match i.visibility.as_str() {
            "public" => {
                add("public".into(), 1);
                add("supports".into(), i.supports);
                add(format!("status:{}", i.status), 1);
                if let Some(at) = i.first_answer_at {
                    add("answered".into(), 1);
                    add(format!("answered:{}", bucket(at - i.created_at)), 1);
                }
                // The organisation's page: the month it came in, how it was answered, done.
                let month = month(i.created_at);
                add(format!("mo:{month}:received"), 1);
                add(format!("mo:{month}:answerable"), 1);
                if let Some(at) = i.first_answer_at {
                    add(format!("mo:{month}:answered"), 1);
                    add(
                        format!("mo:{month}:answered:{}", bucket(at - i.created_at)),
                        1,
                    );
                }
                if i.status == "done" {
                    add(format!("mo:{month}:made"), 1);
                }
            }
            "pending" => add("pending".into(), 1),
            "hidden" => add("hidden".into(), 1),
            _ => {}
        }
    }
    for at in supports {
        add(format!("week:{}:supports", week(at)), 1);
    }
    map.retain(|_, n| *n != 0);
    map
}
