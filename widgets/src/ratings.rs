//! The ratings kind (issue 16, in progress): services an organisation lists (grouped), the
//! dimensions they are rated on, a citizen's rating and story checked against them, and the
//! summary figures every surface shows (a Bayesian average that does not let few ratings
//! look better than they are), one set of limits for widget, page and server.

pub mod contract;
pub mod definition;
#[cfg(all(feature = "csr", feature = "ratings"))]
pub(crate) mod embed;
pub mod story_form;
pub mod summary;
pub mod texts;
pub mod view;
