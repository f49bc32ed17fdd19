//! The map kind on the server (issue 15, in progress): so far, how reports are drawn as
//! clusters, what is kept of their photos, map tiles and address lookups without tracking.

pub mod cluster;
mod fetched;
pub mod geocode;
pub mod photo;
pub mod tiles;
