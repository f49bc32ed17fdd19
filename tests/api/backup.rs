//! `coproduce backup` while the server runs (the embedded file database, held by `serve`), and
//! `coproduce restore` into an empty installation: every organisation, activity, contribution,
//! count, receipt and staff account comes back; a second restore is refused.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

/// `coproduce serve --demo` on data directory `dir`: the process, its address and, when the
/// demo is created now, its admin's password (printed once, after the demo is in place).
fn serve(dir: &Path, new_demo: bool) -> (Child, String, Option<String>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(["serve", "--demo"])
        .env("COPRODUCE_DATA_DIR", dir)
        .env("COPRODUCE_HTTP__PORT", "0")
        .env("COPRODUCE_SECRET", "a secret both installations share")
        .env("COPRODUCE_HTTP__MAX_CONNECTIONS_PER_ADDRESS", "0")
        .env("RUST_LOG", "error")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the server");
    let out = child.stdout.take().expect("stdout");
    // Read until the console's address, which `serve` prints once the demo is in place, and
    // on to the end: a closed pipe would end the server at its next line.
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        use std::io::BufRead;
        let mut password = None;
        let mut told = false;
        for line in std::io::BufReader::new(out).lines().map_while(Result::ok) {
            if let Some(p) = line.trim().strip_prefix("password:") {
                password = Some(p.trim().to_string());
            }
            if line.starts_with("Console:") && !told {
                told = true;
                let _ = tx.send(password.clone());
            }
        }
    });
    let password = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the server started");
    assert_eq!(password.is_some(), new_demo);
    let text = std::fs::read_to_string(dir.join("operator")).expect("the operator file");
    let url = serde_json::from_str::<Value>(&text).unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    (child, url, password)
}

fn run(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_coproduce"))
        .args(args)
        .env("COPRODUCE_DATA_DIR", dir)
        .env("RUST_LOG", "error")
        .output()
        .expect("run coproduce");
    let all =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), all)
}

fn stop(mut child: Child) {
    // SIGTERM: the server drains and lets go of the database files.
    let _ = Command::new("kill").arg(child.id().to_string()).status();
    let _ = child.wait();
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("coproduce-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

async fn json(url: &str) -> Value {
    reqwest::get(url).await.unwrap().json().await.unwrap()
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_everything_into_an_empty_installation() {
    let (a, b) = (temp("backup-a"), temp("backup-b"));
    let file = temp("backup-file").with_extension("surql");
    let (server, url, password) = serve(&a, true);
    let password = password.expect("the demo's admin password");
    let org = "stadtteilhaus-nord";
    // A contribution with a receipt, and what the public sees, before the backup.
    let token = {
        let view = json(&format!("{url}/api/v1/orgs/{org}/activities/youth-centre")).await;
        let form = view["form_token"].as_str().unwrap().to_string();
        tokio::time::sleep(Duration::from_millis(2_100)).await;
        let res = reqwest::Client::new()
            .post(format!(
                "{url}/api/v1/orgs/{org}/activities/youth-centre/ideas"
            ))
            .form(&[
                ("title", "Backed up"),
                ("body", "Kept."),
                ("form_token", &form),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201);
        let stored: Value = res.json().await.unwrap();
        stored["receipt_url"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    };
    // The same, but for the address each installation is served at.
    let open_data = json(&format!("{url}/o/{org}/open-data.json"))
        .await
        .to_string()
        .replace(&url, "");
    let board = json(&format!("{url}/api/v1/orgs/{org}/activities/youth-centre")).await;

    // Nobody else gets a backup from the server: not without the operator's token.
    for token in [None, Some("a guess")] {
        let mut req = reqwest::Client::new().get(format!("{url}/operator/backup"));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        assert_eq!(req.send().await.unwrap().status(), 404, "{token:?}");
    }
    let (ok, said) = run(&a, &["backup", "--to", file.to_str().unwrap()]);
    assert!(ok, "{said}");
    stop(server);

    let (ok, said) = run(&b, &["restore", file.to_str().unwrap()]);
    assert!(ok, "{said}");
    let (ok, said) = run(&b, &["restore", file.to_str().unwrap()]);
    assert!(!ok && said.contains("not empty"), "{said}");

    let (server, url, _) = serve(&b, false);
    let restored = json(&format!("{url}/o/{org}/open-data.json")).await;
    assert_eq!(restored.to_string().replace(&url, ""), open_data);
    let again = json(&format!("{url}/api/v1/orgs/{org}/activities/youth-centre")).await;
    assert_eq!(again["ideas"], board["ideas"]);
    assert_eq!(again["idea_count"], board["idea_count"]);
    let receipt = reqwest::get(format!("{url}/api/v1/orgs/{org}/receipts/{token}"))
        .await
        .unwrap();
    assert_eq!(receipt.status(), 200, "the receipt still leads to the idea");
    let login = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{url}/console/login"))
        .header("origin", &url)
        .form(&[
            ("email", "admin@stadtteilhaus-nord.example"),
            ("password", &password),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303, "the staff account came back");
    stop(server);
    for dir in [a, b] {
        let _ = std::fs::remove_dir_all(dir);
    }
    let _ = std::fs::remove_file(file);
}
