//! The map kind: where a report is and what a map is set up with, as
//! the widget, the no-JS page and the server read them, one set of limits for all three.

#[cfg(all(feature = "csr", feature = "map"))]
mod browser;
pub mod contract;
pub mod definition;
#[cfg(all(feature = "csr", feature = "map"))]
pub(crate) mod embed;
pub mod form;
pub mod geo;
#[cfg(all(feature = "csr", feature = "map"))]
mod js;
#[cfg(all(feature = "csr", feature = "map"))]
mod leaflet;
pub mod texts;

/// The bounds of report photos, for the widget (which shrinks photos in the browser to them
/// before it sends) and the server (which refuses beyond them and writes each photo anew).
pub mod limits {
    /// Photos a report holds at most.
    pub const PHOTOS_MAX: usize = 5;
    /// An upload's size at most: a phone's photo as it comes (the page without JavaScript
    /// cannot shrink it first).
    pub const PHOTO_BYTES_MAX: usize = 12 * 1024 * 1024;
    /// Pixels an upload may have (a 24-megapixel camera's), checked in its header before
    /// anything is decoded.
    pub const PHOTO_PIXELS_MAX: u64 = 6_000 * 4_000;
    /// The long side of a photo as kept and shown.
    pub const PHOTO_SIDE: u32 = 1_600;
    /// JPEG quality of a photo as kept.
    pub const PHOTO_QUALITY: u8 = 80;
}
