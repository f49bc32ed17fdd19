//! Paging through an index without an offset that grows with the page number.

/// Where a page of records read in the order of a time-like rank goes on: at rank `at`, after
/// the first `skip` records of that rank (an index keeps records of one rank in one order, so a
/// page boundary among them neither skips nor repeats one). Survey responses page by their
/// time, map reports by their negated time (newest first, read forwards).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub at: i64,
    pub skip: usize,
}

impl Cursor {
    /// Written into an address: `time.skip`.
    pub fn to_param(self) -> String {
        format!("{}.{}", self.at, self.skip)
    }

    /// Read from an address; `None` for anything else.
    pub fn parse(param: &str) -> Option<Self> {
        let (at, skip) = param.split_once('.')?;
        Some(Self {
            at: at.parse().ok()?,
            skip: skip.parse().ok()?,
        })
    }

    /// The cursor after a page whose records had the ranks `times` (in order), which started
    /// at `from`.
    pub fn after(from: Option<Cursor>, times: &[i64]) -> Option<Cursor> {
        let last = *times.last()?;
        let ties = times.iter().rev().take_while(|t| **t == last).count();
        let carried = match from {
            Some(c) if c.at == last && ties == times.len() => c.skip,
            _ => 0,
        };
        Some(Cursor {
            at: last,
            skip: ties + carried,
        })
    }
}
