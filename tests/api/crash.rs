//! Crash safety, proven: the backend (embedded file database) is killed with SIGKILL at a
//! random moment while clients submit ideas and supports, then started again; every write a
//! client was told succeeded is there once, nothing is counted twice, and the counts equal
//! the records. Two rounds in the normal run; `COPRODUCE_CRASH_ROUNDS=20` (the long mode of
//! `scripts/test --long`) runs twenty.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::process::{BOARD, ORG, ready, serve, stored};

const CLIENTS: usize = 8;

fn start(dir: &Path) -> (Child, String) {
    serve(dir, &[])
}

/// What the clients were told succeeded.
#[derive(Default)]
struct Journal {
    /// Idea titles acknowledged, with the id the server gave.
    ideas: BTreeMap<String, String>,
    /// (idea id, client) supports acknowledged.
    supports: BTreeSet<(String, usize)>,
    /// (idea id, client) supports sent, acknowledged or not.
    tried: BTreeSet<(String, usize)>,
}

async fn client(url: String, n: usize, round: usize, journal: Arc<Mutex<Journal>>, stop: Instant) {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .user_agent(format!("client-{n}"))
        .build()
        .unwrap();
    let api = format!("{url}/api/v1/orgs/{ORG}/activities/{BOARD}");
    let Ok(view) = http.get(&api).send().await else {
        return;
    };
    let Ok(view) = view.json::<Value>().await else {
        return;
    };
    let token = view["form_token"].as_str().unwrap_or_default().to_string();
    let mut i = 0;
    while Instant::now() < stop {
        i += 1;
        let title = format!("Round {round} client {n} idea {i}");
        let sent = http
            .post(format!("{api}/ideas"))
            .form(&[
                ("title", title.as_str()),
                ("body", "Kept."),
                ("form_token", &token),
            ])
            .send()
            .await;
        let Ok(res) = sent else { return };
        if res.status() == 201 {
            if let Ok(body) = res.json::<Value>().await {
                let id = body["idea"]["id"].as_str().unwrap_or_default().to_string();
                journal.lock().unwrap().ideas.insert(title, id);
            }
        } else {
            return;
        }
        // A support of an acknowledged idea (another client's when there is one).
        let target = {
            let j = journal.lock().unwrap();
            j.ideas
                .values()
                .nth((n * 7 + i) % j.ideas.len().max(1))
                .cloned()
        };
        if let Some(idea) = target {
            journal.lock().unwrap().tried.insert((idea.clone(), n));
            let sent = http
                .post(format!("{api}/ideas/{idea}/supports"))
                .form(&[("form_token", &token)])
                .send()
                .await;
            match sent {
                Ok(r) if r.status() == 200 => {
                    journal.lock().unwrap().supports.insert((idea, n));
                }
                Ok(_) => {}
                Err(_) => return,
            }
        }
    }
}

/// Every line of a backup taken now that names `idea` (what the database holds of it).
fn stored_lines(dir: &Path, idea: &str) -> String {
    let file = dir.with_extension("surql");
    let out = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(["backup", "--to", file.to_str().unwrap()])
        .env("COPRODUCE_DATA_DIR", dir)
        .output()
        .expect("run backup");
    let text = std::fs::read_to_string(&file)
        .unwrap_or_else(|_| format!("no backup: {}", String::from_utf8_lossy(&out.stderr)));
    text.lines()
        .filter(|l| l.contains(idea))
        .map(|l| l.chars().take(400).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn killed_at_random_moments_while_clients_write_it_loses_nothing_and_counts_nothing_twice() {
    let rounds: usize = std::env::var("COPRODUCE_CRASH_ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(2);
    let dir = std::env::temp_dir().join(format!("coproduce-crash-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let journal = Arc::new(Mutex::new(Journal::default()));
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D ^ u64::from(std::process::id());
    for round in 0..rounds {
        let (mut server, url) = start(&dir);
        ready(&url).await;
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let kill_after = Duration::from_millis(300 + seed % 1_200);
        let stop = Instant::now() + Duration::from_secs(10);
        let clients: Vec<_> = (0..CLIENTS)
            .map(|n| tokio::spawn(client(url.clone(), n, round, journal.clone(), stop)))
            .collect();
        tokio::time::sleep(kill_after).await;
        server.kill().expect("SIGKILL");
        let _ = server.wait();
        for c in clients {
            let _ = c.await;
        }
    }
    // Started once more: what the clients were told is there, once; the counts are exact.
    let (mut server, url) = start(&dir);
    ready(&url).await;
    let records = stored(&url).await;
    let j = std::mem::take(&mut *journal.lock().unwrap());
    assert!(!j.ideas.is_empty(), "the clients wrote before each kill");
    println!(
        "{rounds} rounds: {} ideas and {} supports acknowledged, {} supports sent, {} ideas stored",
        j.ideas.len(),
        j.supports.len(),
        j.tried.len(),
        records.len()
    );
    let mut titles: BTreeMap<&str, usize> = BTreeMap::new();
    for r in &records {
        *titles.entry(r["title"].as_str().unwrap()).or_default() += 1;
    }
    for (title, id) in &j.ideas {
        assert_eq!(
            titles.get(title.as_str()),
            Some(&1),
            "{title} acknowledged, stored once"
        );
        let r = records.iter().find(|r| r["id"] == *id.as_str()).unwrap();
        let acknowledged = j.supports.iter().filter(|(i, _)| i == id).count() as i64;
        let tried = j.tried.iter().filter(|(i, _)| i == id).count() as i64;
        let count = r["count"].as_i64().unwrap();
        if count < acknowledged || count > tried {
            panic!(
                "{title}: {count} supports, {acknowledged} acknowledged, {tried} sent; stored:\n{}",
                stored_lines(&dir, id)
            );
        }
    }
    assert!(titles.values().all(|n| *n == 1), "no idea stored twice");
    let board: Value = reqwest::get(format!("{url}/api/v1/orgs/{ORG}/activities/{BOARD}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        board["idea_count"].as_u64().unwrap() as usize,
        records.len(),
        "the counts equal the records"
    );
    server.kill().unwrap();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&dir);
}
