//! Standalone pages: the widgets rendered on the server, plain forms, no JavaScript. The shell
//! every page shares lives here; each kind renders its own page (`ideas::page`), and receipts
//! go through `http::activities`.

pub mod open_data;
pub mod org;
pub mod shell;
