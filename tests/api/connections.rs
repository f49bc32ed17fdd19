//! Slow and idle clients are cut off, one address cannot hold every connection, and everyone
//! else is served meanwhile.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::helpers::{TestApp, client_from, spawn_app_with};

fn addr(app: &TestApp) -> std::net::SocketAddr {
    app.url.trim_start_matches("http://").parse().unwrap()
}

async fn connect_from(app: &TestApp, from: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{from}:0").parse().unwrap()).unwrap();
    socket.connect(addr(app)).await.unwrap()
}

/// Reads until the server closes the connection; what it sent, or `None` if it stayed open
/// for `within`.
async fn closed_within(stream: &mut TcpStream, within: Duration) -> Option<String> {
    let mut got = Vec::new();
    let read = tokio::time::timeout(within, async {
        let mut buf = [0u8; 1024];
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    read.ok()
        .map(|()| String::from_utf8_lossy(&got).into_owned())
}

async fn served(app: &TestApp, from: &str) -> bool {
    client_from(from)
        .get(format!("{}/health", app.url))
        .send()
        .await
        .is_ok_and(|r| r.status() == 200)
}

#[tokio::test]
async fn a_client_that_sends_headers_slowly_or_nothing_is_cut_off_while_others_are_served() {
    let app = spawn_app_with(|s| s.http.header_timeout_secs = 1).await;
    let mut slow = Vec::new();
    for i in 0..20 {
        let mut s = connect_from(&app, "127.0.0.1").await;
        if i % 2 == 0 {
            s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                .await
                .unwrap();
        }
        slow.push(s);
    }
    assert!(
        served(&app, "127.0.0.1").await,
        "others are served meanwhile"
    );
    for s in &mut slow {
        assert!(
            closed_within(s, Duration::from_secs(5)).await.is_some(),
            "a slow or silent client is cut off"
        );
    }
}

#[tokio::test]
async fn a_body_sent_slowly_gets_a_timeout_answer_and_the_connection_closes() {
    let app = spawn_app_with(|s| {
        s.http.header_timeout_secs = 1;
        s.http.request_timeout_secs = 2;
    })
    .await;
    let mut s = connect_from(&app, "127.0.0.1").await;
    s.write_all(
        b"POST /console/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nemail=",
    )
    .await
    .unwrap();
    let (mut reader, mut writer) = s.into_split();
    // A byte every 300 ms: never idle long enough for a read timeout, never done.
    let trickle = tokio::spawn(async move {
        for _ in 0..60 {
            if writer.write_all(b"a").await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(300)).await;
        }
    });
    let mut got = Vec::new();
    let done = tokio::time::timeout(Duration::from_secs(8), async {
        let mut buf = [0u8; 1024];
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => got.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    trickle.abort();
    assert!(done.is_ok(), "the connection was closed");
    let answer = String::from_utf8_lossy(&got);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("request_timeout"), "{answer}");
}

#[tokio::test]
async fn one_address_cannot_hold_more_than_its_share_of_connections() {
    let app = spawn_app_with(|s| {
        s.http.max_connections_per_address = 5;
        s.http.header_timeout_secs = 30;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..5 {
        held.push(connect_from(&app, "127.0.0.1").await);
    }
    // Give the server a moment to take them all.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut extra = connect_from(&app, "127.0.0.1").await;
    let answer = closed_within(&mut extra, Duration::from_secs(3))
        .await
        .expect("the sixth connection from one address is closed at once");
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.contains("too_many_connections"), "{answer}");
    assert!(served(&app, "127.0.0.2").await, "another address is served");
    drop(held);
    // The server notices the closed connections as their tasks run: give it a few tries.
    let mut back = false;
    for _ in 0..30 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if served(&app, "127.0.0.1").await {
            back = true;
            break;
        }
    }
    assert!(back, "slots come back");
}

#[tokio::test]
async fn when_every_connection_is_taken_a_new_client_waits_until_an_idle_one_is_cut_off() {
    let app = spawn_app_with(|s| {
        s.http.max_connections = 4;
        s.http.max_connections_per_address = 0;
        s.http.header_timeout_secs = 1;
    })
    .await;
    let mut idle = Vec::new();
    for _ in 0..4 {
        idle.push(connect_from(&app, "127.0.0.1").await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    // Without a header timeout the idle four would keep this one waiting for ever.
    assert!(served(&app, "127.0.0.2").await);
}
