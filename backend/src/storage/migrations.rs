//! Versioned schema migrations, applied at start-up. A migration never changes once released:
//! add a new one. Several backends may start at once; the version record makes each
//! migration apply exactly once (the loser of the race sees `AlreadyExists`).

mod count;

use super::{StorageError, Store, one, tx_query};
use crate::domain::now_ms;
use crate::vars;

const V1: &str = r#"
DEFINE TABLE org SCHEMAFULL;
DEFINE FIELD slug ON org TYPE string;
DEFINE FIELD name ON org TYPE string;
DEFINE FIELD origins ON org TYPE array<string> DEFAULT [];
DEFINE FIELD created_at ON org TYPE int;

DEFINE TABLE board SCHEMAFULL;
DEFINE FIELD org ON board TYPE string;
DEFINE FIELD key ON board TYPE string;
DEFINE FIELD title ON board TYPE string;
DEFINE FIELD question ON board TYPE string;
DEFINE FIELD open ON board TYPE bool;
DEFINE FIELD moderation ON board TYPE string ASSERT $value IN ['pre', 'post'];
DEFINE FIELD created_at ON board TYPE int;
DEFINE INDEX board_org ON board FIELDS org;

DEFINE TABLE idea SCHEMAFULL;
DEFINE FIELD org ON idea TYPE string;
DEFINE FIELD board ON idea TYPE string;
DEFINE FIELD key ON idea TYPE string;
DEFINE FIELD title ON idea TYPE string;
DEFINE FIELD body ON idea TYPE string;
DEFINE FIELD author ON idea TYPE option<string>;
DEFINE FIELD status ON idea TYPE string;
DEFINE FIELD supports ON idea TYPE int;
DEFINE FIELD visibility ON idea TYPE string ASSERT $value IN ['public', 'pending', 'hidden', 'withdrawn', 'merged'];
DEFINE FIELD hidden_reason ON idea TYPE option<string>;
DEFINE FIELD merged_into ON idea TYPE option<string>;
DEFINE FIELD created_at ON idea TYPE int;
DEFINE FIELD first_answer_at ON idea TYPE option<int>;
DEFINE FIELD last_answer_at ON idea TYPE option<int>;
DEFINE FIELD receipt ON idea TYPE string;
DEFINE FIELD history ON idea TYPE array<object>;
DEFINE FIELD history[*].status ON idea TYPE string;
DEFINE FIELD history[*].answer ON idea TYPE option<string>;
DEFINE FIELD history[*].at ON idea TYPE int;
DEFINE INDEX idea_board ON idea FIELDS org, board;
DEFINE INDEX idea_visibility ON idea FIELDS org, visibility;
DEFINE INDEX idea_receipt ON idea FIELDS receipt UNIQUE;

DEFINE TABLE support SCHEMAFULL;
DEFINE FIELD org ON support TYPE string;
DEFINE FIELD board ON support TYPE string;
DEFINE FIELD idea ON support TYPE string;
DEFINE FIELD voter ON support TYPE string;
DEFINE FIELD created_at ON support TYPE int;
DEFINE INDEX support_idea ON support FIELDS org, idea;

DEFINE TABLE board_stat SCHEMAFULL;
DEFINE FIELD org ON board_stat TYPE string;
DEFINE FIELD board ON board_stat TYPE string;
DEFINE FIELD public ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD pending ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD hidden ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD supports ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD answered ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_new ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_under_review ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_planned ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_in_progress ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_done ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD st_declined ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_0 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_1 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_2 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_3 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_4 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_5 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_6 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_7 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_8 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_9 ON board_stat TYPE int DEFAULT 0;
DEFINE FIELD ans_10 ON board_stat TYPE int DEFAULT 0;
DEFINE INDEX board_stat_board ON board_stat FIELDS org, board;

DEFINE TABLE board_week SCHEMAFULL;
DEFINE FIELD org ON board_week TYPE string;
DEFINE FIELD board ON board_week TYPE string;
DEFINE FIELD week ON board_week TYPE int;
DEFINE FIELD ideas ON board_week TYPE int DEFAULT 0;
DEFINE FIELD supports ON board_week TYPE int DEFAULT 0;
DEFINE INDEX board_week_board ON board_week FIELDS org, board;

DEFINE TABLE staff SCHEMAFULL;
DEFINE FIELD org ON staff TYPE string;
DEFINE FIELD key ON staff TYPE string;
DEFINE FIELD email ON staff TYPE string;
DEFINE FIELD role ON staff TYPE string ASSERT $value IN ['admin', 'moderator'];
DEFINE FIELD password_hash ON staff TYPE string;
DEFINE FIELD created_at ON staff TYPE int;
DEFINE INDEX staff_email ON staff FIELDS email UNIQUE;
DEFINE INDEX staff_org ON staff FIELDS org;

DEFINE TABLE session SCHEMAFULL;
DEFINE FIELD org ON session TYPE string;
DEFINE FIELD staff ON session TYPE string;
DEFINE FIELD email ON session TYPE string;
DEFINE FIELD role ON session TYPE string;
DEFINE FIELD csrf ON session TYPE string;
DEFINE FIELD expires_at ON session TYPE int;
"#;

/// Counters from durable logs (see `stats`): new ideas are written not yet folded and other
/// writes append deltas; a fold moves both into `board_stat` / `board_week` records (one per
/// board and week; the shard records of V1 keep counting, readers sum every record of a board).
/// Ideas stored before V2 are in the counters already, so they are marked folded (a schema
/// default does not reach existing records, and their next update would fail without it).
const V2: &str = r#"
DEFINE FIELD folded ON idea TYPE bool DEFAULT true;
UPDATE idea SET folded = true WHERE folded = NONE RETURN NONE;
DEFINE INDEX idea_unfolded ON idea FIELDS folded, org, board;

DEFINE TABLE board_delta SCHEMAFULL;
DEFINE FIELD c ON board_delta TYPE array<int>;
DEFINE FIELD week ON board_delta TYPE option<int>;
DEFINE FIELD ideas ON board_delta TYPE int;
DEFINE FIELD supports ON board_delta TYPE int;
"#;

/// Counters from epochs instead of `folded` marks (see `stats`): an idea records the facts it
/// was born with and the epoch it was committed in; the fold no longer rewrites it. Ideas that
/// V2 had folded go to epoch 0 (folded); those it had not go to epoch 1, born with what they
/// are now (V2 appended no deltas for their changes), and the fold takes epoch 1 next.
/// Stop backends of an older version before starting this one: their submissions would carry
/// no epoch.
const V3: &str = r#"
DEFINE TABLE fold_state SCHEMAFULL;
DEFINE FIELD epoch ON fold_state TYPE int;
UPSERT fold_state:open SET epoch = 2 RETURN NONE;
UPSERT fold_state:folded SET epoch = 0 RETURN NONE;

DEFINE FIELD epoch ON idea TYPE int;
DEFINE FIELD born ON idea TYPE object;
DEFINE FIELD born.visibility ON idea TYPE string;
DEFINE FIELD born.status ON idea TYPE string;
DEFINE FIELD born.supports ON idea TYPE int;
DEFINE FIELD born.first_answer_at ON idea TYPE option<int>;
-- Before the UPDATE: an index defined later in the same transaction stays empty of the
-- records that transaction wrote (SurrealDB 3.3.5).
DEFINE INDEX idea_epoch ON idea FIELDS epoch, org, board;
-- `folded` goes from every record too: a schemafull record that keeps a removed field cannot
-- be written again.
REMOVE INDEX idea_unfolded ON idea;
DEFINE FIELD OVERWRITE folded ON idea TYPE option<bool>;
UPDATE idea SET
    epoch = IF folded = false { 1 } ELSE { 0 },
    born = { visibility: visibility, status: status, supports: supports, first_answer_at: first_answer_at },
    folded = NONE
    RETURN NONE;
REMOVE FIELD folded ON idea;
"#;

/// How many people (by browser) supported an idea from one address (a keyed hash, its id's
/// third part): bounds the supporters one connection can pose as. Staff addresses unique per
/// organisation. Indexes that serve a board's newest ideas a page at a time.
const V4: &str = r#"
DEFINE TABLE support_address SCHEMAFULL;
DEFINE FIELD n ON support_address TYPE int;

-- An address is unique within one organisation's staff, not across organisations: adding a
-- person must not tell an admin that the address is used by another organisation.
REMOVE INDEX staff_email ON staff;
DEFINE INDEX staff_email ON staff FIELDS email;
DEFINE INDEX staff_org_email ON staff FIELDS org, email UNIQUE;

-- Newest first, a page at a time, read from the index (scanned backwards, the page's offset
-- and limit pushed into the scan) instead of sorting every idea of the board per page view:
-- the console's list, the public board's default order and its most supported ideas (also
-- the console's top five). The first replaces (org, board), its prefix.
DEFINE INDEX idea_board_created ON idea FIELDS org, board, created_at;
DEFINE INDEX idea_public_created ON idea FIELDS org, board, visibility, created_at;
DEFINE INDEX idea_public_supported ON idea FIELDS org, board, visibility, supports, created_at;
REMOVE INDEX idea_board ON idea;
"#;

/// Counts move to the ledger (`ledger`): named keys instead of columns and positional deltas,
/// and no epochs. What V1–V4 kept for counting goes, and the counts are built again from the
/// records themselves (`Then::CountBoards`), so whatever the old counters said, the new ones
/// start exact. Supports moved by a merge before V5 count in the week of the merge (that is
/// the time they were stored with); from V5 on a merge keeps the time a support was given.
const V5: &str = r#"
DEFINE TABLE ledger_delta SCHEMAFULL;
DEFINE FIELD counts ON ledger_delta TYPE object FLEXIBLE;
DEFINE TABLE ledger_count SCHEMAFULL;
DEFINE FIELD name ON ledger_count TYPE string;
DEFINE FIELD n ON ledger_count TYPE int;

REMOVE INDEX idea_epoch ON idea;
REMOVE FIELD born.visibility ON idea;
REMOVE FIELD born.status ON idea;
REMOVE FIELD born.supports ON idea;
REMOVE FIELD born.first_answer_at ON idea;
DEFINE FIELD OVERWRITE born ON idea TYPE option<object>;
DEFINE FIELD OVERWRITE epoch ON idea TYPE option<int>;
UPDATE idea SET born = NONE, epoch = NONE RETURN NONE;
REMOVE FIELD born ON idea;
REMOVE FIELD epoch ON idea;

REMOVE TABLE board_stat;
REMOVE TABLE board_week;
REMOVE TABLE board_delta;
REMOVE TABLE fold_state;
"#;

/// Activities of every kind in one table: the boards become activities of kind `ideas`, their
/// question the activity's invitation (`intro`), offered in every language. Receipts of every
/// kind in one table, keyed by organisation and token hash, naming the kind, activity and
/// record: the ideas' receipts move there.
const V6: &str = r#"
DEFINE TABLE activity SCHEMAFULL;
DEFINE FIELD org ON activity TYPE string;
DEFINE FIELD kind ON activity TYPE string;
DEFINE FIELD key ON activity TYPE string;
DEFINE FIELD title ON activity TYPE string;
DEFINE FIELD intro ON activity TYPE string;
DEFINE FIELD open ON activity TYPE bool;
DEFINE FIELD moderation ON activity TYPE string ASSERT $value IN ['pre', 'post'];
DEFINE FIELD languages ON activity TYPE array<string>;
DEFINE FIELD created_at ON activity TYPE int;
DEFINE INDEX activity_org ON activity FIELDS org, created_at;
FOR $b IN (SELECT * FROM board) {
    CREATE type::record('activity', [$b.org, $b.key]) SET org = $b.org, kind = 'ideas',
        key = $b.key, title = $b.title, intro = $b.question, open = $b.open,
        moderation = $b.moderation, languages = ['de', 'en'], created_at = $b.created_at
        RETURN NONE;
};
REMOVE TABLE board;

DEFINE TABLE receipt SCHEMAFULL;
DEFINE FIELD org ON receipt TYPE string;
DEFINE FIELD kind ON receipt TYPE string;
DEFINE FIELD activity ON receipt TYPE string;
DEFINE FIELD record ON receipt TYPE string;
DEFINE FIELD created_at ON receipt TYPE int;
FOR $i IN (SELECT org, board, key, receipt, created_at FROM idea) {
    CREATE type::record('receipt', [$i.org, $i.receipt]) SET org = $i.org, kind = 'ideas',
        activity = $i.board, record = $i.key, created_at = $i.created_at RETURN NONE;
};
REMOVE INDEX idea_receipt ON idea;
DEFINE FIELD OVERWRITE receipt ON idea TYPE option<string>;
UPDATE idea SET receipt = NONE RETURN NONE;
REMOVE FIELD receipt ON idea;

-- Every public list a page at a time from an index, in every sort and with a status filter,
-- and the moderation queue oldest first.
DEFINE INDEX idea_public_answered ON idea FIELDS org, board, visibility, last_answer_at, created_at;
DEFINE INDEX idea_status_created ON idea FIELDS org, board, visibility, status, created_at;
DEFINE INDEX idea_status_supported ON idea FIELDS org, board, visibility, status, supports, created_at;
DEFINE INDEX idea_status_answered ON idea FIELDS org, board, visibility, status, last_answer_at, created_at;
DEFINE INDEX idea_queue ON idea FIELDS org, visibility, created_at;

-- A staff member's sessions end with a new password or their removal; expired ones are swept.
DEFINE INDEX session_staff ON session FIELDS staff;
DEFINE INDEX session_expires ON session FIELDS expires_at;
DEFINE FIELD staff_changed_at ON org TYPE option<int>;
REMOVE INDEX idea_visibility ON idea;
"#;

/// Every list of ideas read forwards: SurrealKV (3.3.5) walks an index backwards in time that
/// grows with the index entries after the range, not with the page (at 100,000 ideas a page
/// of the newest took 0.2 s, the oldest 2 ms; BENCHMARKS.md), so the newest-first orders get
/// ascending keys of their own: the negated creation time, supports and time of the last
/// answer (none answered counts as 0, after every answered idea). The database computes them
/// on every write (`VALUE`), so no write can forget one. Their indexes come in V8, a
/// transaction of its own: an index defined in the transaction that writes its records
/// misses them (V3) or, defined before the write, keeps their old entries as well.
const V7: &str = r#"
DEFINE FIELD rank_new ON idea TYPE int VALUE 0 - created_at;
DEFINE FIELD rank_supported ON idea TYPE int VALUE 0 - supports;
DEFINE FIELD rank_answered ON idea TYPE int VALUE 0 - (last_answer_at ?? 0);
UPDATE idea SET rank_new = 0 RETURN NONE;
"#;

/// The indexes of V7's ranks, in place of the ones read backwards.
const V8: &str = r#"
DEFINE INDEX idea_board_new ON idea FIELDS org, board, rank_new;
DEFINE INDEX idea_public_new ON idea FIELDS org, board, visibility, rank_new;
DEFINE INDEX idea_public_top ON idea FIELDS org, board, visibility, rank_supported, rank_new;
DEFINE INDEX idea_public_recent ON idea FIELDS org, board, visibility, rank_answered, rank_new;
DEFINE INDEX idea_status_new ON idea FIELDS org, board, visibility, status, rank_new;
DEFINE INDEX idea_status_top ON idea FIELDS org, board, visibility, status, rank_supported, rank_new;
DEFINE INDEX idea_status_recent ON idea FIELDS org, board, visibility, status, rank_answered, rank_new;
REMOVE INDEX idea_board_created ON idea;
REMOVE INDEX idea_public_created ON idea;
REMOVE INDEX idea_public_supported ON idea;
REMOVE INDEX idea_public_answered ON idea;
REMOVE INDEX idea_status_created ON idea;
REMOVE INDEX idea_status_supported ON idea;
REMOVE INDEX idea_status_answered ON idea;
"#;

/// Surveys (`crate::survey::storage`): a survey's draft and settings beside its activity, the
/// versions publishing froze, responses tied to their version, and who answered (a keyed hash
/// of the browser, one response each when the survey asks for that). Definitions and answers
/// are checked by the survey's own types before they are stored, so their objects are
/// flexible here.
const V9: &str = r#"
DEFINE TABLE survey SCHEMAFULL;
DEFINE FIELD org ON survey TYPE string;
DEFINE FIELD key ON survey TYPE string;
DEFINE FIELD draft ON survey TYPE object FLEXIBLE;
DEFINE FIELD version ON survey TYPE int;
DEFINE FIELD opens_at ON survey TYPE null | int;
DEFINE FIELD closes_at ON survey TYPE null | int;
DEFINE FIELD max_responses ON survey TYPE null | int;
DEFINE FIELD once_per_person ON survey TYPE bool;
DEFINE FIELD results_public ON survey TYPE bool;
DEFINE FIELD changed_at ON survey TYPE int;

DEFINE TABLE survey_version SCHEMAFULL;
DEFINE FIELD definition ON survey_version TYPE object FLEXIBLE;
DEFINE FIELD published_at ON survey_version TYPE int;

DEFINE TABLE survey_response SCHEMAFULL;
DEFINE FIELD org ON survey_response TYPE string;
DEFINE FIELD survey ON survey_response TYPE string;
DEFINE FIELD key ON survey_response TYPE string;
DEFINE FIELD version ON survey_response TYPE int;
DEFINE FIELD answers ON survey_response TYPE object FLEXIBLE;
DEFINE FIELD participant ON survey_response TYPE null | string;
DEFINE FIELD withdrawn ON survey_response TYPE bool;
DEFINE FIELD hidden ON survey_response TYPE object FLEXIBLE;
DEFINE FIELD created_at ON survey_response TYPE int;
DEFINE INDEX survey_response_created ON survey_response FIELDS org, survey, created_at;

DEFINE TABLE survey_participant SCHEMAFULL;
DEFINE FIELD response ON survey_participant TYPE string;
"#;

/// Survey results by date range from the ledger: each response also counts in its day's
/// scope (`crate::survey::counts::day_scope`); the responses stored before are counted into
/// their days by `Then::CountSurveyDays`. No schema changes.
const V10: &str = "";

/// What a migration does after its SurrealQL, in the same transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Then {
    Nothing,
    /// Counts every board again from its ideas and supports into the ledger.
    CountBoards,
    /// Counts every survey response into the ledger scope of its day.
    CountSurveyDays,
}

/// (version, SurrealQL, then) in order.
pub(super) const MIGRATIONS: &[(i64, &str, Then)] = &[
    (1, V1, Then::Nothing),
    (2, V2, Then::Nothing),
    (3, V3, Then::Nothing),
    (4, V4, Then::Nothing),
    (5, V5, Then::CountBoards),
    (6, V6, Then::Nothing),
    (7, V7, Then::Nothing),
    (8, V8, Then::Nothing),
    (9, V9, Then::Nothing),
    (10, V10, Then::CountSurveyDays),
];

pub(super) async fn run(store: &Store) -> Result<(), StorageError> {
    apply(store, MIGRATIONS).await
}

/// Applies those of `migrations` not applied yet (tests start from an older schema with it).
pub(super) async fn apply(
    store: &Store,
    migrations: &[(i64, &str, Then)],
) -> Result<(), StorageError> {
    store
        .db
        .query("DEFINE TABLE IF NOT EXISTS migration SCHEMAFULL; DEFINE FIELD IF NOT EXISTS version ON migration TYPE int; DEFINE FIELD IF NOT EXISTS applied_at ON migration TYPE int;")
        .await?
        .check()?;
    for (version, sql, then) in migrations {
        if applied(store, *version).await? {
            continue;
        }
        match apply_one(store, *version, sql, *then).await {
            Ok(()) => tracing::info!(version, "applied schema migration"),
            // Another backend applying it at the same time wins the race for the version
            // record; anything else that conflicts or exists already is a failed migration.
            Err(e @ (StorageError::AlreadyExists | StorageError::Conflict)) => {
                if applied(store, *version).await? {
                    tracing::info!(version, "migration applied by another backend")
                } else {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

async fn applied(store: &Store, version: i64) -> Result<bool, StorageError> {
    let mut res = store
        .db
        .query("SELECT version FROM ONLY type::record('migration', $v)")
        .bind(("v", version))
        .await?;
    let done: Option<serde_json::Value> = one(&mut res, 0)?;
    Ok(done.is_some())
}

/// One migration in one transaction: its SurrealQL, what comes then, its version record.
async fn apply_one(store: &Store, version: i64, sql: &str, then: Then) -> Result<(), StorageError> {
    let tx = store.db.clone().begin().await?;
    let done = async {
        let script = format!(
            "{sql}\nCREATE type::record('migration', $v) SET version = $v, applied_at = $now;"
        );
        let (tx, _) = tx_query(tx, &script, vars!("v" => version, "now" => now_ms())).await?;
        match then {
            Then::Nothing => Ok(tx),
            Then::CountBoards => count::count_boards(tx).await,
            Then::CountSurveyDays => count::count_survey_days(tx).await,
        }
    }
    .await;
    match done {
        Ok(tx) => tx.commit().await.map(|_| ()).map_err(StorageError::from),
        Err((tx, e)) => {
            if let Some(tx) = tx {
                let _ = tx.cancel().await;
            }
            Err(e)
        }
    }
}
