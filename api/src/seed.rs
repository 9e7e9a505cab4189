//! The demo data of `seed-demo` (and `make run`): Kirklees Cluster 14 with
//! its eleven schools, a Leeds cluster with St Bartholomew's, a Team around
//! the Cluster for each, and Kooth and MindMate in the directory. The
//! identifiers are made up but valid. Safe to run again: what exists is
//! left as it is.

use crate::auth::{DevTokenRequest, sign_dev_token};
use crate::config::Config;
use domain::{Actor, ActorScope, LaCode, Role};
use persistence::people::carers::{self, CarerData};
use persistence::people::children::{self, ChildData};
use persistence::reference::clusters::{self, ClusterData};
use persistence::reference::schools::{self, SchoolData};
use persistence::reference::services::{self, ServiceData, ServiceFilter};
use persistence::reference::team_members::{self, TeamMemberData};
use persistence::{DbConnection, StoreError, Uow};

struct DemoCluster {
    la: &'static str,
    number: i32,
    name: &'static str,
    area: &'static str,
    /// (name, URN, DfE number, phase)
    schools: &'static [(&'static str, &'static str, &'static str, &'static str)],
    /// (agency, name, email)
    team: &'static [(&'static str, &'static str, &'static str)],
}

const KIRKLEES: DemoCluster = DemoCluster {
    la: "382",
    number: 14,
    name: "Cluster 14",
    area: "Huddersfield North",
    schools: &[
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
    ],
    team: &[
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
    ],
};

const LEEDS: DemoCluster = DemoCluster {
    la: "383",
    number: 1,
    name: "Armley Cluster",
    area: "Armley",
    schools: &[(
        "St Bartholomew's C of E Primary School",
        "990201",
        "383/3301",
        "primary",
    )],
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
};

/// (LA, name, description, URL, min age, max age, areas)
type DemoService = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Option<i32>,
    Option<i32>,
    &'static str,
);

const SERVICES: &[DemoService] = &[
    (
        "382",
        "Kooth",
        "Free, safe and anonymous online counselling and support. No referral needed.",
        "https://www.kooth.com",
        Some(10),
        Some(25),
        "[]",
    ),
    (
        "383",
        "Kooth",
        "Free, safe and anonymous online counselling and support. No referral needed.",
        "https://www.kooth.com",
        Some(10),
        Some(25),
        "[]",
    ),
    (
        "383",
        "Leeds MindMate",
        "Mental health information and support for young people in Leeds, their families and the people who work with them.",
        "https://www.mindmate.org.uk",
        None,
        None,
        "[\"Leeds\"]",
    ),
];

/// The carer a demo `parent` token names: the parent of the demo children.
pub const DEMO_CARER_ID: &str = "0193b2a4-0000-7000-8000-00000000ca01";

/// Two siblings at Birkby Junior School with their mother, so that the
/// parent and school staff tokens have someone to see.
const DEMO_CHILDREN: &[DemoChild] = &[
    ("F382210125001", "Amelia", (2016, 3, 10), "sen_support"),
    ("V382210125002", "Yusuf", (2018, 1, 22), "none"),
];

/// (UPN, given name, date of birth, SEN status)
type DemoChild = (&'static str, &'static str, (i32, u32, u32), &'static str);

fn seed_family(conn: &mut Uow<'_>) -> Result<(), StoreError> {
    let Some(school) = schools::find_by_urn(conn, KIRKLEES.schools[0].1)? else {
        return Ok(());
    };
    if carers::get(conn, DEMO_CARER_ID).is_err() {
        let mother = CarerData {
            name: "Sara Hussain".into(),
            relationship: "mother".into(),
            parental_responsibility: true,
            parental_responsibility_basis: Some("birth_mother".into()),
            email: Some("sara.hussain@example.org".into()),
            phone: Some("07700 900123".into()),
            preferred_contact: "phone".into(),
        };
        carers::seed(conn, DEMO_CARER_ID.into(), mother)?;
    }
    for (upn, name, (y, m, d), sen) in DEMO_CHILDREN {
        let child = match children::find_by_upn(conn, upn)? {
            Some(c) => c,
            None => {
                let born =
                    chrono::NaiveDate::from_ymd_opt(*y, *m, *d).ok_or(StoreError::NotFound)?;
                let data = ChildData {
                    school_id: school.id.clone(),
                    upn: Some((*upn).into()),
                    nhs_number: None,
                    legal_given_name: (*name).into(),
                    legal_family_name: "Hussain".into(),
                    preferred_name: None,
                    date_of_birth: born,
                    year_group_override: None,
                    sen_status: (*sen).into(),
                    areas_of_need: "[]".into(),
                    ehcp_status: "none".into(),
                    ehcp_requested_on: None,
                    ehcp_annual_review_due: None,
                };
                children::seed(conn, data)?
            }
        };
        carers::seed_link(conn, &child.id, DEMO_CARER_ID)?;
    }
    Ok(())
}

/// The demo's cluster, schools and team of the unit of work's LA. Loading
/// them is not a change made through the API: the feed is not told.
fn seed_cluster(conn: &mut Uow<'_>, demo: &DemoCluster) -> Result<String, StoreError> {
    let cluster = match clusters::find_by_number(conn, demo.number)? {
        Some(c) => c,
        None => clusters::seed(
            conn,
            ClusterData {
                number: demo.number,
                name: demo.name.into(),
                area: Some(demo.area.into()),
            },
        )?,
    };
    for (name, urn, dfe, phase) in demo.schools {
        if schools::find_by_urn(conn, urn)?.is_none() {
            let data = SchoolData {
                cluster_id: Some(cluster.id.clone()),
                urn: (*urn).into(),
                dfe_number: (*dfe).into(),
                name: (*name).into(),
                phase: (*phase).into(),
            };
            schools::seed(conn, data)?;
        }
    }
    let existing = team_members::list(conn, &cluster.id, None, 500)?;
    for (agency, name, email) in demo.team {
        if !existing.items.iter().any(|m| m.name == *name) {
            let data = TeamMemberData {
                agency: (*agency).into(),
                name: (*name).into(),
                email: Some((*email).into()),
                phone: None,
            };
            team_members::seed(conn, &cluster.id, data)?;
        }
    }
    Ok(cluster.id)
}

/// The demo's services of the unit of work's LA, which the feed is not
/// told of either.
fn seed_services(conn: &mut Uow<'_>) -> Result<(), StoreError> {
    let own = conn.actor().la.as_str();
    for (la, name, description, url, min_age, max_age, areas) in SERVICES {
        if *la != own {
            continue;
        }
        let filter = ServiceFilter {
            age: None,
            name_contains: Some((*name).into()),
        };
        let present = services::list(conn, &filter, None, 500)?
            .items
            .iter()
            .any(|s| s.name == *name);
        if !present {
            let data = ServiceData {
                name: (*name).into(),
                description: (*description).into(),
                url: (*url).into(),
                min_age: *min_age,
                max_age: *max_age,
                areas: (*areas).into(),
            };
            services::seed(conn, data)?;
        }
    }
    Ok(())
}

/// Loads one LA's demo data in one unit of work, as that LA's officer,
/// through the storage layer's `seed` queries, which record nothing and
/// tell the feed nothing: the demo data is where the trail and the feed
/// start, not a change to them. Returns the id of its cluster.
fn seed_la(
    conn: &mut DbConnection,
    demo: &DemoCluster,
    family: bool,
) -> Result<String, StoreError> {
    let la = LaCode::parse(demo.la).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    let seeder = Actor {
        subject: "seed".into(),
        name: Some("Demo data".into()),
        role: Role::LaOfficer,
        la,
        scope: ActorScope::LocalAuthority,
        agency: None,
    };
    persistence::tx::write(conn, &seeder, "", |uow| {
        let id = seed_cluster(uow, demo)?;
        seed_services(uow)?;
        if family {
            seed_family(uow)?;
        }
        Ok(id)
    })
}

/// Loads the demo data and returns what to print: a token per role and a
/// line to try.
pub fn run(config: &Config) -> Result<String, String> {
    let mut conn = persistence::connection::Manager::new(&config.database_url)
        .connect()
        .map_err(|e| e.to_string())?;
    // Stamped by the configured clock, as the server's own writes are.
    let cluster_14 = config
        .clock
        .run(|| {
            let id = seed_la(&mut conn, &KIRKLEES, true)?;
            seed_la(&mut conn, &LEEDS, false)?;
            Ok::<_, StoreError>(id)
        })
        .map_err(|e| format!("seeding failed: {e}"))?;

    let mut out = String::from(
        "Demo data loaded: Kirklees (382) Cluster 14 with 11 schools, Leeds (383) with St Bartholomew's; Kooth and MindMate;\n\
         two children at Birkby Junior School with their mother (the parent token's carer).\n\n\
         Development tokens for Kirklees (382), valid 12 hours:\n",
    );
    let mut la_officer = String::new();
    for role in Role::ALL {
        let (school, cluster, carer) = match role {
            Role::SchoolStaff => (Some(KIRKLEES.schools[0].1.to_owned()), None, None),
            Role::ClusterPractitioner => (None, Some(cluster_14.clone()), None),
            Role::Parent => (None, None, Some(DEMO_CARER_ID.to_owned())),
            _ => (None, None, None),
        };
        let req = DevTokenRequest {
            subject: format!("demo-{role}"),
            role: role.as_str().into(),
            la: KIRKLEES.la.into(),
            school,
            cluster,
            carer,
            agency: None,
            name: Some(format!("Demo {role}")),
            ttl_secs: 12 * 3600,
        };
        let token = sign_dev_token(&config.jwt, &req)?;
        if role == Role::LaOfficer {
            la_officer = token.clone();
        }
        out.push_str(&format!("\n{role}:\n{token}\n"));
    }
    // The tokens above name no agency: the cluster's own staff. One from
    // an agency sees a case's details only when the family's consent to
    // share names it.
    let educational_psychologist = DevTokenRequest {
        subject: "demo-educational-psychologist".into(),
        role: Role::ClusterPractitioner.as_str().into(),
        la: KIRKLEES.la.into(),
        school: None,
        cluster: Some(cluster_14),
        carer: None,
        agency: Some("educational_psychology".into()),
        name: Some("Demo educational psychologist".into()),
        ttl_secs: 12 * 3600,
    };
    let token = sign_dev_token(&config.jwt, &educational_psychologist)?;
    out.push_str(&format!(
        "\ncluster_practitioner from educational_psychology (the cluster_practitioner above names no agency):\n{token}\n"
    ));
    out.push_str(&format!(
        "\nTry:\n  curl -H 'Authorization: Bearer {la_officer}' http://{}/v1/schools\n\nSwagger UI: http://{}/docs/\n",
        config.bind, config.bind
    ));
    Ok(out)
}
