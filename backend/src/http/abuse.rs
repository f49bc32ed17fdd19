//! Anti-abuse without tracking: keyed hashes instead of addresses, a signed render time on
//! every form, a honeypot field and fixed-window rate limits held in memory.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use coproduce_widgets::contract::{codes, limits};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// The server key and what is derived from it.
pub struct Keys {
    secret: Vec<u8>,
}

impl Keys {
    pub fn new(secret: &str) -> Self {
        Self {
            secret: secret.as_bytes().to_vec(),
        }
    }

    /// HMAC-SHA256 of the parts (joined unambiguously), hex, 32 characters.
    pub fn mac(&self, parts: &[&str]) -> String {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.secret) else {
            return String::new();
        };
        for p in parts {
            mac.update(&(p.len() as u64).to_le_bytes());
            mac.update(p.as_bytes());
        }
        hex(&mac.finalize().into_bytes()[..16])
    }

    /// Who supports an idea, without storing who they are: same address and browser, same key.
    pub fn voter(&self, org: &str, ip: IpAddr, user_agent: &str) -> String {
        self.mac(&["voter", org, &address_group(ip), user_agent])
    }

    /// The address a support came from, keyed: the browser is chosen by the client, the
    /// address is not, so this bounds how many supporters one connection can pose as.
    pub fn supporter_address(&self, org: &str, ip: IpAddr) -> String {
        self.mac(&["supporter-address", org, &address_group(ip)])
    }

    /// The key for per-client rate limits; rotates daily so it links nothing over time.
    pub fn client(&self, ip: IpAddr) -> String {
        let day = (crate::domain::now_ms() / 86_400_000).to_string();
        self.mac(&["client", &day, &address_group(ip)])
    }

    /// A form token: the render time and its signature, bound to the board.
    pub fn form_token(&self, org: &str, board: &str, now_secs: u64) -> String {
        let ts = now_secs.to_string();
        format!("{ts}.{}", self.mac(&["form", org, board, &ts]))
    }

    /// Checks a form token's signature and age (at least `min_age_secs`, at most a day);
    /// returns an error code.
    pub fn check_form_token(
        &self,
        token: &str,
        org: &str,
        board: &str,
        now_secs: u64,
        min_age_secs: u64,
    ) -> Result<(), &'static str> {
        let (ts, sig) = token.split_once('.').ok_or(codes::FORM_EXPIRED)?;
        let rendered: u64 = ts.parse().map_err(|_| codes::FORM_EXPIRED)?;
        if !constant_eq(sig, &self.mac(&["form", org, board, ts])) {
            return Err(codes::FORM_EXPIRED);
        }
        let age = now_secs.saturating_sub(rendered);
        if rendered > now_secs + 60 || age > limits::FORM_MAX_AGE_SECS {
            return Err(codes::FORM_EXPIRED);
        }
        if age < min_age_secs {
            return Err(codes::TOO_FAST);
        }
        Ok(())
    }
}

/// One client's address: an IPv4 address, or the /64 network of an IPv6 address (one
/// household or device usually holds a whole /64 and can pick any address in it).
pub fn address_group(ip: IpAddr) -> String {
    match network_of(ip) {
        IpAddr::V6(v6) => format!("{v6}/64"),
        v4 => v4.to_string(),
    }
}

/// The address that stands for a client: an IPv4 address as it is, an IPv6 address with its
/// last 64 bits cleared (an IPv4-mapped one as IPv4).
pub fn network_of(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V4(_) => ip,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !u128::from(u64::MAX);
                IpAddr::V6(std::net::Ipv6Addr::from(bits))
            }
        },
    }
}

pub fn now_secs() -> u64 {
    (crate::domain::now_ms() / 1000).max(0) as u64
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares without an early exit, so timing does not tell how much matched.
pub fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Keys a rate limiter holds before it first sweeps out the expired ones.
const SWEEP_AT: usize = 100_000;

/// Fixed-window counters per key.
pub struct RateLimiter {
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
    /// How many keys the map holds before expired ones are swept out.
    sweep_at: AtomicUsize,
}

impl RateLimiter {
    pub fn new(window: Duration) -> Self {
        Self {
            window,
            hits: Mutex::new(HashMap::new()),
            sweep_at: AtomicUsize::new(SWEEP_AT),
        }
    }

    /// Counts a hit; false when the key has used up `limit` in the current window.
    pub fn allow(&self, key: &str, limit: u32) -> bool {
        let now = Instant::now();
        let Ok(mut hits) = self.hits.lock() else {
            return true;
        };
        if hits.len() > self.sweep_at.load(Ordering::Relaxed) {
            let window = self.window;
            hits.retain(|_, (start, _)| now.duration_since(*start) < window);
            // Keys still in their window stay; the next sweep waits until the map has doubled,
            // so a flood of live keys costs each call O(1) on average, not a sweep each.
            self.sweep_at
                .store((hits.len() * 2).max(SWEEP_AT), Ordering::Relaxed);
        }
        let entry = hits.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            return false;
        }
        entry.1 += 1;
        true
    }

    /// How many hits the key has in its current window (without counting one).
    pub fn count(&self, key: &str) -> u32 {
        let Ok(hits) = self.hits.lock() else { return 0 };
        match hits.get(key) {
            Some((start, n)) if start.elapsed() < self.window => *n,
            _ => 0,
        }
    }

    /// Takes back one hit (an attempt that turned out fine).
    pub fn refund(&self, key: &str) {
        if let Ok(mut hits) = self.hits.lock()
            && let Some(entry) = hits.get_mut(key)
        {
            entry.1 = entry.1.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_token_is_accepted_only_between_its_minimum_and_maximum_age() {
        let keys = Keys::new("k");
        let t = keys.form_token("o", "b", 1_000);
        let min = limits::FORM_MIN_AGE_SECS;
        let check = |token: &str, board: &str, now: u64, min: u64| {
            keys.check_form_token(token, "o", board, now, min)
        };
        assert_eq!(check(&t, "b", 1_000, min), Err(codes::TOO_FAST));
        assert_eq!(check(&t, "b", 1_000, 0), Ok(()));
        assert_eq!(check(&t, "b", 1_005, min), Ok(()));
        assert_eq!(check(&t, "other", 1_005, min), Err(codes::FORM_EXPIRED));
        assert_eq!(
            check(&t, "b", 1_000 + 2 * 86_400, min),
            Err(codes::FORM_EXPIRED)
        );
        assert_eq!(
            check("123.forged", "b", 1_005, min),
            Err(codes::FORM_EXPIRED)
        );
        assert_eq!(check("garbage", "b", 1_005, min), Err(codes::FORM_EXPIRED));
    }

    #[test]
    fn the_rate_limiter_stops_at_the_limit() {
        let rl = RateLimiter::new(Duration::from_secs(60));
        assert!((0..3).all(|_| rl.allow("k", 3)));
        assert!(!rl.allow("k", 3));
        assert!(rl.allow("other", 3));
    }

    #[test]
    fn ipv6_addresses_group_by_their_64_bit_network() {
        let g = |s: &str| address_group(s.parse().unwrap());
        assert_eq!(g("2001:db8:1:2::1"), g("2001:db8:1:2:ffff:1:2:3"));
        assert_ne!(g("2001:db8:1:2::1"), g("2001:db8:1:3::1"));
        assert_eq!(g("::ffff:203.0.113.9"), "203.0.113.9");
        assert_eq!(g("2001:db8:1:2::1"), "2001:db8:1:2::/64");
        assert_ne!(g("203.0.113.9"), g("203.0.113.10"));
    }

    #[test]
    fn voter_keys_differ_by_browser_and_never_contain_the_address() {
        let keys = Keys::new("k");
        let ip: IpAddr = "203.0.113.9".parse().unwrap();
        let a = keys.voter("o", ip, "Firefox");
        assert_ne!(a, keys.voter("o", ip, "Chromium"));
        assert!(!a.contains("203"));
        assert_eq!(a.len(), 32);
    }
}
