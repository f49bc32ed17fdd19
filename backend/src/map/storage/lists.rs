//! Reading reports for the list and the map: a page of the newest, narrowed by category,
//! status and area, through the index of negated times read forwards; and the points of a
//! view, a deep one through the zoom-14 tiles it covers (an exact index range a tile).

use coproduce_widgets::map::contract::ReportStatus;
use coproduce_widgets::map::geo::{Area, Point};
use serde::Deserialize;

use super::ReportRow;
use crate::domain::OrgId;
use crate::storage::{Cursor, StorageError, Store, rows};
use crate::vars;

/// The zoom of the tiles reports are found by in deep views.
pub const CELL_ZOOM: u8 = 14;

/// The zoom-14 tile (as one number) that holds `p`.
pub fn cell14(p: Point) -> i64 {
    let (x, y) = p.world_px(CELL_ZOOM);
    let tiles = 1i64 << CELL_ZOOM;
    let at = |v: f64| ((v / coproduce_widgets::map::geo::TILE_PX) as i64).clamp(0, tiles - 1);
    at(x) * tiles + at(y)
}

/// The zoom-14 tiles `area` covers, unless they are more than `max` (then `None`: read by a
/// scan instead).
pub fn cells14(area: &Area, max: usize) -> Option<Vec<i64>> {
    let tiles = 1i64 << CELL_ZOOM;
    let sw = cell14(area.south_west);
    let ne = cell14(area.north_east);
    let (x0, y1, x1, y0) = (sw / tiles, sw % tiles, ne / tiles, ne % tiles);
    let xs: Vec<i64> = if x0 <= x1 {
        (x0..=x1).collect()
    } else {
        (x0..tiles).chain(0..=x1).collect()
    };
    let rows = (y0.min(y1)..=y0.max(y1)).count();
    if xs.len().saturating_mul(rows) > max {
        return None;
    }
    Some(
        xs.iter()
            .flat_map(|x| (y0.min(y1)..=y0.max(y1)).map(move |y| x * tiles + y))
            .collect(),
    )
}

/// Zoom-14 tiles a view may cover to be read through them (a large screen at zoom 14).
pub const CELLS_MAX: usize = 64;

/// Which public reports a list shows, newest first.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ReportFilter {
    pub category: Option<String>,
    pub status: Option<ReportStatus>,
    /// Only those with a point inside.
    pub area: Option<Area>,
    /// Staff's view: pending and hidden reports too (never withdrawn or merged ones).
    pub staff: bool,
    /// Only those without a public update yet.
    pub unanswered: bool,
}

impl Store {
    /// A page of the map's public reports (staff's: all but withdrawn and merged ones), newest
    /// first, from `after` (read forwards through
    /// the negated creation time, `rank_new`); and where the next page starts, if there is one.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn public_reports(
        &self,
        org: &OrgId,
        map: &str,
        filter: &ReportFilter,
        after: Option<Cursor>,
        limit: usize,
    ) -> Result<(Vec<ReportRow>, Option<Cursor>), StorageError> {
        let mut conditions = vec![
            "org = $org",
            "map = $map",
            if filter.staff {
                "visibility IN ['public', 'pending', 'hidden']"
            } else {
                "visibility = 'public'"
            },
        ];
        if filter.unanswered {
            conditions.push("!first_answer_at");
        }
        if filter.category.is_some() {
            conditions.push("category = $category");
        }
        if filter.status.is_some() {
            conditions.push("status = $status");
        }
        if after.is_some() {
            conditions.push("rank_new >= $at");
        }
        let (s, n, w, e) = filter.area.map_or((0, 0, 0, 0), |a| {
            (
                a.south_west.lat_e6(),
                a.north_east.lat_e6(),
                a.south_west.lon_e6(),
                a.north_east.lon_e6(),
            )
        });
        if filter.area.is_some() {
            conditions.push("lat_e6 >= $s AND lat_e6 <= $n");
            conditions.push(if w <= e {
                "lon_e6 >= $w AND lon_e6 <= $e"
            } else {
                "(lon_e6 >= $w OR lon_e6 <= $e)"
            });
        }
        let sql = format!(
            "SELECT * OMIT id FROM map_report WHERE {} ORDER BY rank_new LIMIT $limit START $skip",
            conditions.join(" AND ")
        );
        let Cursor { at, skip } = after.unwrap_or(Cursor { at: 0, skip: 0 });
        let mut res = self
            .db
            .query(sql)
            .bind(vars!(
                "org" => org.as_str(), "map" => map, "category" => filter.category,
                "status" => filter.status, "at" => at, "skip" => skip, "limit" => limit + 1,
                "s" => s, "n" => n, "w" => w, "e" => e
            ))
            .await?;
        let mut found: Vec<ReportRow> = rows(&mut res, 0)?;
        let more = found.len() > limit;
        found.truncate(limit);
        let ranks: Vec<i64> = found.iter().map(|r| -r.created_at).collect();
        let next = if more {
            Cursor::after(after, &ranks)
        } else {
            None
        };
        Ok((found, next))
    }

    /// Every public report with a point inside `area` (the clusters' input): key and point. A
    /// view of at most [`CELLS_MAX`] zoom-14 tiles is read through them.
    #[tracing::instrument(skip_all, fields(org = %org))]
    pub async fn located_reports(
        &self,
        org: &OrgId,
        map: &str,
        filter: &ReportFilter,
    ) -> Result<Vec<(String, Point)>, StorageError> {
        #[derive(Deserialize)]
        struct Located {
            key: String,
            lat_e6: i32,
            lon_e6: i32,
        }
        let area = filter.area.unwrap_or(Area::WORLD);
        let cells = filter.area.as_ref().and_then(|a| cells14(a, CELLS_MAX));
        let (w, e) = (area.south_west.lon_e6(), area.north_east.lon_e6());
        let lon = if w <= e {
            "lon_e6 >= $w AND lon_e6 <= $e"
        } else {
            "(lon_e6 >= $w OR lon_e6 <= $e)"
        };
        let mut conditions = vec![
            "lat_e6 >= $s AND lat_e6 <= $n",
            lon,
            "visibility = 'public'",
        ];
        if filter.category.is_some() {
            conditions.push("category = $category");
        }
        if filter.status.is_some() {
            conditions.push("status = $status");
        }
        let rest = conditions.join(" AND ");
        // A deep view: one statement a tile, each an exact range of the tiles' index (an
        // `IN` reads every entry of the map's index and filters them).
        let statements = match &cells {
            Some(cells) => (0..cells.len())
                .map(|i| format!("SELECT key, lat_e6, lon_e6 FROM map_report WHERE org = $org AND map = $map AND cell14 = $c{i} AND {rest};"))
                .collect::<String>(),
            None => format!("SELECT key, lat_e6, lon_e6 FROM map_report WHERE org = $org AND map = $map AND {rest};"),
        };
        let mut bound = vars!(
            "org" => org.as_str(), "map" => map, "category" => filter.category,
            "status" => filter.status, "s" => area.south_west.lat_e6(),
            "n" => area.north_east.lat_e6(), "w" => w, "e" => e
        );
        for (i, c) in cells.iter().flatten().enumerate() {
            bound[format!("c{i}")] = serde_json::json!(c);
        }
        let mut res = self.db.query(statements).bind(bound).await?;
        let mut found: Vec<Located> = Vec::new();
        for i in 0..cells.as_ref().map_or(1, Vec::len) {
            found.extend(rows::<Located>(&mut res, i)?);
        }
        Ok(found
            .into_iter()
            .filter_map(|l| Some((l.key, Point::from_e6(l.lat_e6, l.lon_e6).ok()?)))
            .collect())
    }
}
