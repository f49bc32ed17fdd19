//! The activity kinds this backend offers: the one place a new kind is added (one line here;
//! everything else is in the kind's folder, `crate::ideas` for example).

use coproduce_widgets::contract::ActivityKind;

use crate::http::kind::ActivityType;

/// What serves each kind.
pub fn of(kind: ActivityKind) -> &'static dyn ActivityType {
    match kind {
        ActivityKind::Ideas => &crate::ideas::Ideas,
        ActivityKind::Survey => &crate::survey::Survey,
        ActivityKind::Map => &crate::map::Map,
        ActivityKind::Ratings => &crate::ratings::Ratings,
    }
}

/// Every kind, in the order of `ActivityKind::ALL`.
pub fn all() -> impl Iterator<Item = &'static dyn ActivityType> {
    ActivityKind::ALL.into_iter().map(of)
}
