//! A store on the embedded file engine (as served: SurrealKV, a sync on every commit) in a
//! directory of its own, with one organisation and one board: where the storage benches start.

use std::path::PathBuf;

use coproduce::config::for_tests;
use coproduce::domain::OrgId;
use coproduce::storage::Store;

pub struct FileStore {
    pub store: Store,
    pub org: OrgId,
    pub board: String,
    dir: PathBuf,
}

impl FileStore {
    /// `name` keeps the directories of several benches and runs apart.
    pub async fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("bench directory");
        let mut settings = for_tests();
        settings.data_dir = dir.clone();
        settings.database.url = String::new();
        settings.database.url = settings.database_url();
        let store = Store::connect(&settings.database).await.expect("store");
        let (org, _) = coproduce::seed::create_org_with_admin(
            &store,
            "bench-org",
            "Bench",
            "a@b.example",
            None,
        )
        .await
        .expect("organisation");
        let board =
            coproduce::seed::create_board(&store, "bench-org", None, "Board", "How?", false)
                .await
                .expect("board");
        Self {
            store,
            org,
            board,
            dir,
        }
    }

    /// Closes the store and removes its directory.
    pub async fn remove(self) {
        self.store.close().await;
        let _ = std::fs::remove_dir_all(self.dir);
    }
}
