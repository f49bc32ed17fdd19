//! `cargo bench --bench probe --profile release`: what one commit costs with one
//! writer on the embedded file database (an fsync on every commit): plain inserts, the
//! transaction shapes a submission could take, and `Store::submit_idea` itself. Everything runs
//! in a task on a worker thread, as a request handler does, one commit of each kind in turn, in
//! a new order every turn (so all kinds meet the same disk: its fsync time drifts by 2× within
//! minutes here); each kind runs once right after the previous one and once after its thread
//! was woken from outside ("paced"), as a handler's thread is woken by the next request. Prints the median and
//! mean per commit (BENCHMARKS.md). `PROBE_ONLY=submit` limits the kinds to the plain insert
//! and the store. `PROBE_COOL_KB=1024` writes to that much other memory before each paced
//! commit, as handling a request between two commits does to the caches.

// A benchmark that cannot set up should stop loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use rand::SeedableRng;
use rand::seq::SliceRandom;

use coproduce::config::for_tests;
use coproduce::domain::OrgId;
use coproduce::ideas::domain::IdeaDraft;
use coproduce::ideas::storage::NewIdeaRecord;
use coproduce::storage::Store;
use coproduce_widgets::contract::Moderation;
use coproduce_widgets::ideas::contract::NewIdea;
use surrealdb::Surreal;
use surrealdb::engine::any::Any;

/// Commits of each kind, one kind after the other.
const TURNS: usize = 400;
/// Commits in a row for the CPU figure of each kind.
const CPU_ROW: usize = 200;

/// The same idea record as the load bench's plain inserts.
fn doc(key: &str) -> serde_json::Value {
    let now = 1_700_000_000_000i64;
    serde_json::json!({
        "id": ["bench-org", key], "org": "bench-org", "board": "b", "key": key,
        "title": "Idea for the centre", "body": "With tools and someone who knows how.",
        "status": "new", "supports": 0, "visibility": "public", "created_at": now,
        "history": [{ "status": "new", "at": now }],
    })
}

/// Statements a submission's commit could be: the idea alone, in a transaction, and with
/// what the ledger adds (its receipt and one delta of counts), as the group commit writes it.
const SHAPES: [(&str, &str); 4] = [
    ("plain INSERT $doc", "INSERT INTO idea $doc RETURN NONE"),
    ("INSERT [$doc]", "INSERT INTO idea $ideas RETURN NONE"),
    (
        "BEGIN INSERT COMMIT",
        "BEGIN; INSERT INTO idea $ideas RETURN NONE; COMMIT;",
    ),
    (
        "txn, idea + receipt + ledger delta",
        "BEGIN;\nINSERT INTO idea $ideas RETURN NONE;\nINSERT INTO receipt $receipts RETURN NONE;\nINSERT INTO ledger_delta $deltas RETURN NONE;\nCOMMIT;",
    ),
];

/// One commit of some kind.
#[derive(Clone, Copy)]
enum Kind {
    Statement(&'static str),
    /// `INSERT [$doc, …]` of this many ideas in one statement (a group commit's shape).
    Group(usize),
    Submit,
}

/// CPU time of the process's threads so far (the database's too), in nanoseconds from the
/// scheduler (`/proc/self/stat` counts 10 ms ticks, too coarse for one commit).
fn cpu() -> Duration {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Duration::ZERO;
    };
    let nanos: u64 = tasks
        .filter_map(|t| std::fs::read_to_string(t.ok()?.path().join("schedstat")).ok())
        .filter_map(|s| s.split_whitespace().next()?.parse::<u64>().ok())
        .sum();
    Duration::from_nanos(nanos)
}

/// Hands out one go at a time from a thread of its own, as a client's next request arrives:
/// the waiting thread may sleep meanwhile and is woken from outside, as a handler's is.
struct Pacer {
    asks: std::sync::mpsc::Sender<tokio::sync::oneshot::Sender<()>>,
}

impl Pacer {
    fn start() -> Self {
        let (asks, rx) = std::sync::mpsc::channel::<tokio::sync::oneshot::Sender<()>>();
        std::thread::spawn(move || {
            for go in rx {
                let _ = go.send(());
            }
        });
        Self { asks }
    }

    async fn wait(&self) {
        let (go, gone) = tokio::sync::oneshot::channel();
        self.asks.send(go).unwrap();
        gone.await.unwrap();
    }
}

struct Target {
    db: Surreal<Any>,
    store: Store,
    org: OrgId,
    board: String,
    draft: IdeaDraft,
}

impl Target {
    /// Wall time of one commit, per idea.
    async fn once(&self, kind: Kind, key: String) -> Duration {
        let start = Instant::now();
        let mut ideas = 1;
        match kind {
            Kind::Group(n) => {
                ideas = n;
                let docs: Vec<_> = (0..n).map(|i| doc(&format!("{key}-{i}"))).collect();
                self.db
                    .query("INSERT INTO idea $ideas RETURN NONE")
                    .bind(("ideas", docs))
                    .await
                    .and_then(|r| r.check())
                    .expect("group");
            }
            Kind::Statement(sql) => {
                let d = doc(&key);
                let receipt = serde_json::json!({
                    "id": ["bench-org", key], "org": "bench-org", "kind": "ideas",
                    "activity": "b", "record": key, "created_at": 1_700_000_000_000i64,
                });
                let delta = serde_json::json!({
                    "id": ["bench-org", "b", key],
                    "counts": { "public": 1, "status:new": 1, "week:2810:ideas": 1 },
                });
                self.db
                    .query(sql)
                    .bind(("doc", d.clone()))
                    .bind(("ideas", serde_json::json!([d])))
                    .bind(("receipts", serde_json::json!([receipt])))
                    .bind(("deltas", serde_json::json!([delta])))
                    .await
                    .and_then(|r| r.check())
                    .expect("query");
            }
            Kind::Submit => {
                let record = NewIdeaRecord {
                    board: &self.board,
                    draft: &self.draft,
                    receipt_hash: &key,
                    moderation: Moderation::Post,
                };
                self.store
                    .submit_idea(&self.org, record)
                    .await
                    .expect("submit");
            }
        }
        start.elapsed() / ideas as u32
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("probe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut settings = for_tests();
    settings.data_dir = dir.clone();
    settings.database.url = String::new();
    settings.database.url = settings.database_url();
    let store = Store::connect(&settings.database).await.expect("db");
    let db = store.raw().clone();
    let (org, _) = coproduce::seed::create_org_with_admin(
        &store,
        "bench-org",
        "Bench org",
        "a@b.example",
        None,
    )
    .await
    .expect("org");
    let board =
        coproduce::seed::create_board(&store, "bench-org", None, "Youth centre", "How?", false)
            .await
            .expect("board");
    let wire = NewIdea {
        title: "Idea for the centre".into(),
        body: "With tools and someone who knows how.".into(),
        ..Default::default()
    };
    let draft = IdeaDraft::try_from(&wire).unwrap();

    let only_submit = std::env::var("PROBE_ONLY").is_ok_and(|v| v == "submit");
    let mut kinds: Vec<(&str, Kind)> = SHAPES
        .iter()
        .take(if only_submit { 1 } else { SHAPES.len() })
        .map(|(name, sql)| (*name, Kind::Statement(sql)))
        .collect();
    if !only_submit {
        kinds.push(("INSERT 4 ideas (per idea)", Kind::Group(4)));
        kinds.push(("INSERT 16 ideas (per idea)", Kind::Group(16)));
    }
    kinds.push(("Store::submit_idea", Kind::Submit));
    let target = Target {
        db,
        store,
        org,
        board,
        draft,
    };
    let runs = tokio::spawn(async move {
        let pacer = Pacer::start();
        let cool_kb: usize = std::env::var("PROBE_COOL_KB")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let mut other = vec![0u8; cool_kb << 10];
        let mut times = vec![(Vec::new(), Vec::new(), Vec::new()); kinds.len()];
        // A commit right after a larger one takes longer (0.15–0.2 ms after a group of 16
        // here): every turn runs the kinds in a new order, so that no kind always follows
        // the same one.
        let mut order: Vec<usize> = (0..kinds.len()).collect();
        // Seeded, and `Send` (the thread-local generator is not): the task awaits meanwhile.
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        for turn in 0..TURNS {
            order.shuffle(&mut rng);
            for &k in &order {
                let kind = &kinds[k].1;
                let wall = target.once(*kind, format!("{turn}-{k}")).await;
                times[k].0.push(wall);
                pacer.wait().await;
                for byte in other.iter_mut().step_by(64) {
                    *byte = byte.wrapping_add(1);
                }
                std::hint::black_box(&other);
                let wall = target.once(*kind, format!("{turn}-{k}-p")).await;
                times[k].1.push(wall);
            }
        }
        // CPU per idea, each kind in a row of its own (reading the clock costs as much as a
        // commit, so it is read around the row only).
        for (k, (_, kind)) in kinds.iter().enumerate() {
            let before = cpu();
            for i in 0..CPU_ROW {
                target.once(*kind, format!("cpu-{k}-{i}")).await;
            }
            let ideas = match kind {
                Kind::Group(n) => CPU_ROW * n,
                _ => CPU_ROW,
            };
            times[k].2.push(cpu().saturating_sub(before) / ideas as u32);
        }
        (kinds, times)
    });
    let (kinds, times) = runs.await.unwrap();
    println!(
        "{:32} {:>9} {:>9} {:>13} {:>13} {:>9}",
        "kind (ms per idea)", "median", "mean", "paced median", "paced mean", "CPU mean"
    );
    for ((name, _), (mut back, mut paced, cpu)) in kinds.iter().zip(times) {
        back.sort();
        paced.sort();
        let mean = |v: &[Duration]| ms(v.iter().sum::<Duration>()) / v.len() as f64;
        println!(
            "{name:32} {:9.3} {:9.3} {:13.3} {:13.3} {:9.3}",
            ms(back[back.len() / 2]),
            mean(&back),
            ms(paced[paced.len() / 2]),
            mean(&paced),
            mean(&cpu)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
