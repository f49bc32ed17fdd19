//! coproduce's backend: the JSON API, standalone pages and staff console for citizen
//! participation, on an embedded (or server) SurrealDB.

/// A submission allocates a lot (HTTP, JSON, SurrealDB values): glibc's malloc and free took
/// 15 % of the server's CPU under load (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod activities;
pub mod admin;
pub mod cli;
pub mod config;
pub mod domain;
pub mod http;
pub mod ideas;
pub mod map;
pub mod metrics;
pub mod operator;
pub mod ratings;
pub mod seed;
pub mod serve;
pub mod startup;
pub mod storage;
pub mod survey;
pub mod telemetry;
