//! A backup taken from a store with records and a pending delta restores into an empty
//! database with the same counts, and never into one that holds something.

use futures_util::StreamExt;

use super::super::{StorageError, Store, migrations};
use super::{board, idea, org, store_at_version};
use crate::config::DatabaseSettings;

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_every_record_and_count() {
    let store = store_at_version(migrations::MIGRATIONS.len()).await;
    let o = org(&store, "org-a").await;
    let b = board(&store, &o, coproduce_widgets::contract::Moderation::Post).await;
    idea(&store, &o, &b, "Benches").await;
    // Its counts' delta is still pending (not folded): it goes with the backup too.
    let dir =
        std::env::temp_dir().join(format!("coproduce-backup-{}", crate::domain::random_key(8)));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("backup.surql");
    let mut out = Vec::new();
    let mut chunks = store.export().await.unwrap();
    while let Some(chunk) = chunks.next().await {
        out.extend(chunk.unwrap());
    }
    std::fs::write(&file, &out).unwrap();

    let settings = DatabaseSettings {
        url: "mem://".into(),
        ..crate::config::for_tests().database
    };
    let restored = Store::restore(&settings, &file).await.unwrap();
    assert_eq!(
        restored.counts(&o, &b).await.unwrap(),
        store.counts(&o, &b).await.unwrap()
    );
    assert_eq!(restored.activities(&o).await.unwrap().len(), 1);
    assert!(restored.ready().await.unwrap());
    // Not into a database that holds something.
    let again = restored.restore_into(&file).await;
    assert!(matches!(again, Err(StorageError::NotEmpty)), "{again:?}");
    let _ = std::fs::remove_dir_all(dir);
}
