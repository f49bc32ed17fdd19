//! The tile cache against a tile server on loopback that draws tiles and counts requests.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::get;

use super::{TileError, TileSource, Tiles};

#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<(String, String)>>>);

/// A tile of 256 × 256 pixels, its colour from its address (some hundred bytes as PNG).
fn drawn(z: u8, x: u32, y: u32) -> Vec<u8> {
    let img = image::RgbImage::from_pixel(
        256,
        256,
        image::Rgb([z * 10, (x % 256) as u8, (y % 256) as u8]),
    );
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}

async fn tile(
    State(seen): State<Seen>,
    Path((kind, z, x, y)): Path<(String, u8, u32, String)>,
    headers: HeaderMap,
) -> impl IntoResponse {
    let ua = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let asked_before = {
        let mut seen = seen.0.lock().unwrap();
        seen.push((format!("{kind}/{z}/{x}/{y}"), ua));
        seen.len() > 1
    };
    let y: u32 = y.trim_end_matches(".png").parse().unwrap();
    match kind.as_str() {
        "once" if !asked_before => {
            ([(header::CONTENT_TYPE, "image/png")], drawn(z, x, y)).into_response()
        }
        "ok" => ([(header::CONTENT_TYPE, "image/png")], drawn(z, x, y)).into_response(),
        "html" => ([(header::CONTENT_TYPE, "text/html")], "<h1>Blocked</h1>").into_response(),
        // A megabyte sent in chunks, with no length said beforehand.
        "huge" => {
            let chunks = (0..64).map(|_| Ok::<_, std::io::Error>(vec![0u8; 16 * 1024]));
            let body = axum::body::Body::from_stream(futures_util::stream::iter(chunks));
            ([(header::CONTENT_TYPE, "image/png")], body).into_response()
        }
        _ => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

async fn tile_server() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new()
        .route("/{kind}/{z}/{x}/{y}", get(tile))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, seen)
}

fn source(url: &str, kind: &str) -> TileSource {
    TileSource {
        template: format!("{url}/{kind}/{{z}}/{{x}}/{{y}}.png"),
        attribution: "Test tiles".into(),
        max_zoom: 18,
    }
}

fn cache(max_bytes: u64) -> (Tiles, std::path::PathBuf) {
    let dir =
        std::env::temp_dir().join(format!("coproduce-tiles-{}", crate::domain::random_key(8)));
    let tiles = Tiles::new(
        dir.clone(),
        max_bytes,
        "coproduce-test/1 (+https://participate.example)",
    )
    .unwrap();
    (tiles, dir)
}

#[tokio::test]
async fn a_tile_is_fetched_once_with_the_installations_name_and_then_sent_from_disk() {
    let (url, seen) = tile_server().await;
    let (tiles, dir) = cache(10 << 20);
    let src = source(&url, "ok");
    let first = tiles.tile(&src, 14, 8802, 5373).await.unwrap();
    let again = tiles.tile(&src, 14, 8802, 5373).await.unwrap();
    assert_eq!(first, again);
    assert_eq!(&first[..], &drawn(14, 8802, 5373)[..]);
    let asked = seen.0.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "the second came from disk: {asked:?}");
    assert_eq!(asked[0].0, "ok/14/8802/5373.png");
    assert!(asked[0].1.starts_with("coproduce-test/1"), "{asked:?}");
    // Another backend on the same cache finds it too.
    let other = Tiles::new(dir.clone(), 10 << 20, "x").unwrap();
    assert_eq!(other.tile(&src, 14, 8802, 5373).await.unwrap(), first);
    assert_eq!(seen.0.lock().unwrap().len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn tiles_beyond_the_map_or_the_zoom_are_not_asked_for() {
    let (url, seen) = tile_server().await;
    let (tiles, dir) = cache(10 << 20);
    let src = source(&url, "ok");
    for (z, x, y) in [(19, 0, 0), (2, 4, 0), (2, 0, 4), (0, 1, 0)] {
        assert_eq!(tiles.tile(&src, z, x, y).await, Err(TileError::NoSuchTile));
    }
    assert!(seen.0.lock().unwrap().is_empty());
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn without_a_tile_from_the_server_there_is_none_and_nothing_is_kept() {
    let (url, _) = tile_server().await;
    let (tiles, dir) = cache(10 << 20);
    for kind in ["fail", "html", "huge"] {
        let got = tiles.tile(&source(&url, kind), 3, 1, 1).await;
        assert_eq!(got, Err(TileError::Unavailable), "{kind}");
    }
    let unreachable = TileSource {
        template: "http://127.0.0.1:9/{z}/{x}/{y}.png".into(),
        ..TileSource::default()
    };
    assert_eq!(
        tiles.tile(&unreachable, 3, 1, 1).await,
        Err(TileError::Unavailable)
    );
    assert_eq!(super::files(&dir).len(), 0, "no error page kept as a tile");
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn the_cache_stays_within_its_bound_dropping_the_tiles_fetched_longest_ago() {
    let (url, _) = tile_server().await;
    let one = drawn(5, 0, 0).len() as u64;
    let (tiles, dir) = cache(one * 10);
    let src = source(&url, "ok");
    for x in 0..30 {
        tiles.tile(&src, 5, x, 0).await.unwrap();
        // Let the walk that makes room run (it is off the request's way).
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    let kept = super::files(&dir);
    let held: u64 = kept.iter().map(|(_, len, _)| len).sum();
    assert!(
        held <= one * 11,
        "{held} bytes kept for a bound of {}",
        one * 10
    );
    assert!(
        kept.iter().any(|(p, _, _)| p.ends_with("5/29/0.tile")),
        "the tile fetched last is kept"
    );
    assert!(
        !kept.iter().any(|(p, _, _)| p.ends_with("5/0/0.tile")),
        "the tile fetched first is gone"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn a_tile_older_than_a_week_is_asked_again_and_still_sent_when_the_server_fails() {
    let (url, seen) = tile_server().await;
    let (tiles, dir) = cache(10 << 20);
    let src = source(&url, "once");
    let first = tiles.tile(&src, 4, 3, 2).await.unwrap();
    let (path, _, _) = super::files(&dir).pop().unwrap();
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(8 * 24 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(old)
        .unwrap();
    assert_eq!(
        tiles.tile(&src, 4, 3, 2).await.unwrap(),
        first,
        "stale, not none"
    );
    assert_eq!(seen.0.lock().unwrap().len(), 2, "asked again");
    let _ = std::fs::remove_dir_all(dir);
}
