//! Rows that nearly every request needs and staff rarely change, kept for a moment. Changes
//! made through this backend apply at once (`forget`); other backends sharing the database
//! see them once the entry expires.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Beyond this many entries, expired ones are dropped before adding more.
const SWEEP_AT: usize = 10_000;

pub struct TtlCache<V> {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, V)>>,
}

impl<V: Clone> TtlCache<V> {
    /// Entries are reused for `ttl`.
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub fn get(&self, key: &str) -> Option<V> {
        let map = self.entries.lock().ok()?;
        map.get(key)
            .filter(|(at, _)| at.elapsed() < self.ttl)
            .map(|(_, v)| v.clone())
    }

    pub fn put(&self, key: String, value: V) {
        if let Ok(mut map) = self.entries.lock() {
            if map.len() > SWEEP_AT {
                let ttl = self.ttl;
                map.retain(|_, (at, _)| at.elapsed() < ttl);
            }
            map.insert(key, (Instant::now(), value));
        }
    }

    pub fn forget(&self, key: &str) {
        if let Ok(mut map) = self.entries.lock() {
            map.remove(key);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_forgets_and_expires() {
        let ttl = Duration::from_secs(5);
        let cache = TtlCache::new(ttl);
        cache.put("a".into(), 1);
        assert_eq!(cache.get("a"), Some(1));
        cache.forget("a");
        assert_eq!(cache.get("a"), None);
        if let Ok(mut map) = cache.entries.lock() {
            map.insert("old".into(), (Instant::now() - ttl, 2));
        }
        assert_eq!(cache.get("old"), None);
    }
}
