//! The ideas activity: a board on a question where citizens submit and support ideas and the
//! organisation answers them.

pub mod counts;
