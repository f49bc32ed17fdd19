//! The map kind on the server (issue 15, in progress): so far, how reports are drawn as
//! clusters and what is kept of their photos.

pub mod cluster;
pub mod photo;
