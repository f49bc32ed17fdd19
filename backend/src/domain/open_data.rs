//! Open data: the licences an organisation can choose, and a public contribution in the shape
//! every kind shares (`http::pages::open_data` writes the files; each kind says what of it is
//! public).

use serde::Serialize;

/// The licences an organisation can put its open data under.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Licence {
    #[default]
    CcBy4,
    CcBySa4,
    Cc0,
    Odbl,
}

impl Licence {
    pub const ALL: [Licence; 4] = [Self::CcBy4, Self::CcBySa4, Self::Cc0, Self::Odbl];

    /// Its SPDX identifier, as stored and written into the files.
    pub fn id(self) -> &'static str {
        match self {
            Self::CcBy4 => "CC-BY-4.0",
            Self::CcBySa4 => "CC-BY-SA-4.0",
            Self::Cc0 => "CC0-1.0",
            Self::Odbl => "ODbL-1.0",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::CcBy4 => "Creative Commons Attribution 4.0 (CC BY 4.0)",
            Self::CcBySa4 => "Creative Commons Attribution-ShareAlike 4.0 (CC BY-SA 4.0)",
            Self::Cc0 => "Creative Commons Zero 1.0 (CC0, public domain)",
            Self::Odbl => "Open Database License 1.0 (ODbL)",
        }
    }

    pub fn url(self) -> &'static str {
        match self {
            Self::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
            Self::CcBySa4 => "https://creativecommons.org/licenses/by-sa/4.0/",
            Self::Cc0 => "https://creativecommons.org/publicdomain/zero/1.0/",
            Self::Odbl => "https://opendatacommons.org/licenses/odbl/1-0/",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.id() == raw)
    }

    /// The organisation's choice (its stored id; CC BY 4.0 until it chose).
    pub fn chosen(id: Option<&str>) -> Self {
        id.and_then(Self::parse).unwrap_or_default()
    }

    pub fn json(self) -> serde_json::Value {
        serde_json::json!({ "id": self.id(), "name": self.name(), "url": self.url() })
    }
}

/// One public contribution in the shape every kind shares in the open data: what a column
/// means differs a little by kind (documented in the README's "Open data").
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct OpenRecord {
    pub id: String,
    /// `YYYY-MM-DD` it came in.
    pub created: String,
    /// An idea's title, a report's category, a story's service.
    pub title: String,
    /// An idea's description, a report's, a story.
    pub text: String,
    /// Where it stands (an idea's or a report's status).
    pub status: String,
    /// The organisation's public answers, oldest first.
    pub answers: Vec<String>,
    /// Supports of an idea, "me too"s of a report, "helpful"s of a story.
    pub count: i64,
    /// A story's overall rating (1–5).
    pub rating: Option<u8>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub address: Option<String>,
    /// The change made or planned because of it.
    pub change: Option<String>,
}

/// A page of an activity's open records and where the next page starts.
pub type OpenPage = (Vec<OpenRecord>, Option<String>);
