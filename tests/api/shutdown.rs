//! SIGTERM: the backend stops taking connections, lets the requests it has begun finish
//! (their writes acknowledged and stored), and ends within its drain time even when a client
//! never finishes its request.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::process::{BOARD, ORG, ready, serve, stored};

fn sigterm(pid: u32) {
    let ok = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
}

/// The head of an idea's post and its body, to send in parts.
fn idea_post(url: &str, token: &str, title: &str) -> (TcpStream, String, String) {
    let address = url.trim_start_matches("http://");
    let body = serde_urlencoded::to_string([
        ("title", title),
        ("body", "Sent slowly."),
        ("form_token", token),
    ])
    .unwrap();
    let head = format!(
        "POST /api/v1/orgs/{ORG}/activities/{BOARD}/ideas HTTP/1.1\r\nhost: {address}\r\n\
         content-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\n\
         connection: close\r\n\r\n",
        body.len()
    );
    (TcpStream::connect(address).unwrap(), head, body)
}

#[tokio::test]
async fn sigterm_lets_begun_requests_finish_and_ends_within_the_drain_time() {
    let dir = std::env::temp_dir().join(format!("coproduce-shutdown-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // Request timeout 3 s: the drain time is that and 5 s more.
    let (mut server, url) = serve(&dir, &[("COPRODUCE_HTTP__REQUEST_TIMEOUT_SECS", "3")]);
    ready(&url).await;
    let view: serde_json::Value =
        reqwest::get(format!("{url}/api/v1/orgs/{ORG}/activities/{BOARD}"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
    let token = view["form_token"].as_str().unwrap().to_string();

    // A request begun (its head and half its body sent) when the signal comes...
    let (mut begun, head, body) = idea_post(&url, &token, "Begun before the signal");
    let (first, rest) = body.split_at(body.len() / 2);
    begun.write_all(head.as_bytes()).unwrap();
    begun.write_all(first.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    sigterm(server.id());
    std::thread::sleep(Duration::from_millis(500));
    // ...no new connection is taken...
    let address = url.trim_start_matches("http://");
    assert!(TcpStream::connect(address).is_err(), "no new connections");
    // ...and the begun one finishes, acknowledged.
    begun.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    begun.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");
    let status = server.wait().unwrap();
    assert!(status.success(), "a clean exit: {status}");

    // A client that never finishes its request does not hold the shutdown past the drain time.
    let (mut server, url) = serve(&dir, &[("COPRODUCE_HTTP__REQUEST_TIMEOUT_SECS", "3")]);
    ready(&url).await;
    let titles: Vec<String> = stored(&url)
        .await
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_string())
        .collect();
    assert!(
        titles.contains(&"Begun before the signal".to_string()),
        "stored: {titles:?}"
    );
    let (mut stuck, head, _) = idea_post(&url, &token, "Never finished");
    stuck.write_all(head.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Instant::now();
    sigterm(server.id());
    let status = server.wait().unwrap();
    assert!(status.success(), "a clean exit: {status}");
    // The drain time (8 s) and closing the database; generous, since the test machine may be
    // busy: without a deadline this would wait for the client forever.
    assert!(
        signalled.elapsed() < Duration::from_secs(30),
        "ended after the drain time: {:?}",
        signalled.elapsed()
    );
    let _ = std::fs::remove_dir_all(&dir);
}
