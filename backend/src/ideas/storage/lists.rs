//! Reading a board's ideas as lists: a page of the public board in the reader's order, a
//! chunk at a time from the newest (console pages, exports), a title search. Each reads a
//! range of an index, never every idea of the board sorted.

use coproduce_widgets::ideas::contract::{IdeaStatus, Sort};

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

/// Where a page of a public list ended: the last idea's value of the sort's own field
/// (`supports`, `last_answer_at`; none when newest first or not answered), its creation time,
/// and how many ideas with exactly these two values the pages so far showed, which the next
/// page skips. Ideas with equal values keep one order in the index (by record id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageCursor {
    key: Option<i64>,
    at: i64,
    skip: usize,
}

impl PageCursor {
    /// Written into a page address: `key.time.skip` (`key` empty when none).
    pub fn to_param(&self) -> String {
        let key = self.key.map(|k| k.to_string()).unwrap_or_default();
        format!("{key}.{}.{}", self.at, self.skip)
    }

    /// Read from a page address; `None` for anything else.
    pub fn parse(param: &str) -> Option<Self> {
        let mut parts = param.split('.');
        let (key, at, skip) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let key = match key {
            "" => None,
            k => Some(k.parse().ok()?),
        };
        let skip: u32 = skip.parse().ok()?;
        Some(Self {
            key,
            at: at.parse().ok()?,
            skip: usize::try_from(skip).ok()?,
        })
    }
}

/// How a public list is read: its sort field, the ascending rank that orders by it (highest
/// first), and the index that serves it. Every list is read forwards (migration V7).
struct Plan {
    field: Option<&'static str>,
    rank: Option<&'static str>,
    index: &'static str,
}

fn plan(filter: &ListFilter) -> Plan {
    let by_status = filter.status.is_some();
    let (field, rank, index) = match (filter.sort, by_status) {
        (Sort::Newest, false) => (None, None, "idea_public_new"),
        (Sort::Newest, true) => (None, None, "idea_status_new"),
        (Sort::MostSupported, false) => {
            (Some("supports"), Some("rank_supported"), "idea_public_top")
        }
        (Sort::MostSupported, true) => {
            (Some("supports"), Some("rank_supported"), "idea_status_top")
        }
        (Sort::RecentlyAnswered, false) => (
            Some("last_answer_at"),
            Some("rank_answered"),
            "idea_public_recent",
        ),
        (Sort::RecentlyAnswered, true) => (
            Some("last_answer_at"),
            Some("rank_answered"),
            "idea_status_recent",
        ),
    };
    Plan { field, rank, index }
}

/// The statements that read a page: the rest of the run of ideas with the cursor's values,
/// then (for a sort with a field of its own) the ideas after it. Only fixed fragments are
/// joined into the query; every value is bound (`$org`, `$board`, `$status`, `$n`, `$rank`,
/// `$at`, `$skip`: the cursor's values as ranks).
pub(crate) fn page_sql(filter: &ListFilter, after: Option<&PageCursor>) -> String {
    let Plan { rank, index, .. } = plan(filter);
    let mut base = format!(
        "SELECT * FROM idea WITH INDEX {index} WHERE org = $org AND board = $board AND visibility = 'public'"
    );
    if filter.status.is_some() {
        base.push_str(" AND status = $status");
    }
    let order = match rank {
        Some(r) => format!(" ORDER BY {r}, rank_new"),
        None => " ORDER BY rank_new".to_string(),
    };
    match (after, rank) {
        (None, _) => format!("{base}{order} LIMIT $n;"),
        (Some(_), None) => format!("{base} AND rank_new >= $at{order} LIMIT $n START $skip;"),
        (Some(_), Some(r)) => format!(
            "{base} AND {r} = $rank AND rank_new >= $at ORDER BY rank_new LIMIT $n START $skip;
             {base} AND {r} > $rank{order} LIMIT $n;"
        ),
    }
}

/// An idea's value of the sort field.
fn key_of(idea: &IdeaRow, field: Option<&str>) -> Option<i64> {
    match field {
        Some("supports") => Some(idea.supports),
        Some(_) => idea.last_answer_at,
        None => None,
    }
}

/// The rank of a value of the sort field (or a creation time): what the index orders by.
/// An idea not answered yet ranks 0, after every answered one.
fn rank(value: Option<i64>) -> i64 {
    value.map_or(0, |v| v.saturating_neg())
}

impl Store {
    /// A page of a board's public ideas, as the reader asked, after `after` (where the page
    /// before ended), and where this one ended if more follow. Each statement reads one range
    /// of an index, however deep the page.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn public_ideas(
        &self,
        org: &OrgId,
        board: &str,
        filter: ListFilter,
        after: Option<&PageCursor>,
    ) -> Result<(Vec<IdeaRow>, Option<PageCursor>), StorageError> {
        let field = plan(&filter).field;
        let limit = filter.limit.max(1);
        let sql = page_sql(&filter, after);
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board,
                "status" => filter.status.map(|s| s.as_str()).unwrap_or(""),
                "n" => limit as i64 + 1,
                "rank" => rank(after.and_then(|c| c.key)),
                "at" => after.map_or(0, |c| rank(Some(c.at))),
                "skip" => after.map_or(0, |c| c.skip as i64)
            ))
            .await?;
        let mut ideas: Vec<IdeaRow> = rows(&mut res, 0)?;
        if after.is_some() && field.is_some() {
            ideas.extend(rows::<IdeaRow>(&mut res, 1)?);
        }
        if ideas.len() <= limit {
            return Ok((ideas, None));
        }
        ideas.truncate(limit);
        let next = ideas.last().map(|last| {
            let (key, at) = (key_of(last, field), last.created_at);
            let same = ideas
                .iter()
                .rev()
                .take_while(|i| key_of(i, field) == key && i.created_at == at)
                .count();
            let carried = match after {
                Some(c) if c.key == key && c.at == at && same == ideas.len() => c.skip,
                _ => 0,
            };
            PageCursor {
                key,
                at,
                skip: carried + same,
            }
        });
        Ok((ideas, next))
    }

    /// Every idea of a board whatever its visibility, newest first (tests).
    #[cfg(test)]
    pub async fn all_ideas(&self, org: &OrgId, board: &str) -> Result<Vec<IdeaRow>, StorageError> {
        let mut res = self
            .db
            .query("SELECT * FROM idea WHERE org = $org AND board = $board ORDER BY rank_new")
            .bind(vars!("org" => org.as_str(), "board" => board))
            .await?;
        rows(&mut res, 0)
    }

    /// The next `limit` of a board's ideas whatever their visibility, newest first, after
    /// `after` (where the previous chunk ended): a range of the index each time, however far
    /// into the board (the console's pages, the exports).
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn ideas_after(
        &self,
        org: &OrgId,
        board: &str,
        after: Option<&Cursor>,
        limit: usize,
    ) -> Result<(Vec<IdeaRow>, Option<Cursor>), StorageError> {
        let sql = match after {
            None => {
                "SELECT * FROM idea WITH INDEX idea_board_new WHERE org = $org AND board = $board ORDER BY rank_new LIMIT $limit"
            }
            Some(_) => {
                "SELECT * FROM idea WITH INDEX idea_board_new WHERE org = $org AND board = $board AND rank_new >= $at ORDER BY rank_new LIMIT $limit START $skip"
            }
        };
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "board" => board, "limit" => limit.max(1) as i64,
                "at" => after.map_or(0, |c| rank(Some(c.at))),
                "skip" => after.map_or(0, |c| c.skip as i64)
            ))
            .await?;
        let ideas: Vec<IdeaRow> = rows(&mut res, 0)?;
        let next = Cursor::after(after, &ideas);
        Ok((ideas, next))
    }

    /// Public ideas of a board whose titles hold every one of `words` (any case), at most
    /// `limit`: how staff find the idea a duplicate belongs to.
    #[tracing::instrument(skip_all, fields(org = %org))]
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
            "SELECT * FROM idea WITH INDEX idea_board_new WHERE org = $org AND board = $board AND visibility = 'public'",
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
    use super::{Cursor, PageCursor};

    #[test]
    fn a_page_cursor_reads_back_what_it_wrote_and_nothing_else() {
        for param in ["12.1796194837751.3", ".1796194837751.0", "-1.5.1"] {
            let c = PageCursor::parse(param).unwrap();
            assert_eq!(c.to_param(), param);
        }
        for bad in [
            "",
            "1.2",
            "1.2.3.4",
            "x.1.1",
            "1.x.1",
            "1.1.-1",
            "1.1.4294967296",
        ] {
            assert_eq!(PageCursor::parse(bad), None, "{bad}");
        }
    }

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
