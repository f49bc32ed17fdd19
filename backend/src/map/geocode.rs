//! Typed addresses looked up for a point, when the organisation names a geocoder (any server
//! that answers as Nominatim's `/search` does). The backend asks it, so no citizen's typed
//! address reaches a third party from their browser, and keeps the answers a day (a bounded
//! number of them: typed queries are input). Without a geocoder, or when it fails, an address
//! is stored as typed and the report goes on.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use coproduce_widgets::i18n::Lang;
use coproduce_widgets::map::definition::limits::ADDRESS_MAX;
use coproduce_widgets::map::geo::{Area, Point};
use serde::Deserialize;

/// Places a search answers with at most.
pub const FOUND_MAX: usize = 5;
/// Characters of a found place's name kept.
const LABEL_MAX: usize = 300;
const KEEP: Duration = Duration::from_secs(24 * 3600);
/// An answer's size at most (five places are a few KB).
const ANSWER_BYTES_MAX: usize = 256 * 1024;

/// A place a search found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub at: Point,
    pub label: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeocodeError {
    /// Nothing to look up, or more than an address.
    InvalidQuery,
    /// The geocoder did not answer as one does.
    Unavailable,
}

impl GeocodeError {
    pub fn code(self) -> &'static str {
        match self {
            GeocodeError::InvalidQuery => "invalid",
            GeocodeError::Unavailable => "geocoder_unavailable",
        }
    }
}

/// Answers kept: at most `capacity`, the oldest dropped first.
struct Kept {
    capacity: usize,
    answers: HashMap<String, (Instant, Vec<Found>)>,
    order: VecDeque<String>,
}

pub struct Geocoder {
    client: reqwest::Client,
    /// The server's address, e.g. `https://nominatim.example.org`.
    base: String,
    kept: Mutex<Kept>,
}

#[derive(Deserialize)]
struct Place {
    lat: String,
    lon: String,
    #[serde(default)]
    display_name: String,
}

impl Geocoder {
    /// A geocoder at `base`, asked as `user_agent`, keeping at most `capacity` answers.
    pub fn new(base: &str, user_agent: &str, capacity: usize) -> anyhow::Result<Geocoder> {
        let client = reqwest::Client::builder()
            .user_agent(user_agent)
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(8))
            .build()?;
        Ok(Geocoder {
            client,
            base: base.trim_end_matches('/').to_string(),
            kept: Mutex::new(Kept {
                capacity: capacity.max(1),
                answers: HashMap::new(),
                order: VecDeque::new(),
            }),
        })
    }

    /// The places `query` names, within `area` when the map has one, named in `lang`.
    pub async fn search(
        &self,
        query: &str,
        lang: Lang,
        area: Option<Area>,
    ) -> Result<Vec<Found>, GeocodeError> {
        let query = query.split_whitespace().collect::<Vec<_>>().join(" ");
        if query.is_empty() || query.chars().count() > ADDRESS_MAX {
            return Err(GeocodeError::InvalidQuery);
        }
        let viewbox = area.map(|a| {
            let (sw, ne) = (a.south_west, a.north_east);
            format!("{},{},{},{}", sw.lon(), ne.lat(), ne.lon(), sw.lat())
        });
        let key = format!(
            "{}|{}|{}",
            lang.code(),
            viewbox.as_deref().unwrap_or(""),
            query.to_lowercase()
        );
        if let Some(found) = self.kept(&key) {
            return Ok(found);
        }
        let mut params = vec![
            ("q", query.clone()),
            ("format", "jsonv2".to_string()),
            ("limit", FOUND_MAX.to_string()),
            ("accept-language", lang.code().to_string()),
        ];
        if let Some(v) = viewbox {
            params.push(("viewbox", v));
            params.push(("bounded", "1".into()));
        }
        let res = self
            .client
            .get(format!("{}/search", self.base))
            .query(&params)
            .send()
            .await
            .map_err(|e| {
                tracing::warn!(error = %e, "geocoder unreachable");
                GeocodeError::Unavailable
            })?;
        if !res.status().is_success() {
            tracing::warn!(status = %res.status(), "geocoder refused");
            return Err(GeocodeError::Unavailable);
        }
        // Read as bytes: reqwest's `json` is not among the features the tree already builds.
        let body = super::fetched::body_within(res, ANSWER_BYTES_MAX)
            .await
            .ok_or(GeocodeError::Unavailable)?;
        let places: Vec<Place> =
            serde_json::from_slice(&body).map_err(|_| GeocodeError::Unavailable)?;
        let found: Vec<Found> = places
            .into_iter()
            .filter_map(|p| {
                let at = Point::from_degrees(p.lat.parse().ok()?, p.lon.parse().ok()?).ok()?;
                let label = p.display_name.chars().take(LABEL_MAX).collect();
                Some(Found { at, label })
            })
            .filter(|f| area.is_none_or(|a| a.contains(f.at)))
            .take(FOUND_MAX)
            .collect();
        self.keep(key, found.clone());
        Ok(found)
    }

    fn kept(&self, key: &str) -> Option<Vec<Found>> {
        let kept = self.kept.lock().ok()?;
        kept.answers
            .get(key)
            .filter(|(at, _)| at.elapsed() < KEEP)
            .map(|(_, f)| f.clone())
    }

    fn keep(&self, key: String, found: Vec<Found>) {
        let Ok(mut kept) = self.kept.lock() else {
            return;
        };
        if kept
            .answers
            .insert(key.clone(), (Instant::now(), found))
            .is_none()
        {
            kept.order.push_back(key);
        }
        while kept.answers.len() > kept.capacity {
            match kept.order.pop_front() {
                Some(oldest) => {
                    kept.answers.remove(&oldest);
                }
                None => break,
            }
        }
    }

    /// Answers kept now.
    pub fn kept_len(&self) -> usize {
        self.kept.lock().map_or(0, |k| k.answers.len())
    }
}

#[cfg(test)]
mod tests;
