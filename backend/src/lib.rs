//! coproduce's backend: the JSON API, standalone pages and staff console for citizen
//! participation, on an embedded (or server) SurrealDB.

pub mod cli;
pub mod config;
pub mod domain;
pub mod http;
pub mod seed;
pub mod startup;
pub mod storage;
pub mod telemetry;
