//! The map kind (issue 15, in progress): where a report is. Places as the widget, the no-JS
//! page and the server read them, one set of limits for all three.

pub mod geo;
