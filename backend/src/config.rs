//! Settings: defaults → optional TOML file → `COPRODUCE_*` environment variables (nested with
//! `__`, e.g. `COPRODUCE_HTTP__PORT=8080`, `COPRODUCE_DATABASE__URL=ws://db:8000`).
//! The defaults give a working embedded setup under `./data`.

use std::path::{Path, PathBuf};

use figment::Figment;
use figment::providers::{Env, Format, Serialized, Toml};
use serde::{Deserialize, Serialize};

/// A secret that never shows in `Debug` output or logs.
#[derive(Clone, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(**redacted**)")
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Where the embedded database and the server key live.
    pub data_dir: PathBuf,
    pub http: HttpSettings,
    pub database: DatabaseSettings,
    pub limits: RateLimits,
    #[serde(default)]
    pub map: MapSettings,
    /// Key for HMACs (voter keys, form tokens). Read from `data_dir/secret.key` (made on first
    /// start) when unset. Every backend sharing a database needs the same key.
    #[serde(default)]
    pub secret: Option<Secret>,
    /// The installation operator's token: for the operator's console (`/operator`) and the
    /// command line's requests to a running server. Unset: with the embedded database, a new
    /// one at each start, in `data_dir/operator` (readable by the server's user only); with a
    /// database server, no operator console.
    #[serde(default)]
    pub operator_token: Option<Secret>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct HttpSettings {
    pub host: String,
    /// 0 picks a free port (tests).
    pub port: u16,
    /// The address people reach this backend at, for links in receipts and embed snippets.
    /// Empty: `http://{host}:{port}`.
    pub public_url: String,
    /// The built widget bundle (Trunk's output, `dist/widget` from the repository root).
    pub widget_dir: PathBuf,
    /// Marks the session cookie `Secure`; on when `public_url` is https.
    #[serde(default)]
    pub secure_cookies: Option<bool>,
    /// Seconds a client has to send a request's headers (also how long an idle connection
    /// stays open); then the connection is closed.
    #[serde(default = "defaults::header_timeout_secs")]
    pub header_timeout_secs: u64,
    /// Seconds a request may take from its headers to the answer, reading its body included;
    /// then it gets 408.
    #[serde(default = "defaults::request_timeout_secs")]
    pub request_timeout_secs: u64,
    /// Connections open at once; more wait. Lowered to what the open-file limit allows.
    #[serde(default = "defaults::max_connections")]
    pub max_connections: usize,
    /// Connections one address may hold at once; more are closed. 0: no bound (behind a
    /// reverse proxy every connection comes from the proxy's address).
    #[serde(default = "defaults::max_connections_per_address")]
    pub max_connections_per_address: usize,
    /// Reverse proxies in front of this backend (addresses or CIDR ranges): only from these
    /// are `Forwarded` / `X-Forwarded-For` read for the client's address (`http::client`).
    #[serde(default)]
    pub trusted_proxies: Vec<String>,
    /// Where `/metrics` (Prometheus) is served, apart from the public port, e.g.
    /// `127.0.0.1:9464`. Empty: not served.
    #[serde(default)]
    pub metrics_address: String,
}

mod defaults {
    pub fn backends() -> u32 {
        1
    }
    pub fn header_timeout_secs() -> u64 {
        10
    }
    pub fn request_timeout_secs() -> u64 {
        30
    }
    pub fn max_connections() -> usize {
        4_096
    }
    pub fn max_connections_per_address() -> usize {
        128
    }
    pub fn supporters_per_address() -> u32 {
        3
    }
    pub fn tile_cache_mib() -> u64 {
        1_024
    }
    pub fn photo_decoders() -> usize {
        2
    }
    pub fn tiles_per_client_per_minute() -> u32 {
        1_200
    }
    pub fn lookups_per_client_per_minute() -> u32 {
        20
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DatabaseSettings {
    /// `surrealkv://PATH` (embedded file, the default), `mem://` (tests) or `ws://HOST:PORT`.
    /// Empty: `surrealkv://{data_dir}/db?sync=every` (fsync on every commit).
    pub url: String,
    pub namespace: String,
    pub database: String,
    pub username: Option<String>,
    pub password: Option<Secret>,
}

/// Maps' tiles and address lookups, which the backend fetches for citizens' browsers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MapSettings {
    /// Where tiles are kept. Empty: `{data_dir}/tiles`.
    #[serde(default)]
    pub tile_dir: PathBuf,
    /// The tile cache's bound on disk, in MiB; beyond it the tiles fetched longest ago go.
    #[serde(default = "defaults::tile_cache_mib")]
    pub tile_cache_mib: u64,
    /// How the backend names itself to tile servers and geocoders (OpenStreetMap's usage
    /// policies ask for a contact). Empty: `coproduce ({public_url})`.
    #[serde(default)]
    pub user_agent: String,
    /// Whether staff may point a map's tiles or geocoder at a private or loopback address
    /// (an organisation's own tile server in its network; tests). Off, so one organisation's
    /// staff cannot make the backend fetch from the installation's internal network.
    #[serde(default)]
    pub private_upstreams: bool,
    /// Photos decoded at once (each takes up to a photo's pixels in memory); more wait.
    #[serde(default = "defaults::photo_decoders")]
    pub photo_decoders: usize,
    /// Tiles one client (by address) may ask for per minute: panning a map asks some hundreds;
    /// more would make the backend fetch a tile server's whole map for one person.
    #[serde(default = "defaults::tiles_per_client_per_minute")]
    pub tiles_per_client_per_minute: u32,
    /// Address lookups one client may ask for per minute (public geocoders allow about one
    /// request a second for a whole application).
    #[serde(default = "defaults::lookups_per_client_per_minute")]
    pub lookups_per_client_per_minute: u32,
}

impl Default for MapSettings {
    fn default() -> Self {
        Self {
            tile_dir: PathBuf::new(),
            tile_cache_mib: defaults::tile_cache_mib(),
            user_agent: String::new(),
            private_upstreams: false,
            photo_decoders: defaults::photo_decoders(),
            tiles_per_client_per_minute: defaults::tiles_per_client_per_minute(),
            lookups_per_client_per_minute: defaults::lookups_per_client_per_minute(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RateLimits {
    /// Ideas and supports one client (by HMAC'd address) may send per minute.
    pub writes_per_client_per_minute: u32,
    /// All writes to one organisation per minute.
    pub writes_per_org_per_minute: u32,
    /// Failed logins for one account from one address before a 15-minute pause for that pair;
    /// an account's failures from everywhere slow its logins down instead of locking it.
    pub failed_logins: u32,
    /// Distinct people (by browser) at one address — IPv6: one /64 network — who may support
    /// the same idea: a household or a library shares an address.
    #[serde(default = "defaults::supporters_per_address")]
    pub supporters_per_address: u32,
    /// Whether to check the signed render time of forms (off only in load benchmarks).
    pub check_form_age: bool,
    /// How many backends share the database behind one reverse proxy. The counts of these
    /// limits live in each backend's memory, so each enforces its share (the limit divided
    /// by this, rounded up): with requests spread round-robin, the installation as a whole
    /// keeps to the limits; however they are spread, to at most this many shares of them.
    #[serde(default = "defaults::backends")]
    pub backends: u32,
}

impl RateLimits {
    /// What one backend allows of `limit` (`backends`).
    pub fn share(&self, limit: u32) -> u32 {
        limit.div_ceil(self.backends.max(1))
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            data_dir: PathBuf::from("data"),
            http: HttpSettings {
                host: "127.0.0.1".into(),
                port: 8080,
                public_url: String::new(),
                widget_dir: PathBuf::from("dist/widget"),
                secure_cookies: None,
                header_timeout_secs: defaults::header_timeout_secs(),
                request_timeout_secs: defaults::request_timeout_secs(),
                max_connections: defaults::max_connections(),
                max_connections_per_address: defaults::max_connections_per_address(),
                trusted_proxies: Vec::new(),
                metrics_address: String::new(),
            },
            database: DatabaseSettings {
                url: String::new(),
                namespace: "coproduce".into(),
                database: "main".into(),
                username: None,
                password: None,
            },
            limits: RateLimits {
                writes_per_client_per_minute: 30,
                writes_per_org_per_minute: 3_000,
                failed_logins: 5,
                supporters_per_address: defaults::supporters_per_address(),
                check_form_age: true,
                backends: defaults::backends(),
            },
            map: MapSettings::default(),
            secret: None,
            operator_token: None,
        }
    }
}

impl Settings {
    /// Loads the layers; `file` is optional and may be missing.
    pub fn load(file: Option<&Path>) -> Result<Self, Box<figment::Error>> {
        let mut fig = Figment::from(Serialized::defaults(Settings::default()));
        if let Some(file) = file {
            fig = fig.merge(Toml::file(file));
        }
        fig.merge(Env::prefixed("COPRODUCE_").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The database address with the default filled in.
    pub fn database_url(&self) -> String {
        if self.database.url.is_empty() {
            let dir = std::path::absolute(&self.data_dir).unwrap_or_else(|_| self.data_dir.clone());
            // Stated, not left to the engine's default: a write is acknowledged only after
            // its commit reached the disk (SurrealKV logs "Sync mode: every transaction commit").
            format!("surrealkv://{}?sync=every", dir.join("db").display())
        } else {
            self.database.url.clone()
        }
    }
}

/// Settings for a test or benchmark: in-memory database, a free port, a fresh key.
pub fn for_tests() -> Settings {
    let mut s = Settings::default();
    s.http.port = 0;
    s.database.url = "mem://".into();
    s.secret = Some(Secret::new(crate::domain::random_key(32)));
    // Tiles of one test stay with it (and out of the working directory).
    s.map.tile_dir =
        std::env::temp_dir().join(format!("coproduce-tiles-{}", crate::domain::random_key(12)));
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backend_allows_its_share_and_the_shares_cover_the_limit() {
        let mut limits = Settings::default().limits;
        assert_eq!(limits.share(30), 30);
        limits.backends = 3;
        assert_eq!(limits.share(30), 10);
        assert_eq!(limits.share(5), 2);
        limits.backends = 0;
        assert_eq!(limits.share(5), 5);
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let s = Secret::new("hunter2");
        assert!(!format!("{s:?}").contains("hunter2"));
    }

    #[test]
    fn the_default_database_is_an_embedded_file_under_the_data_dir() {
        let s = Settings::default();
        assert!(s.database_url().starts_with("surrealkv://"));
        assert!(s.database_url().ends_with("/data/db?sync=every"));
        // Where scripts/build-widgets (Trunk.toml) puts the bundle.
        assert_eq!(s.http.widget_dir, PathBuf::from("dist/widget"));
    }
}
