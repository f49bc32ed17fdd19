//! What maps need of the installation, kept in `AppState`: the tile cache, the geocoders the
//! maps name (one client and answer cache per server), the bound on photos decoded at once,
//! and the check of the upstream addresses staff give.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use super::geocode::Geocoder;
use super::tiles::Tiles;
use crate::config::Settings;
use crate::http::abuse::RateLimiter;

/// Geocoders kept at most (one per server the installation's maps name).
const GEOCODERS_MAX: usize = 64;
/// Answers each geocoder keeps.
const GEOCODER_ANSWERS: usize = 10_000;

pub struct MapServices {
    pub tiles: Tiles,
    geocoders: Mutex<HashMap<String, Arc<Geocoder>>>,
    user_agent: String,
    /// Photos decoded at once: each may take a camera photo's pixels in memory.
    pub decoding: Arc<Semaphore>,
    private_upstreams: bool,
    /// Tiles and lookups per client, per minute (`map.*_per_client_per_minute`).
    pub asked: RateLimiter,
}

impl MapServices {
    pub fn new(settings: &Settings, public_url: &str) -> anyhow::Result<MapServices> {
        let map = &settings.map;
        let user_agent = if map.user_agent.is_empty() {
            format!("coproduce/{} ({public_url})", env!("CARGO_PKG_VERSION"))
        } else {
            map.user_agent.clone()
        };
        let dir = if map.tile_dir.as_os_str().is_empty() {
            settings.data_dir.join("tiles")
        } else {
            map.tile_dir.clone()
        };
        Ok(MapServices {
            tiles: Tiles::new(dir, map.tile_cache_mib * 1024 * 1024, &user_agent)?,
            geocoders: Mutex::new(HashMap::new()),
            user_agent,
            decoding: Arc::new(Semaphore::new(map.photo_decoders.max(1))),
            private_upstreams: map.private_upstreams,
            asked: RateLimiter::new(std::time::Duration::from_secs(60)),
        })
    }

    /// The geocoder at `base`, made on first use.
    pub fn geocoder(&self, base: &str) -> anyhow::Result<Arc<Geocoder>> {
        let mut kept = self.geocoders.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(g) = kept.get(base) {
            return Ok(g.clone());
        }
        if kept.len() >= GEOCODERS_MAX {
            kept.clear();
        }
        let g = Arc::new(Geocoder::new(base, &self.user_agent, GEOCODER_ANSWERS)?);
        kept.insert(base.to_string(), g.clone());
        Ok(g)
    }

    /// Whether staff may name `url` as a tile server or geocoder: http or https, a host, and
    /// (unless the installation allows it) not a loopback, private or link-local address.
    pub fn upstream_allowed(&self, url: &str) -> bool {
        let Some(rest) = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
        else {
            return false;
        };
        let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
        if authority.is_empty() || authority.contains('@') || url.chars().any(char::is_control) {
            return false;
        }
        if self.private_upstreams {
            return true;
        }
        let host = match authority.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or(""),
            None => authority.rsplit_once(':').map_or(authority, |(h, _)| h),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if host == "localhost" || host.ends_with(".localhost") || host.ends_with(".internal") {
            return false;
        }
        match host.parse::<IpAddr>() {
            Ok(ip) => public_ip(ip),
            Err(_) => true,
        }
    }
}

fn public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.octets()[0] == 100 && (v4.octets()[1] & 0xc0) == 64)
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6
                    .to_ipv4_mapped()
                    .is_some_and(|v4| !public_ip(IpAddr::V4(v4))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn services(private: bool) -> MapServices {
        let mut s = crate::config::for_tests();
        s.map.private_upstreams = private;
        MapServices::new(&s, "http://localhost").unwrap()
    }

    #[test]
    fn staff_may_name_public_servers_but_not_the_installations_network() {
        let m = services(false);
        for ok in [
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "http://tiles.example.org:8080/{z}/{x}/{y}.png",
            "https://nominatim.example.org",
        ] {
            assert!(m.upstream_allowed(ok), "{ok}");
        }
        for bad in [
            "file:///etc/passwd",
            "gopher://x",
            "http://127.0.0.1:8080/{z}",
            "http://localhost/{z}",
            "http://10.0.0.5/{z}",
            "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data",
            "http://[::1]:80/",
            "http://[fd00::1]/",
            "http://[::ffff:127.0.0.1]/",
            "http://user@tiles.example.org/",
            "http://",
            "https://tiles.example.org/\n{z}",
        ] {
            assert!(!m.upstream_allowed(bad), "{bad}");
        }
        assert!(services(true).upstream_allowed("http://127.0.0.1:8080/{z}/{x}/{y}.png"));
        assert!(!services(true).upstream_allowed("ftp://127.0.0.1/"));
    }
}
