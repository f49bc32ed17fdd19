//! The ideas activity in the browser and on the standalone page: a board on a question where
//! citizens submit ideas and support them, and the organisation answers in public.

mod board;
pub mod contract;
#[cfg(all(feature = "csr", feature = "ideas"))]
pub(crate) mod embed;
pub mod texts;

pub use board::{Action, BoardLinks, BoardProps, FormEcho, ListQuery, Notice, ideas_board};
