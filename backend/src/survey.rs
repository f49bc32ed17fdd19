//! The survey activity on the server. Its core (definitions, logic, answer checks) is in the
//! widgets crate (`coproduce_widgets::survey`), shared with the standalone page and the embed.

pub mod counts;
pub mod surveyjs;
