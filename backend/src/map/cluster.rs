//! Reports drawn as clusters. At zoom `z` the world map is cut into squares of [`CELL_PX`]
//! pixels; the reports whose points fall into one square are one cluster: how many, the mean
//! of their points, and which they are while they are few. Squares are fixed to the world,
//! not to the view, so a cluster stays put while the map pans, and one pass over the reports
//! of the view clusters them (no tree to keep up to date as reports come and go).

use std::collections::BTreeMap;

use coproduce_widgets::map::geo::{Area, Point, TILE_PX, ZOOM_MAX};

/// A cluster's side on screen, in pixels: a marker with its count fits, and neighbours do
/// not overlap.
pub const CELL_PX: f64 = 64.0;

/// A cluster lists its reports while it holds at most this many (a list beside the map, a
/// marker that opens to them); beyond, it is a count to zoom into.
pub const MEMBERS_MAX: usize = 8;

/// A report's key and point, with where the point lies on the world map (as a share of its
/// width and height: the same at every zoom, worked out once).
#[derive(Debug, Clone)]
pub struct Located<K> {
    pub key: K,
    pub at: Point,
    share: (f64, f64),
}

impl<K> Located<K> {
    pub fn new(key: K, at: Point) -> Self {
        let (x, y) = at.world_px(0);
        Located {
            key,
            at,
            share: (x / TILE_PX, y / TILE_PX),
        }
    }

    /// The square (column, row) that holds it at `zoom`.
    pub fn cell(&self, zoom: u8) -> (u32, u32) {
        let cells = cells_across(zoom);
        let at = |share: f64| ((share * f64::from(cells)) as u32).min(cells - 1);
        (at(self.share.0), at(self.share.1))
    }
}

/// Squares across the world map at `zoom`.
fn cells_across(zoom: u8) -> u32 {
    let px = TILE_PX * f64::from(1u32 << zoom.min(ZOOM_MAX));
    (px / CELL_PX).ceil() as u32
}

/// The reports of one square.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster<'a, K> {
    pub cell: (u32, u32),
    pub count: usize,
    /// The mean of its reports' points.
    pub center: Point,
    /// Its reports, while there are at most [`MEMBERS_MAX`]; otherwise empty.
    pub members: Vec<&'a K>,
}

/// The clusters of the reports within `view` at `zoom`, square by square (rows, then columns).
pub fn clusters<'a, K>(reports: &'a [Located<K>], zoom: u8, view: &Area) -> Vec<Cluster<'a, K>> {
    struct Sum<'a, K> {
        first: Point,
        count: usize,
        lat: i64,
        lon: i64,
        members: Vec<&'a K>,
    }
    let mut cells: BTreeMap<(u32, u32), Sum<'a, K>> = BTreeMap::new();
    for r in reports.iter().filter(|r| view.contains(r.at)) {
        let (col, row) = r.cell(zoom);
        let sum = cells.entry((row, col)).or_insert(Sum {
            first: r.at,
            count: 0,
            lat: 0,
            lon: 0,
            members: Vec::new(),
        });
        sum.count += 1;
        sum.lat += i64::from(r.at.lat_e6());
        sum.lon += i64::from(r.at.lon_e6());
        if sum.count <= MEMBERS_MAX {
            sum.members.push(&r.key);
        } else {
            sum.members.clear();
        }
    }
    cells
        .into_iter()
        .map(|((row, col), s)| {
            let n = s.count as i64;
            // The mean of points within range is within range (else: its first point).
            let center = Point::from_e6((s.lat / n) as i32, (s.lon / n) as i32).unwrap_or(s.first);
            Cluster {
                cell: (col, row),
                count: s.count,
                center,
                members: s.members,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
