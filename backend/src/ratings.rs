//! The ratings activity on the server (issue 16, in progress): so far, what stories add to
//! the counts and the summaries read back from them. Its core (set-up, story checks, the
//! summary's figures) is in the widgets crate (`coproduce_widgets::ratings`).

pub mod counts;
