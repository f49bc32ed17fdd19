//! The map kind on the server (issue 15, in progress): so far, how reports are drawn as
//! clusters.

pub mod cluster;
