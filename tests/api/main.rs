//! Black-box API tests: one binary, each test with its own server on a random port and a fresh
//! in-memory SurrealDB. `TEST_LOG=1` shows the server's logs.

// A panic in a test is a failed test.
#![allow(clippy::unwrap_used)]

mod health;
mod helpers;

mod activities;
mod backup;
mod cli;
mod connections;
mod console;
mod console_access;
mod console_pages;
mod crash;
mod cross_site;
mod hardening;
mod ideas;
mod injection;
mod login_throttle;
mod map_helpers;
mod map_page;
mod maps;
mod open311;
mod operator_console;
mod org_page;
mod outage;
mod pages;
mod paging;
mod process;
mod proxies;
mod ratings;
mod ratings_readers;
mod server;
mod shutdown;
mod staff;
mod supports;
mod survey_page;
mod surveys;
mod surveys_console;
mod tenancy;
mod upgrade;
mod validation;
