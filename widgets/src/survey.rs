//! The survey activity's core, shared by the server, the standalone page and the embed: what
//! a survey is (`definition`), its skip and display logic (`logic`: checked when saved, applied
//! to answers), answers (`response`) and their check (`answers`). One implementation, so the three cannot
//! disagree about which page comes next or what is a valid answer.

pub mod answers;
pub mod contract;
pub mod definition;
#[cfg(all(feature = "csr", feature = "survey"))]
pub mod embed;
pub mod form;
#[cfg(all(feature = "csr", any(feature = "survey", feature = "map")))]
mod js;
pub mod logic;
pub mod response;
pub mod texts;
pub mod view;

#[cfg(test)]
mod tests;
