//! Which children each cluster's story has, and how far each one's goes:
//! in three clusters of Kirklees (14, seed 004's, and 3 and 9) and in
//! Leeds's Armley cluster, every stage of the pathway.

use super::children::Story;

/// Which children each cluster's story has: (cluster number, (index of
/// the school in the cluster, story) each).
pub type Cast = &'static [(i32, &'static [(usize, Story)])];

pub const KIRKLEES: Cast = &[
    (
        14,
        &[
            (0, Story::Scheduled),
            (0, Story::Complete),
            (1, Story::Concern),
            (1, Story::Planned),
            (2, Story::Supported),
            (2, Story::Waitlisted),
            (3, Story::Camhs),
            (3, Story::Submitted),
            (4, Story::Scheduled),
            (4, Story::Supported),
            (5, Story::Advised),
            (5, Story::Concern),
            (6, Story::Complete),
            (6, Story::Closed),
            (7, Story::Supported),
            (7, Story::Planned),
            (8, Story::Scheduled),
            (8, Story::Camhs),
            (9, Story::Waitlisted),
            (9, Story::Supported),
            (10, Story::OnHold),
            (10, Story::Concern),
        ],
    ),
    (
        3,
        &[
            (0, Story::Supported),
            (0, Story::Scheduled),
            (1, Story::Concern),
            (1, Story::Waitlisted),
            (2, Story::Complete),
            (2, Story::Planned),
            (0, Story::Submitted),
            (2, Story::Closed),
        ],
    ),
    (
        9,
        &[
            (0, Story::Advised),
            (0, Story::Planned),
            (1, Story::Supported),
            (1, Story::Scheduled),
            (2, Story::Camhs),
            (2, Story::Concern),
            (2, Story::Waitlisted),
        ],
    ),
];

pub const LEEDS: Cast = &[(
    1,
    &[
        (0, Story::Scheduled),
        (0, Story::Supported),
        (1, Story::Waitlisted),
        (1, Story::Concern),
        (2, Story::Complete),
        (2, Story::Planned),
        (0, Story::Advised),
    ],
)];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed::children::nth;
    use crate::seed::{kirklees, leeds};
    use std::collections::HashSet;

    #[test]
    fn every_child_of_the_demo_has_a_school_and_a_upn_of_their_own() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let mut upns = HashSet::new();
        for (clusters, cast) in [
            (kirklees::clusters(), KIRKLEES),
            (vec![leeds::cluster()], LEEDS),
        ] {
            let mut n = 0;
            for (number, pupils) in cast {
                let cluster = clusters.iter().find(|c| c.number == *number).unwrap();
                for (school, story) in *pupils {
                    let s = &cluster.schools[*school];
                    let child = nth(n, &s.dfe_number, s.phase, *story, today).unwrap();
                    assert!(upns.insert(child.upn.to_string()), "{n}");
                    let (raised, agreed, reviewed) = story.dates(today);
                    assert!(raised < agreed && agreed <= reviewed && reviewed <= today);
                    n += 1;
                }
            }
        }
        assert_eq!(upns.len(), 44);
    }

    #[test]
    fn every_story_is_told() {
        let told: HashSet<_> = KIRKLEES
            .iter()
            .chain(LEEDS)
            .flat_map(|(_, pupils)| pupils.iter().map(|(_, s)| format!("{s:?}")))
            .collect();
        assert_eq!(told.len(), 11, "{told:?}");
    }
}
