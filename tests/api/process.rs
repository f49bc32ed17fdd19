//! `coproduce serve --demo` as a child process on a data directory of its own (the embedded
//! file database): for the tests that kill it, stop it or start it again.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

pub const ORG: &str = "stadtteilhaus-nord";
pub const BOARD: &str = "youth-centre";

/// Starts the server with no rate limits or form-age checks (clients here are programs) and
/// `env` on top; returns it and its address, read from the operator's file it writes once
/// it listens.
pub fn serve(dir: &Path, env: &[(&str, &str)]) -> (Child, String) {
    let _ = std::fs::remove_file(dir.join("operator"));
    let child = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(["serve", "--demo"])
        .env("COPRODUCE_DATA_DIR", dir)
        .env("COPRODUCE_HTTP__PORT", "0")
        .env("COPRODUCE_SECRET", "the same secret across restarts")
        .env("COPRODUCE_LIMITS__WRITES_PER_CLIENT_PER_MINUTE", "1000000")
        .env("COPRODUCE_LIMITS__WRITES_PER_ORG_PER_MINUTE", "1000000")
        .env("COPRODUCE_LIMITS__CHECK_FORM_AGE", "false")
        .env("COPRODUCE_HTTP__MAX_CONNECTIONS_PER_ADDRESS", "0")
        .env("RUST_LOG", "error")
        .envs(env.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let deadline = Instant::now() + Duration::from_secs(60);
    let url = loop {
        if let Some(url) = std::fs::read_to_string(dir.join("operator"))
            .ok()
            .and_then(|t| serde_json::from_str::<Value>(&t).ok())
            .and_then(|v| v["url"].as_str().map(str::to_string))
        {
            break url;
        }
        assert!(Instant::now() < deadline, "the server started");
        std::thread::sleep(Duration::from_millis(50));
    };
    (child, url)
}

/// Waits until the demo board answers (it is seeded after the database opened).
pub async fn ready(url: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = reqwest::get(format!("{url}/api/v1/orgs/{ORG}/activities/{BOARD}")).await
            && r.status() == 200
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server became ready");
}

/// Every public idea of the demo board, from the open data (all of them, paged through by
/// the server).
pub async fn stored(url: &str) -> Vec<Value> {
    let data: Value = reqwest::get(format!("{url}/o/{ORG}/open-data.json"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    data["activities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == BOARD)
        .unwrap()["records"]
        .as_array()
        .unwrap()
        .clone()
}
