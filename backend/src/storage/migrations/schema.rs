//! The schema text of every migration, in order (`super::MIGRATIONS` says what runs when).

pub(super) const V1: &str = r#"
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
pub(super) const V2: &str = r#"
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
pub(super) const V3: &str = r#"
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
pub(super) const V4: &str = r#"
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
pub(super) const V5: &str = r#"
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
pub(super) const V6: &str = r#"
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
pub(super) const V7: &str = r#"
DEFINE FIELD rank_new ON idea TYPE int VALUE 0 - created_at;
DEFINE FIELD rank_supported ON idea TYPE int VALUE 0 - supports;
DEFINE FIELD rank_answered ON idea TYPE int VALUE 0 - (last_answer_at ?? 0);
UPDATE idea SET rank_new = 0 RETURN NONE;
"#;

/// The indexes of V7's ranks, in place of the ones read backwards.
pub(super) const V8: &str = r#"
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
pub(super) const V9: &str = r#"
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
pub(super) const V10: &str = "";

/// Maps (`crate::map::storage`): a map's set-up and sources beside its activity; reports with
/// their location (millionths of a degree; none when given by address or place only), status
/// history and photos (JPEG, base64, in the database so every backend sharing it serves them
/// and a report and its photos are stored or removed in one transaction); one "me too" per
/// person and report; Open311 API keys (their SHA-256 only). Reports list newest first
/// through a negated time read forwards, as ideas (V7); a deep view of the map reads its
/// reports by the zoom-14 tiles it covers (`cell14`), a wider one the grid counts.
pub(super) const V11: &str = r#"
DEFINE TABLE map SCHEMAFULL;
DEFINE FIELD org ON map TYPE string;
DEFINE FIELD key ON map TYPE string;
DEFINE FIELD definition ON map TYPE object FLEXIBLE;
DEFINE FIELD tiles_template ON map TYPE string;
DEFINE FIELD tiles_attribution ON map TYPE string;
DEFINE FIELD tiles_max_zoom ON map TYPE int;
DEFINE FIELD geocoder ON map TYPE null | string;
DEFINE FIELD changed_at ON map TYPE int;
DEFINE INDEX map_org ON map FIELDS org;

DEFINE TABLE map_report SCHEMAFULL;
DEFINE FIELD org ON map_report TYPE string;
DEFINE FIELD map ON map_report TYPE string;
DEFINE FIELD key ON map_report TYPE string;
DEFINE FIELD category ON map_report TYPE string;
DEFINE FIELD description ON map_report TYPE string;
DEFINE FIELD lat_e6 ON map_report TYPE null | int;
DEFINE FIELD lon_e6 ON map_report TYPE null | int;
DEFINE FIELD cell14 ON map_report TYPE null | int;
DEFINE FIELD address ON map_report TYPE null | string;
DEFINE FIELD place ON map_report TYPE null | string;
DEFINE FIELD answers ON map_report TYPE object FLEXIBLE;
DEFINE FIELD status ON map_report TYPE string ASSERT $value IN ['open', 'acknowledged', 'in_progress', 'fixed', 'closed', 'not_responsible'];
DEFINE FIELD me_too ON map_report TYPE int;
DEFINE FIELD visibility ON map_report TYPE string ASSERT $value IN ['public', 'pending', 'hidden', 'withdrawn', 'merged'];
DEFINE FIELD hidden_reason ON map_report TYPE null | string;
DEFINE FIELD redacted ON map_report TYPE null | string;
DEFINE FIELD merged_into ON map_report TYPE null | string;
DEFINE FIELD photos ON map_report TYPE array<object> FLEXIBLE;
DEFINE FIELD created_at ON map_report TYPE int;
DEFINE FIELD first_answer_at ON map_report TYPE null | int;
DEFINE FIELD history ON map_report TYPE array<object> FLEXIBLE;
DEFINE FIELD rank_new ON map_report TYPE int VALUE 0 - created_at;
DEFINE INDEX map_report_public_new ON map_report FIELDS org, map, visibility, rank_new;
DEFINE INDEX map_report_new ON map_report FIELDS org, map, rank_new;
DEFINE INDEX map_report_cell ON map_report FIELDS org, map, cell14;

DEFINE TABLE map_photo SCHEMAFULL;
DEFINE FIELD jpeg ON map_photo TYPE string;

DEFINE TABLE map_me_too SCHEMAFULL;
DEFINE FIELD org ON map_me_too TYPE string;
DEFINE FIELD map ON map_me_too TYPE string;
DEFINE FIELD report ON map_me_too TYPE string;
DEFINE FIELD created_at ON map_me_too TYPE int;
DEFINE INDEX map_me_too_map ON map_me_too FIELDS org, map;

DEFINE TABLE open311_key SCHEMAFULL;
DEFINE FIELD label ON open311_key TYPE string;
DEFINE FIELD created_at ON open311_key TYPE int;
"#;

/// Ratings (`crate::ratings::storage`): a ratings activity's set-up beside it; stories with
/// their ratings, moderation state, the organisation's answers and the change it planned or
/// made; one "helpful" per person and story. Stories list newest first through a negated
/// time read forwards.
pub(super) const V12: &str = r#"
DEFINE TABLE ratings SCHEMAFULL;
DEFINE FIELD org ON ratings TYPE string;
DEFINE FIELD key ON ratings TYPE string;
DEFINE FIELD definition ON ratings TYPE object FLEXIBLE;
DEFINE FIELD changed_at ON ratings TYPE int;

DEFINE TABLE story SCHEMAFULL;
DEFINE FIELD org ON story TYPE string;
DEFINE FIELD activity ON story TYPE string;
DEFINE FIELD key ON story TYPE string;
DEFINE FIELD service ON story TYPE string;
DEFINE FIELD overall ON story TYPE int ASSERT $value >= 1 AND $value <= 5;
DEFINE FIELD ratings ON story TYPE object FLEXIBLE;
DEFINE FIELD story ON story TYPE string;
DEFINE FIELD when ON story TYPE null | string;
DEFINE FIELD part ON story TYPE null | string;
DEFINE FIELD name ON story TYPE null | string;
DEFINE FIELD state ON story TYPE string ASSERT $value IN ['pending', 'published', 'needs_edit', 'rejected', 'withdrawn'];
DEFINE FIELD reply ON story TYPE null | object FLEXIBLE;
DEFINE FIELD redacted ON story TYPE null | string;
DEFINE FIELD helpful ON story TYPE int;

DEFINE TABLE story_helpful SCHEMAFULL;
DEFINE FIELD created_at ON story_helpful TYPE int;
DEFINE FIELD reason ON story TYPE null | string;
DEFINE FIELD answers ON story TYPE array<object> FLEXIBLE;
DEFINE FIELD change ON story TYPE null | object FLEXIBLE;
DEFINE FIELD created_at ON story TYPE int;
DEFINE FIELD first_answer_at ON story TYPE null | int;
DEFINE FIELD rank_new ON story TYPE int VALUE 0 - created_at;
DEFINE INDEX story_new ON story FIELDS org, activity, rank_new;
"#;

/// The organisation's open-data licence (chosen in the console), and the monthly counts of
/// the organisation's page, counted for what was there before (`count::count_months`).
pub const V13: &str = r#"
DEFINE FIELD licence ON org TYPE option<string>;
"#;

/// The installation's operator may switch an organisation off.
pub const V14: &str = r#"
DEFINE FIELD disabled ON org TYPE option<bool>;
"#;
