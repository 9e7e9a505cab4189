//! The levels of need a funding formula may price: each one a count the
//! service can make from what it holds about the children of a cluster's
//! schools, as at a census date. A level the service cannot count is not
//! a level a formula may name.

use serde::{Deserialize, Serialize};

/// A level of need a cluster's children are counted at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum NeedLevel {
    /// On SEN support (the child's SEN status `sen_support`: the school
    /// census's K).
    SenSupport,
    /// With an EHC plan (SEN status `ehc_plan`: the census's E). A child
    /// is at one of these two levels at most.
    Ehcp,
    /// Whose case was at the stage `receiving_cluster_support` on the
    /// census date, by the stage changes on its timeline. Counted whatever
    /// the child's SEN status, so a child may be counted here and at one
    /// of the levels above.
    ReceivingClusterSupport,
}

crate::reference::stored_as_text!(NeedLevel {
    SenSupport => "sen_support",
    Ehcp => "ehcp",
    ReceivingClusterSupport => "receiving_cluster_support",
});

impl NeedLevel {
    /// Whether a child of this level is "in need" for the equity figures:
    /// the school census's levels of SEN, counted once each.
    pub fn is_sen(self) -> bool {
        matches!(self, NeedLevel::SenSupport | NeedLevel::Ehcp)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_are_the_json_names() {
        for l in NeedLevel::ALL {
            assert_eq!(serde_json::to_value(l).expect("json"), l.as_str());
            assert_eq!(NeedLevel::parse(l.as_str()), Some(*l));
        }
        assert_eq!(NeedLevel::parse("EHCP"), None);
    }
}
