//! Reading a board's ideas as lists: a page of the public board in the reader's order, a
//! chunk at a time from the newest (console pages, exports), a title search. Each reads a
//! range of an index, never every idea of the board sorted.

use coproduce_widgets::contract::{IdeaStatus, Sort};

use super::IdeaRow;
use crate::domain::OrgId;
use crate::storage::{StorageError, Store, rows};
use crate::vars;

#[derive(Debug, Clone, Copy, Default)]
pub struct ListFilter {
    pub sort: Sort,
    pub status: Option<IdeaStatus>,
    pub limit: usize,
}

/// Where a chunk of a board's ideas (newest first) ended: the creation time of its last idea,
/// and how many ideas of exactly that time it held, which the next chunk skips. Ideas of
/// one time keep one order in the index (by record id), so none is read twice or missed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    at: i64,
    skip: usize,
}

impl Cursor {
    /// Written into a page address: `time.skip`.
    pub fn to_param(self) -> String {
        format!("{}.{}", self.at, self.skip)
    }

    /// Read from a page address; `None` for anything else, a skip beyond any run of ideas
    /// of one millisecond included.
    pub fn parse(param: &str) -> Option<Self> {
        let (at, skip) = param.split_once('.')?;
        let skip: u32 = skip.parse().ok()?;
        Some(Self {
            at: at.parse().ok()?,
            skip: usize::try_from(skip).ok()?,
        })
    }

    /// The cursor after `chunk`, read from `after`; `None` when the chunk was empty.
    pub fn after(after: Option<&Cursor>, chunk: &[IdeaRow]) -> Option<Cursor> {
        let last = chunk.last()?.created_at;
        let same = chunk
            .iter()
            .rev()
            .take_while(|i| i.created_at == last)
            .count();
        // The whole chunk at the time where the last one ended: those skipped then, too.
        let carried = match after {
            Some(c) if c.at == last && same == chunk.len() => c.skip,
            _ => 0,
        };
        Some(Cursor {
            at: last,
            skip: carried + same,
        })
    }
}

/// Words of a title search that count; more are ignored.
const MAX_SEARCH_WORDS: usize = 8;

impl Store {
    /// Public ideas of a board, as the reader asked.
    pub async fn public_ideas(
        &self,
        org: &OrgId,
        board: &str,
        filter: ListFilter,
    ) -> Result<Vec<IdeaRow>, StorageError> {
        // Only fixed fragments are joined into the query; every value is bound.
        let mut sql = String::from(
            "SELECT * FROM idea WHERE org = $org AND board = $board AND visibility = 'public'",
        );
        if filter.status.is_some() {
            sql.push_str(" AND status = $status");
        }
        sql.push_str(match filter.sort {
            Sort::Newest => " ORDER BY created_at DESC",
            Sort::MostSupported => " ORDER BY supports DESC, created_at DESC",
            Sort::RecentlyAnswered => " ORDER BY last_answer_at DESC, created_at DESC",
        });
        sql.push_str(" LIMIT $limit");
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board,
                "status" => filter.status.map(|s| s.as_str()).unwrap_or(""),
                "limit" => filter.limit.max(1) as i64
            ))
            .await?;
        rows(&mut res, 0)
    }

    /// Every idea of a board whatever its visibility, newest first (console and export).
    pub async fn all_ideas(&self, org: &OrgId, board: &str) -> Result<Vec<IdeaRow>, StorageError> {
        let mut res = self
            .db
            .query(
                "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY created_at DESC",
            )
            .bind(vars!("org" => org.as_str(), "board" => board))
            .await?;
        rows(&mut res, 0)
    }

    /// The next `limit` of a board's ideas whatever their visibility, newest first, after
    /// `after` (where the previous chunk ended): a range of the index each time, however far
    /// into the board (the console's pages, the exports).
    pub async fn ideas_after(
        &self,
        org: &OrgId,
        board: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<IdeaRow>, Option<Cursor>), StorageError> {
        let sql = match after {
            None => {
                "SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY created_at DESC LIMIT $limit"
            }
            Some(_) => {
                "SELECT * FROM idea WHERE org = $org AND board = $board AND created_at <= $at ORDER BY created_at DESC LIMIT $limit START $skip"
            }
        };
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board, "limit" => limit.max(1) as i64,
                "at" => after.map_or(0, |c| c.at), "skip" => after.map_or(0, |c| c.skip as i64)
            ))
            .await?;
        let ideas: Vec<IdeaRow> = rows(&mut res, 0)?;
        let next = Cursor::after(after, &ideas);
        Ok((ideas, next))
    }

    /// Public ideas of a board whose titles hold every one of `words` (any case), at most
    /// `limit`: how staff find the idea a duplicate belongs to.
    pub async fn find_public_ideas(
        &self,
        org: &OrgId,
        board: &str,
        words: &[String],
        limit: usize,
    ) -> Result<Vec<IdeaRow>, StorageError> {
        // Only fixed fragments are joined into the query; every word is bound. The board's
        // range of the plain index, read in one go, then filtered and the few matches sorted:
        // left to itself the planner walks the supports index backwards record by record,
        // ten times slower when few titles match (bench/bounds, 100,000 ideas).
        let mut sql = String::from(
            "SELECT * FROM idea WITH INDEX idea_board_created WHERE org = $org AND board = $board AND visibility = 'public'",
        );
        let mut vars = vars!(
            "org" => org.as_str(), "board" => board, "limit" => limit.max(1) as i64
        );
        for (i, word) in words.iter().take(MAX_SEARCH_WORDS).enumerate() {
            sql.push_str(&format!(
                " AND string::contains(string::lowercase(title), $w{i})"
            ));
            vars[format!("w{i}")] = serde_json::Value::String(word.to_lowercase());
        }
        sql.push_str(" ORDER BY supports DESC LIMIT $limit");
        let mut res = self.db.query(sql).bind(vars).await?;
        rows(&mut res, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::Cursor;

    #[test]
    fn a_cursor_reads_back_what_it_wrote_and_nothing_out_of_range() {
        let c = Cursor::parse("1796194837751.3").unwrap();
        assert_eq!(Cursor::parse(&c.to_param()), Some(c));
        for bad in [
            "",
            "1",
            "x.1",
            "1.x",
            "1.-1",
            "1.18446744073709551615",
            "1.4294967296",
            "99999999999999999999.0",
        ] {
            assert_eq!(Cursor::parse(bad), None, "{bad}");
        }
    }
}
