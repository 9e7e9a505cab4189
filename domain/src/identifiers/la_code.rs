use super::{IdentifierError, string_identifier};

/// The DfE's three-digit local authority codes for England, from the
/// "new local authority codes" list of January 2011, plus the codes made
/// since: North and West Northamptonshire (940, 941, 2021), Cumberland and
/// Westmorland and Furness (942, 943, 2023). Sorted, for binary search.
const KNOWN: &[u16] = &[
    201, 202, 203, 204, 205, 206, 207, 208, 209, 210, 211, 212, 213, 301, 302, 303, 304, 305, 306,
    307, 308, 309, 310, 311, 312, 313, 314, 315, 316, 317, 318, 319, 320, 330, 331, 332, 333, 334,
    335, 336, 340, 341, 342, 343, 344, 350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371,
    372, 373, 380, 381, 382, 383, 384, 390, 391, 392, 393, 394, 420, 800, 801, 802, 803, 805, 806,
    807, 808, 810, 811, 812, 813, 815, 816, 821, 822, 823, 825, 826, 830, 831, 835, 836, 837, 840,
    841, 845, 846, 850, 851, 852, 855, 856, 857, 860, 861, 865, 866, 867, 868, 869, 870, 871, 872,
    873, 874, 876, 877, 878, 879, 880, 881, 882, 883, 884, 885, 886, 887, 888, 889, 890, 891, 892,
    893, 894, 895, 896, 908, 909, 916, 919, 921, 925, 926, 928, 929, 931, 933, 935, 936, 937, 938,
    940, 941, 942, 943,
];

/// A local authority's three-digit DfE code (Kirklees is `382`, Leeds `383`).
/// The tenant key: every record of a child belongs to exactly one.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LaCode(String);

string_identifier!(LaCode);

impl LaCode {
    pub fn parse(raw: &str) -> Result<Self, IdentifierError> {
        let raw = raw.trim();
        if raw.len() != 3 {
            return Err(IdentifierError::Length);
        }
        if !raw.bytes().all(|b| b.is_ascii_digit()) {
            return Err(IdentifierError::Format);
        }
        let number: u16 = raw.parse().map_err(|_| IdentifierError::Format)?;
        if KNOWN.binary_search(&number).is_err() {
            return Err(IdentifierError::UnknownLocalAuthority);
        }
        Ok(Self(raw.to_owned()))
    }

    /// The known codes as a regex alternation (`201|202|…`), for patterns
    /// of identifiers that hold one.
    pub fn alternation() -> String {
        KNOWN
            .iter()
            .map(u16::to_string)
            .collect::<Vec<_>>()
            .join("|")
    }

    /// For a code already checked by a caller in this module tree.
    pub(super) fn from_checked(code: &str) -> Self {
        Self(code.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_are_sorted_for_binary_search() {
        assert!(KNOWN.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn kirklees_and_leeds_are_known() {
        assert_eq!(
            LaCode::parse("382").map(|c| c.to_string()),
            Ok("382".into())
        );
        assert!(LaCode::parse("383").is_ok());
    }

    #[test]
    fn rejects_unknown_short_and_non_numeric_codes() {
        assert_eq!(
            LaCode::parse("000"),
            Err(IdentifierError::UnknownLocalAuthority)
        );
        assert_eq!(LaCode::parse("38"), Err(IdentifierError::Length));
        assert_eq!(LaCode::parse("38a"), Err(IdentifierError::Format));
    }
}
