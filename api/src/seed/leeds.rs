//! Leeds (383): the Armley cluster with St Bartholomew's (seed 000's
//! school), its Team around the Cluster, and the three signposting
//! services seed 000 names: Kooth, Leeds MindMate and Leeds NHS CAMHS
//! information.

use super::reference::{DemoCluster, DemoSchool, DemoService, KOOTH};

pub const LA: &str = "383";

pub fn cluster() -> DemoCluster {
    DemoCluster {
        number: 1,
        name: "Armley Cluster".into(),
        area: "Armley",
        schools: vec![
            school(
                "St Bartholomew's C of E Primary School",
                "990201",
                "383/3301",
                "primary",
            ),
            school(
                "Armley Moor Primary School",
                "990202",
                "383/3302",
                "primary",
            ),
            school("Wortley Beck Academy", "990203", "383/4301", "secondary"),
        ],
        team: &[
            ("health", "Claire Wood", "claire.wood@leeds.example"),
            (
                "social_care",
                "Daniel Okafor",
                "daniel.okafor@leeds.example",
            ),
            ("youth_service", "Megan Shaw", "megan.shaw@leeds.example"),
            ("housing", "Peter Lund", "peter.lund@leeds.example"),
            ("third_sector", "Sam Reid", "sam.reid@leeds.example"),
        ],
    }
}

fn school(name: &str, urn: &str, dfe: &str, phase: &'static str) -> DemoSchool {
    DemoSchool {
        name: name.into(),
        urn: urn.into(),
        dfe_number: dfe.into(),
        phase,
    }
}

pub const SERVICES: &[DemoService] = &[
    KOOTH,
    (
        "Leeds MindMate",
        "Mental health information and support for young people in Leeds, their families and the people who work with them.",
        "https://www.mindmate.org.uk",
        None,
        None,
        "[\"Leeds\"]",
    ),
    (
        "Leeds NHS CAMHS information",
        "CAMHS information for parents, carers, young people and professionals.",
        "https://www.leedscommunityhealthcare.nhs.uk/camhs",
        None,
        None,
        "[\"Leeds\"]",
    ),
];
