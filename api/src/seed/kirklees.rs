//! Kirklees (382): its 17 clusters of mainstream schools (seed 004).
//! Cluster 14 is seed 004's, with its eleven member schools and a Team
//! around the Cluster; the other sixteen are named after the district's
//! areas, each with a few schools whose names and URNs are made up.

use super::reference::{DemoCluster, DemoSchool, DemoService, KOOTH};

pub const LA: &str = "382";

/// Cluster 14's schools (seed 004): (name, URN, DfE number, phase).
const CLUSTER_14: &[(&str, &str, &str, &str)] = &[
    ("Birkby Junior School", "990101", "382/2101", "junior"),
    (
        "Birkby Infant and Nursery School",
        "990102",
        "382/2102",
        "infant",
    ),
    ("Christchurch Academy", "990103", "382/2103", "primary"),
    (
        "St Thomas CE Primary School",
        "990104",
        "382/2104",
        "primary",
    ),
    ("Ashbrow School", "990105", "382/2105", "primary"),
    (
        "St Patricks Catholic Primary Academy",
        "990106",
        "382/2106",
        "primary",
    ),
    (
        "Our Lady of Lourdes Catholic Primary Academy",
        "990107",
        "382/2107",
        "primary",
    ),
    (
        "Fixby Junior and Infant School",
        "990108",
        "382/2108",
        "primary",
    ),
    ("Brambles Primary Academy", "990109", "382/2109", "primary"),
    (
        "North Huddersfield Trust School",
        "990110",
        "382/4101",
        "secondary",
    ),
    (
        "All Saints Catholic College",
        "990111",
        "382/4102",
        "secondary",
    ),
];

/// A cluster other than 14: (number, area, schools as (name, phase)).
type Other = (i32, &'static str, &'static [(&'static str, &'static str)]);

/// The other clusters. Their URNs are 97NNSS and their DfE numbers
/// 382/6NNS (cluster NN, school S).
const OTHERS: &[Other] = &[
    (
        1,
        "Batley",
        &[
            ("Batley Field Hill Primary School", "primary"),
            ("Upper Batley Junior and Infant School", "primary"),
            ("Batley Brookside Academy", "secondary"),
        ],
    ),
    (
        2,
        "Birstall and Birkenshaw",
        &[
            ("Birstall Oakwell Primary School", "primary"),
            ("Birkenshaw Hollins Primary School", "primary"),
        ],
    ),
    (
        3,
        "Cleckheaton",
        &[
            ("Cleckheaton Whitcliffe Primary School", "primary"),
            ("Scholes Moorbottom Junior and Infant School", "primary"),
            ("Cleckheaton Spenborough High School", "secondary"),
        ],
    ),
    (
        4,
        "Heckmondwike",
        &[
            ("Heckmondwike Flush Primary School", "primary"),
            ("Heckmondwike Green Lane Infant School", "infant"),
            ("Heckmondwike Junior School", "junior"),
        ],
    ),
    (
        5,
        "Liversedge",
        &[
            ("Liversedge Roberttown Primary School", "primary"),
            ("Littletown Junior and Infant School", "primary"),
        ],
    ),
    (
        6,
        "Mirfield",
        &[
            ("Mirfield Crossley Primary School", "primary"),
            ("Mirfield Hopton Primary School", "primary"),
            ("Mirfield Castle Hall Academy", "secondary"),
        ],
    ),
    (
        7,
        "Dewsbury East",
        &[
            ("Dewsbury Ravensthorpe Junior School", "junior"),
            ("Dewsbury Ravensthorpe Infant School", "infant"),
            ("Thornhill Lees Primary School", "primary"),
            ("Dewsbury Earlsheaton High School", "secondary"),
        ],
    ),
    (
        8,
        "Dewsbury West",
        &[
            ("Dewsbury Westtown Primary School", "primary"),
            ("Savile Town Primary Academy", "primary"),
        ],
    ),
    (
        9,
        "Thornhill",
        &[
            ("Thornhill Edge Junior and Infant School", "primary"),
            ("Overthorpe Primary School", "primary"),
            ("Thornhill Community Academy", "secondary"),
        ],
    ),
    (
        10,
        "Holme Valley",
        &[
            ("Holmfirth Underbank Primary School", "primary"),
            ("Honley Moorside Junior and Infant School", "primary"),
            ("Holme Valley High School", "secondary"),
        ],
    ),
    (
        11,
        "Colne Valley",
        &[
            ("Slaithwaite Hill Top Primary School", "primary"),
            ("Marsden Clough Junior and Infant School", "primary"),
        ],
    ),
    (
        12,
        "Denby Dale",
        &[
            ("Denby Dale Scissett Primary School", "primary"),
            ("Skelmanthorpe Moor Lane Primary School", "primary"),
        ],
    ),
    (
        13,
        "Kirkburton",
        &[
            ("Kirkburton Shelley Bank Primary School", "primary"),
            ("Highburton Junior and Infant School", "primary"),
            ("Kirkburton Middle School", "junior"),
        ],
    ),
    (
        15,
        "Huddersfield South",
        &[
            ("Lockwood Newsome Primary School", "primary"),
            ("Berry Brow Infant School", "infant"),
            ("Netherton Junior School", "junior"),
        ],
    ),
    (
        16,
        "Huddersfield Central",
        &[
            ("Lindley Wellfield Primary School", "primary"),
            ("Paddock Hilltop Primary School", "primary"),
            ("Huddersfield Greenhead Academy", "secondary"),
        ],
    ),
    (
        17,
        "Almondbury",
        &[
            ("Almondbury Castle Hill Primary School", "primary"),
            ("Lepton Fenay Junior and Infant School", "primary"),
        ],
    ),
];

/// Cluster 14's Team around the Cluster.
const TEAM_14: &[(&str, &str, &str)] = &[
    (
        "educational_psychology",
        "Dr Asha Patel",
        "asha.patel@kirklees.example",
    ),
    (
        "specialist_teacher",
        "Tom Hirst",
        "tom.hirst@kirklees.example",
    ),
    (
        "early_support",
        "Joanne Firth",
        "joanne.firth@kirklees.example",
    ),
    (
        "ehcp_team",
        "Imran Hussain",
        "imran.hussain@kirklees.example",
    ),
];

/// Cluster 3's and Cluster 9's, smaller.
const TEAM_3: &[(&str, &str, &str)] = &[
    (
        "educational_psychology",
        "Dr Helen Brook",
        "helen.brook@kirklees.example",
    ),
    (
        "early_support",
        "Gary Lister",
        "gary.lister@kirklees.example",
    ),
];
const TEAM_9: &[(&str, &str, &str)] = &[
    (
        "specialist_teacher",
        "Nadia Akhtar",
        "nadia.akhtar@kirklees.example",
    ),
    (
        "early_support",
        "Ruth Marsden",
        "ruth.marsden@kirklees.example",
    ),
];

/// The seventeen, in number order.
pub fn clusters() -> Vec<DemoCluster> {
    let mut out: Vec<DemoCluster> = OTHERS
        .iter()
        .map(|(number, area, schools)| DemoCluster {
            number: *number,
            name: format!("Cluster {number}"),
            area,
            schools: schools
                .iter()
                .zip(1..)
                .map(|((name, phase), i)| DemoSchool {
                    name: (*name).into(),
                    urn: format!("97{number:02}{i:02}"),
                    dfe_number: format!("382/6{number:02}{i}"),
                    phase,
                })
                .collect(),
            team: match number {
                3 => TEAM_3,
                9 => TEAM_9,
                _ => &[],
            },
        })
        .collect();
    out.push(DemoCluster {
        number: 14,
        name: "Cluster 14".into(),
        area: "Huddersfield North",
        schools: CLUSTER_14
            .iter()
            .map(|(name, urn, dfe, phase)| DemoSchool {
                name: (*name).into(),
                urn: (*urn).into(),
                dfe_number: (*dfe).into(),
                phase,
            })
            .collect(),
        team: TEAM_14,
    });
    out.sort_by_key(|c| c.number);
    out
}

pub const SERVICES: &[DemoService] = &[KOOTH];
