//! A point on the earth as reports give it: latitude and longitude in millionths of a degree
//! (about 11 cm; integers, so a point stored and read back is the same point), parsed from
//! what a citizen's browser or a city's system sends, and where it lies on the Web Mercator
//! map that tiles are drawn on.

use std::f64::consts::PI;

/// Millionths of a degree in a degree.
const E6: f64 = 1_000_000.0;

/// Web Mercator ends here (north and south): a square world.
pub const MERCATOR_LAT_MAX: f64 = 85.051_128_78;

/// Map tiles are this many pixels wide at zoom `z`, the world `TILE_PX << z`.
pub const TILE_PX: f64 = 256.0;

/// The deepest zoom a map is drawn at (street level and a little closer).
pub const ZOOM_MAX: u8 = 19;

/// Why a point is refused: `field` is `lat` or `lon`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfRange {
    pub field: &'static str,
}

/// A point: latitude in [-90, 90], longitude in [-180, 180], in millionths of a degree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Point {
    lat_e6: i32,
    lon_e6: i32,
}

impl Point {
    /// Degrees as sent (a number, never NaN or infinite), rounded to a millionth.
    pub fn from_degrees(lat: f64, lon: f64) -> Result<Point, OutOfRange> {
        let check = |v: f64, max: f64, field| {
            if v.is_finite() && (-max..=max).contains(&v) {
                Ok((v * E6).round() as i32)
            } else {
                Err(OutOfRange { field })
            }
        };
        Ok(Point {
            lat_e6: check(lat, 90.0, "lat")?,
            lon_e6: check(lon, 180.0, "lon")?,
        })
    }

    /// As stored: millionths of a degree.
    pub fn from_e6(lat_e6: i32, lon_e6: i32) -> Result<Point, OutOfRange> {
        Point::from_degrees(f64::from(lat_e6) / E6, f64::from(lon_e6) / E6)
    }

    pub fn lat_e6(self) -> i32 {
        self.lat_e6
    }

    pub fn lon_e6(self) -> i32 {
        self.lon_e6
    }

    pub fn lat(self) -> f64 {
        f64::from(self.lat_e6) / E6
    }

    pub fn lon(self) -> f64 {
        f64::from(self.lon_e6) / E6
    }

    /// Where the point lies on the world map at `zoom`, in pixels from its top left corner
    /// (points beyond Web Mercator's latitudes lie on its edge).
    pub fn world_px(self, zoom: u8) -> (f64, f64) {
        let size = TILE_PX * f64::from(1u32 << zoom.min(ZOOM_MAX));
        let x = (self.lon() + 180.0) / 360.0 * size;
        let lat = self
            .lat()
            .clamp(-MERCATOR_LAT_MAX, MERCATOR_LAT_MAX)
            .to_radians();
        let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / PI) / 2.0 * size;
        (x.clamp(0.0, size), y.clamp(0.0, size))
    }
}

/// A part of the map: south-west and north-east corners. West beyond east crosses the
/// antimeridian (the Pacific's date line).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub south_west: Point,
    pub north_east: Point,
}

impl Area {
    /// The whole world.
    pub const WORLD: Area = Area {
        south_west: Point {
            lat_e6: -90_000_000,
            lon_e6: -180_000_000,
        },
        north_east: Point {
            lat_e6: 90_000_000,
            lon_e6: 180_000_000,
        },
    };

    /// The area between two corners; refused when south lies north of north.
    pub fn new(south_west: Point, north_east: Point) -> Result<Area, OutOfRange> {
        if south_west.lat_e6 > north_east.lat_e6 {
            return Err(OutOfRange { field: "lat" });
        }
        Ok(Area {
            south_west,
            north_east,
        })
    }

    pub fn contains(&self, p: Point) -> bool {
        let lat = (self.south_west.lat_e6..=self.north_east.lat_e6).contains(&p.lat_e6);
        let (west, east) = (self.south_west.lon_e6, self.north_east.lon_e6);
        let lon = if west <= east {
            (west..=east).contains(&p.lon_e6)
        } else {
            p.lon_e6 >= west || p.lon_e6 <= east
        };
        lat && lon
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn degrees_out_of_range_or_not_numbers_are_refused_by_field() {
        assert_eq!(
            Point::from_degrees(90.1, 0.0),
            Err(OutOfRange { field: "lat" })
        );
        assert_eq!(
            Point::from_degrees(0.0, -180.5),
            Err(OutOfRange { field: "lon" })
        );
        assert_eq!(
            Point::from_degrees(f64::NAN, 0.0),
            Err(OutOfRange { field: "lat" })
        );
        assert_eq!(
            Point::from_degrees(0.0, f64::INFINITY),
            Err(OutOfRange { field: "lon" })
        );
        let berlin = Point::from_degrees(52.520_008, 13.404_954).unwrap();
        assert_eq!((berlin.lat_e6(), berlin.lon_e6()), (52_520_008, 13_404_954));
    }

    #[test]
    fn the_world_map_puts_known_places_where_tiles_have_them() {
        // Null Island is the middle of the world map; Berlin is in tile 8802/5373 at zoom 14
        // (the slippy-map formula, with asinh(tan(lat)) for the logarithm).
        let (x, y) = Point::from_degrees(0.0, 0.0).unwrap().world_px(0);
        assert!((x - 128.0).abs() < 1e-9 && (y - 128.0).abs() < 1e-9);
        let (x, y) = Point::from_degrees(52.520_008, 13.404_954)
            .unwrap()
            .world_px(14);
        assert_eq!(((x / TILE_PX) as u32, (y / TILE_PX) as u32), (8802, 5373));
    }

    #[test]
    fn an_area_across_the_date_line_holds_both_sides() {
        let sw = Point::from_degrees(-20.0, 170.0).unwrap();
        let ne = Point::from_degrees(-10.0, -170.0).unwrap();
        let pacific = Area::new(sw, ne).unwrap();
        assert!(pacific.contains(Point::from_degrees(-15.0, 179.0).unwrap()));
        assert!(pacific.contains(Point::from_degrees(-15.0, -179.0).unwrap()));
        assert!(!pacific.contains(Point::from_degrees(-15.0, 0.0).unwrap()));
        assert!(Area::new(ne, sw).is_err(), "south of north is refused");
    }

    proptest! {
        #[test]
        fn a_point_read_back_from_storage_is_the_same_point(lat in -90.0f64..=90.0, lon in -180.0f64..=180.0) {
            let p = Point::from_degrees(lat, lon).unwrap();
            prop_assert_eq!(Point::from_e6(p.lat_e6(), p.lon_e6()), Ok(p));
            prop_assert!((p.lat() - lat).abs() <= 0.5e-6 && (p.lon() - lon).abs() <= 0.5e-6);
        }

        #[test]
        fn world_pixels_stay_on_the_map_and_keep_the_order_of_longitudes(
            a in -180.0f64..=180.0, b in -180.0f64..=180.0, lat in -90.0f64..=90.0, zoom in 0u8..=ZOOM_MAX
        ) {
            let (pa, pb) = (Point::from_degrees(lat, a).unwrap(), Point::from_degrees(lat, b).unwrap());
            let ((xa, ya), (xb, _)) = (pa.world_px(zoom), pb.world_px(zoom));
            let size = TILE_PX * f64::from(1u32 << zoom);
            prop_assert!((0.0..=size).contains(&xa) && (0.0..=size).contains(&ya));
            if pa.lon_e6() < pb.lon_e6() { prop_assert!(xa <= xb); }
        }
    }
}
