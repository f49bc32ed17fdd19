//! Migration 5's second half: the counts of every board, counted from its records into the
//! ledger (whatever the counters before it said).

use std::collections::BTreeMap;

use super::super::{StorageError, Tx, rows, tx_query};
use crate::domain::counts::Counts;
use crate::ideas::counts::SupportFacts;
use crate::ideas::storage::IdeaRow;
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
    let counts: Vec<serde_json::Value> = boards
        .iter()
        .flat_map(|((org, board), counts)| {
            counts.iter().map(move |(name, n)| {
                serde_json::json!({ "id": [org, board, name], "name": name, "n": n })
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
