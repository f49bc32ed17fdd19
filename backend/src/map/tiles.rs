//! Map tiles for citizens' browsers, fetched by the backend from the tile server the
//! organisation chose and kept on disk: the browser asks only the backend, so no citizen's
//! address (or the place they look at) reaches the tile server. The default is
//! OpenStreetMap's standard tiles, asked as its tile usage policy wants: a User-Agent that
//! names the installation, tiles kept for a week and not asked again meanwhile, the
//! attribution shown. The cache has a bound on disk: beyond it the tiles fetched longest ago
//! go first. When the tile server cannot be reached, a tile kept longer than a week is still
//! sent; with none, the map shows no tiles and everything else works.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use coproduce_widgets::map::geo::ZOOM_MAX;
use sha2::{Digest, Sha256};

/// A tile server: its address with `{z}`, `{x}` and `{y}`, what the map must credit, and the
/// deepest zoom it draws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TileSource {
    pub template: String,
    pub attribution: String,
    pub max_zoom: u8,
}

impl Default for TileSource {
    fn default() -> Self {
        TileSource {
            template: "https://tile.openstreetmap.org/{z}/{x}/{y}.png".into(),
            attribution: "© OpenStreetMap contributors".into(),
            max_zoom: ZOOM_MAX,
        }
    }
}

/// Why there is no tile; `code` is the API's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TileError {
    /// No such tile: a zoom beyond the source's, or x or y beyond the map at that zoom.
    NoSuchTile,
    /// The tile server did not answer with a tile, and none is kept.
    Unavailable,
}

impl TileError {
    pub fn code(self) -> &'static str {
        match self {
            TileError::NoSuchTile => "not_found",
            TileError::Unavailable => "tiles_unavailable",
        }
    }
}

/// Tiles kept this long are sent without asking the tile server again.
const FRESH: Duration = Duration::from_secs(7 * 24 * 3600);
/// A tile's size at most (a map tile is some KB; anything larger is not one).
const TILE_BYTES_MAX: usize = 512 * 1024;

/// The tile cache of an installation.
#[derive(Clone)]
pub struct Tiles {
    client: reqwest::Client,
    dir: PathBuf,
    max_bytes: u64,
    /// What the cache holds on disk, as this backend counts it.
    held: Arc<AtomicU64>,
}

impl Tiles {
    /// A cache in `dir` of at most `max_bytes`, asking tile servers as `user_agent`.
    pub fn new(dir: PathBuf, max_bytes: u64, user_agent: &str) -> anyhow::Result<Tiles> {
        std::fs::create_dir_all(&dir)?;
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(10))
            .redirect(reqwest::redirect::Policy::limited(3))
            .build()?;
        let held = files(&dir).iter().map(|(_, len, _)| len).sum();
        Ok(Tiles {
            client,
            dir,
            max_bytes,
            held: Arc::new(AtomicU64::new(held)),
        })
    }

    /// Tile `z`/`x`/`y` of `source`: kept, or fetched and kept.
    pub async fn tile(
        &self,
        source: &TileSource,
        z: u8,
        x: u32,
        y: u32,
    ) -> Result<Bytes, TileError> {
        if z > source.max_zoom.min(ZOOM_MAX) || x >= 1 << z || y >= 1 << z {
            return Err(TileError::NoSuchTile);
        }
        let path = self.path(source, z, x, y);
        let kept = tokio::fs::metadata(&path).await.ok();
        let age = kept
            .as_ref()
            .and_then(|m| m.modified().ok())
            .and_then(|t| SystemTime::now().duration_since(t).ok());
        if age.is_some_and(|a| a < FRESH)
            && let Ok(bytes) = tokio::fs::read(&path).await
        {
            return Ok(Bytes::from(bytes));
        }
        match self.fetch(source, z, x, y).await {
            Some(bytes) => {
                self.keep(&path, &bytes, kept.map_or(0, |m| m.len())).await;
                Ok(bytes)
            }
            // Stale is better than none.
            None => tokio::fs::read(&path)
                .await
                .map(Bytes::from)
                .map_err(|_| TileError::Unavailable),
        }
    }

    fn path(&self, source: &TileSource, z: u8, x: u32, y: u32) -> PathBuf {
        let digest = Sha256::digest(source.template.as_bytes());
        let server: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        self.dir
            .join(server)
            .join(z.to_string())
            .join(x.to_string())
            .join(format!("{y}.tile"))
    }

    async fn fetch(&self, source: &TileSource, z: u8, x: u32, y: u32) -> Option<Bytes> {
        let url = source
            .template
            .replace("{z}", &z.to_string())
            .replace("{x}", &x.to_string())
            .replace("{y}", &y.to_string());
        let res = match self.client.get(&url).send().await {
            Ok(res) => res,
            Err(e) => {
                tracing::warn!(error = %e, "tile server unreachable");
                return None;
            }
        };
        let is_image = res
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|t| t.starts_with("image/"));
        if !res.status().is_success() || !is_image {
            tracing::warn!(status = %res.status(), "tile server answered without a tile");
            return None;
        }
        super::fetched::body_within(res, TILE_BYTES_MAX).await
    }

    /// Writes a tile (whole or not at all: another request may read it meanwhile), then
    /// makes room if the cache outgrew its bound.
    async fn keep(&self, path: &Path, bytes: &Bytes, replaced: u64) {
        let Some(dir) = path.parent() else { return };
        let tmp = path.with_extension(format!("tmp{}", crate::domain::random_key(6)));
        let written = async {
            tokio::fs::create_dir_all(dir).await?;
            tokio::fs::write(&tmp, bytes).await?;
            tokio::fs::rename(&tmp, path).await
        }
        .await;
        if let Err(e) = written {
            tracing::warn!(error = %e, "a tile could not be kept");
            let _ = tokio::fs::remove_file(&tmp).await;
            return;
        }
        let added = bytes.len() as u64;
        let held = self.held.fetch_add(added, Ordering::Relaxed) + added;
        self.held.fetch_sub(replaced.min(held), Ordering::Relaxed);
        if held.saturating_sub(replaced) > self.max_bytes {
            let (dir, max) = (self.dir.clone(), self.max_bytes);
            let held = self.held.clone();
            // Walking the cache takes a while: not on the request's way.
            tokio::task::spawn_blocking(move || held.store(evict(&dir, max), Ordering::Relaxed));
        }
    }
}

/// Every kept tile: (path, size, when fetched).
fn files(dir: &Path) -> Vec<(PathBuf, u64, SystemTime)> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            if meta.is_dir() {
                dirs.push(entry.path());
            } else {
                let at = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                out.push((entry.path(), meta.len(), at));
            }
        }
    }
    out
}

/// Deletes the tiles fetched longest ago until the cache holds at most nine tenths of
/// `max_bytes` (room for a while before the next walk); returns what it holds then.
fn evict(dir: &Path, max_bytes: u64) -> u64 {
    let mut kept = files(dir);
    kept.sort_by_key(|(_, _, at)| *at);
    let mut held: u64 = kept.iter().map(|(_, len, _)| len).sum();
    let target = max_bytes / 10 * 9;
    for (path, len, _) in kept {
        if held <= target {
            break;
        }
        if std::fs::remove_file(&path).is_ok() {
            held -= len;
        }
    }
    held
}

#[cfg(test)]
mod tests;
