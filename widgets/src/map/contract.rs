//! The map activity's part of the wire contract: where a report stands, a report and a map as
//! citizens see them, what the server answers to a new report, and the map's error codes.

use serde::{Deserialize, Serialize};

use super::definition::{LatLon, MapDefinition};

/// Reports listed in one answer (the list beside the map, the page without JavaScript).
pub const REPORTS_PER_PAGE: usize = 50;
/// Characters of a public note staff add to a status change.
pub const NOTE_MAX: usize = 2_000;

/// Error codes of the map activity, beside the shared ones (`contract::codes`).
pub mod map_codes {
    /// One or more fields of a report are wrong (`errors` says which and why).
    pub const INVALID_REPORT: &str = "invalid_report";
    pub const TOO_MANY_PHOTOS: &str = "too_many_photos";
    /// A "me too" from someone who said so before, or who sent the report.
    pub const DUPLICATE_ME_TOO: &str = "duplicate_me_too";
    /// No geocoder is set up for this map.
    pub const NO_GEOCODER: &str = "no_geocoder";
}

/// Where a report stands; the organisation moves it and says why in public.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportStatus {
    Open,
    Acknowledged,
    InProgress,
    Fixed,
    /// Closed without a fix, with a reason.
    Closed,
    /// Not the organisation's responsibility, with a reason (and whose it is).
    NotResponsible,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 6] = [
        Self::Open,
        Self::Acknowledged,
        Self::InProgress,
        Self::Fixed,
        Self::Closed,
        Self::NotResponsible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Acknowledged => "acknowledged",
            Self::InProgress => "in_progress",
            Self::Fixed => "fixed",
            Self::Closed => "closed",
            Self::NotResponsible => "not_responsible",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Still to be dealt with: shown as "nearby open reports" before a new one is sent.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::Acknowledged | Self::InProgress)
    }

    /// A status change to it must say why.
    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Closed | Self::NotResponsible)
    }
}

/// One public update of a report: its status from then on and the organisation's note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportUpdate {
    pub status: ReportStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub at: i64,
}

/// A report as citizens see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportView {
    pub id: String,
    pub category: String,
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<LatLon>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub status: ReportStatus,
    pub me_too: u64,
    /// Addresses of its photos (those staff did not hide).
    pub photos: Vec<String>,
    pub created_at: i64,
    pub history: Vec<ReportUpdate>,
}

/// The tile server's credit and zoom, for the map the widget draws (tiles come through the
/// backend: `tiles_url` with `{z}`, `{x}`, `{y}`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TilesView {
    pub url: String,
    pub attribution: String,
    pub max_zoom: u8,
}

/// A map as citizens see it first: its set-up, the newest reports and a form token.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MapView {
    pub org: String,
    pub org_name: String,
    pub id: String,
    pub title: String,
    pub intro: String,
    pub open: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub definition: MapDefinition,
    pub tiles: TilesView,
    /// Whether typed addresses can be looked up (a geocoder is set up).
    pub geocoder: bool,
    pub report_count: u64,
    pub reports: Vec<ReportView>,
    /// The next page of reports (`?after=`), if there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    pub form_token: String,
}

/// What the server answers to a stored report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportStored {
    pub id: String,
    /// The private link to follow the report (and take it back).
    pub receipt_url: String,
}

/// A cluster of reports on the map at one zoom: how many, where their middle is, and (for a
/// small one) which.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClusterView {
    pub count: u64,
    pub at: LatLon,
    /// The reports' ids when the cluster is small enough to list them.
    pub reports: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_back_from_their_names_and_only_closing_ones_need_a_reason() {
        for s in ReportStatus::ALL {
            assert_eq!(ReportStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(ReportStatus::parse("done"), None);
        let reasoned: Vec<_> = ReportStatus::ALL
            .into_iter()
            .filter(|s| s.needs_reason())
            .collect();
        assert_eq!(
            reasoned,
            [ReportStatus::Closed, ReportStatus::NotResponsible]
        );
        assert!(ReportStatus::InProgress.is_open() && !ReportStatus::Fixed.is_open());
    }
}
