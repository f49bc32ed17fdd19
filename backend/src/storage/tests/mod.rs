//! Storage against a real in-memory SurrealDB: what writes do (`writes`), the promise that
//! board counters always equal a recount, folded or not (`counters`), and how epochs close and
//! fold (`epochs`); lists read from indexes (`lists`).

mod counters;
mod epochs;
mod lists;
mod writes;

use coproduce_widgets::contract::{Moderation, NewIdea};

use super::group_commit::EpochCheck;
use super::{NewIdeaRecord, StorageError, Store};
use crate::config::for_tests;
use crate::domain::idea::{BoardQuestion, BoardTitle, IdeaDraft};
use crate::domain::org::OrgName;
use crate::domain::{OrgId, OrgSlug, random_key};

/// A support from `voter` at an address of its own.
async fn support(
    store: &Store,
    o: &OrgId,
    b: &str,
    idea: &str,
    voter: &str,
) -> Result<i64, StorageError> {
    let address = super::SupporterAddress {
        key: format!("address-of-{voter}"),
        max: 3,
    };
    store.support(o, b, idea, voter, &address).await
}

async fn store() -> Store {
    Store::connect(&for_tests().database)
        .await
        .expect("in-memory database")
}

/// A store on a file database (commits take an fsync, so races have time to happen), and its
/// directory to remove afterwards.
async fn file_store(name: &str) -> (Store, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("coproduce-{name}-{}", random_key(8)));
    std::fs::create_dir_all(&dir).unwrap();
    (Store::connect(&file_database(&dir)).await.unwrap(), dir)
}

/// The settings of the file database in `dir`.
fn file_database(dir: &std::path::Path) -> crate::config::DatabaseSettings {
    let mut settings = for_tests();
    settings.data_dir = dir.to_path_buf();
    settings.database.url = String::new();
    settings.database.url = settings.database_url();
    settings.database
}

/// The same database as `store`, written as by one of several backends sharing it: commits
/// check the epoch in their transactions (the mode of a `ws://` server).
fn shared(store: &Store) -> Store {
    Store {
        db: store.db.clone(),
        ideas: super::group_commit::IdeaQueue::new(store.db.clone(), EpochCheck::InTransaction),
        lock_file: None,
    }
}

/// A store whose schema is the first `version` migrations: a database an older release left.
async fn store_at_version(version: usize) -> Store {
    let db = surrealdb::engine::any::connect("mem://").await.unwrap();
    db.use_ns("t").use_db("t").await.unwrap();
    let store = Store {
        db: db.clone(),
        ideas: super::group_commit::IdeaQueue::new(db, EpochCheck::for_url("mem://")),
        lock_file: None,
    };
    super::migrations::apply(&store, &super::migrations::MIGRATIONS[..version])
        .await
        .unwrap();
    store
}

async fn org(store: &Store, slug: &str) -> OrgId {
    store
        .create_org(
            &OrgSlug::parse(slug).unwrap(),
            &OrgName::parse("Test org").unwrap(),
        )
        .await
        .unwrap()
}

async fn board(store: &Store, org: &OrgId, moderation: Moderation) -> String {
    store
        .create_board(
            org,
            None,
            &BoardTitle::parse("Board").unwrap(),
            &BoardQuestion::parse("What now?").unwrap(),
            moderation,
        )
        .await
        .unwrap()
        .key
}

async fn idea(store: &Store, org: &OrgId, board: &str, title: &str) -> String {
    let moderation = store.board(org, board).await.unwrap().moderation();
    submit_to(store, org, board, title, &random_key(20), moderation)
        .await
        .unwrap()
        .key
}

async fn assert_counters_exact(store: &Store, org: &OrgId, board: &str) {
    let stored = store.board_counters(org, board).await.unwrap();
    let recount = store.recount(org, board).await.unwrap();
    assert_eq!(stored, recount);
}

async fn submit_to(
    store: &Store,
    org: &OrgId,
    board: &str,
    title: &str,
    receipt: &str,
    moderation: Moderation,
) -> Result<super::IdeaRow, StorageError> {
    let wire = NewIdea {
        title: title.into(),
        ..Default::default()
    };
    let draft = IdeaDraft::try_from(&wire).unwrap();
    store
        .submit_idea(
            org,
            NewIdeaRecord {
                board,
                draft: &draft,
                receipt_hash: receipt,
                moderation,
            },
        )
        .await
}

/// Ideas whose epoch is not folded yet.
async fn unfolded(store: &Store) -> i64 {
    number(store, "RETURN array::len(SELECT VALUE id FROM idea WHERE epoch > (SELECT VALUE epoch FROM ONLY fold_state:folded))").await
}

/// The number a query returns (0 for none).
async fn number(store: &Store, sql: &str) -> i64 {
    let mut res = store.db.query(sql).await.unwrap();
    crate::storage::one::<i64>(&mut res, 0)
        .unwrap()
        .unwrap_or(0)
}
