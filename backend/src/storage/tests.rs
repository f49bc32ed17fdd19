//! Storage against a real SurrealDB (in memory, and the embedded file engine): what writes do
//! (`writes`), the promise that counts always equal a recount, folded or not (`ledger`), the
//! upgrade from the counters before the ledger (`upgrade`); lists read from indexes (`lists`).

mod backup;
mod ledger;
mod lists;
mod maps;
mod recount;
mod surveys;
mod upgrade;
mod writes;

use coproduce_widgets::contract::Moderation;
use coproduce_widgets::ideas::contract::NewIdea;

use super::{StorageError, Store};
use crate::config::for_tests;
use crate::domain::activity::ActivityIntro;
use crate::domain::activity::ActivityTitle;
use crate::domain::org::OrgName;
use crate::domain::{OrgId, OrgSlug, random_key};
use crate::ideas::domain::IdeaDraft;
use crate::ideas::storage::NewIdeaRecord;

/// A support from `voter` at an address of its own.
async fn support(
    store: &Store,
    o: &OrgId,
    b: &str,
    idea: &str,
    voter: &str,
) -> Result<i64, StorageError> {
    let address = crate::ideas::storage::SupporterAddress {
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

/// A store whose schema is the first `version` migrations: a database an older release left.
async fn store_at_version(version: usize) -> Store {
    let db = surrealdb::engine::any::connect("mem://").await.unwrap();
    db.use_ns("t").use_db("t").await.unwrap();
    let store = Store {
        db: db.clone(),
        group: super::group_commit::GroupCommit::new(db),
        lock_file: None,
        in_memory: true,
        reachable: super::reachable::Reachable::new(),
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
            &ActivityTitle::parse("Board").unwrap(),
            &ActivityIntro::parse("What now?").unwrap(),
            moderation,
        )
        .await
        .unwrap()
        .key
}

async fn idea(store: &Store, org: &OrgId, board: &str, title: &str) -> String {
    let moderation = store.activity(org, board).await.unwrap().moderation;
    submit_to(store, org, board, title, &random_key(20), moderation)
        .await
        .unwrap()
        .key
}

/// The board's counts equal a recount of its records, by the ledger's own counting and by the
/// test's plain code.
async fn assert_counters_exact(store: &Store, org: &OrgId, board: &str) {
    let stored = store.counts(org, board).await.unwrap();
    assert_eq!(stored, store.recount(org, board).await.unwrap());
    assert_eq!(
        recount::as_map(&stored),
        recount::plain(store, org, board).await
    );
}

async fn submit_to(
    store: &Store,
    org: &OrgId,
    board: &str,
    title: &str,
    receipt: &str,
    moderation: Moderation,
) -> Result<crate::ideas::storage::IdeaRow, StorageError> {
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

/// The number a query returns (0 for none).
async fn number(store: &Store, sql: &str) -> i64 {
    let mut res = store.db.query(sql).await.unwrap();
    crate::storage::one::<i64>(&mut res, 0)
        .unwrap()
        .unwrap_or(0)
}
