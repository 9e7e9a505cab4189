//! The demo data of `seed-demo` (and `make run`), as the seeds tell it:
//! Kirklees (382) with its 17 clusters, Cluster 14 with its eleven
//! schools, and Leeds (383) with the Armley cluster and the three
//! services of seed 000's directory. In three clusters of Kirklees and in
//! Armley, children at every stage of the pathway: concerns, in-school
//! plans and their reviews, consents, Early Help Assessments, referrals,
//! meetings held, called off and to come, decisions, interventions, and a
//! referral on to CAMHS.
//!
//! Reference data (clusters, schools, teams, services, the demo parent's
//! family) is loaded through the storage layer's `seed` queries, which
//! record nothing and tell the feed nothing. The children's stories go
//! through the use cases their routes call, each as the person who would
//! do it (the school's staff, the cluster's practitioner, CAMHS), so that
//! every gate is asked, the audit trail and the feed hear of them, and
//! each case's timeline tells it. Dates count back from the configured
//! clock's today; names and stories are fixed, so each run tells the
//! same ones. Safe to run again: a cluster that has met, and a child
//! already recorded, are left as they are.

mod cast;
mod children;
mod cluster;
mod family;
mod kirklees;
mod leeds;
mod reference;
mod school;
mod support;
mod tokens;

use crate::config::Config;
use crate::problem::ApiError;
use children::Story;
use chrono::NaiveDate;
use cluster::Step;
use domain::pathway::CamhsStatus;
use domain::policy::Scope;
use domain::{Actor, ActorScope, LaCode, Role, Urn};
use persistence::people::children as stored_children;
use persistence::reference::schools;
use persistence::{DbConnection, StoreError};
use reference::DemoCluster;
use school::Pupil;

pub use family::DEMO_CARER_ID;

/// One LA's demo.
struct Demo {
    la: &'static str,
    clusters: Vec<DemoCluster>,
    services: &'static [reference::DemoService],
    cast: cast::Cast,
    family: bool,
}

fn la_code(la: &str) -> Result<LaCode, ApiError> {
    LaCode::parse(la).map_err(ApiError::internal)
}

/// Someone of the LA `la` with `role` in `scope`.
fn actor(la: &str, role: Role, scope: ActorScope, name: &str) -> Result<Actor, ApiError> {
    Ok(Actor {
        subject: format!("demo-{}", role.as_str()),
        name: Some(name.to_owned()),
        role,
        la: la_code(la)?,
        scope,
        agency: None,
    })
}

/// A write transaction for `actor`, as a request's would be.
fn as_<T>(
    conn: &mut DbConnection,
    actor: &Actor,
    f: impl FnOnce(&mut persistence::Uow<'_>) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    persistence::tx::write(conn, actor, "", f)
}

/// Loads one LA's demo, with its children's stories when `stories`; the
/// ids of its clusters, by number.
fn seed_la(
    conn: &mut DbConnection,
    demo: &Demo,
    stories: bool,
) -> Result<Vec<(i32, String)>, ApiError> {
    let officer = actor(
        demo.la,
        Role::LaOfficer,
        ActorScope::LocalAuthority,
        "Demo data",
    )?;
    let ids = as_(conn, &officer, |uow| {
        let mut ids = Vec::new();
        for c in &demo.clusters {
            ids.push((c.number, reference::seed_cluster(uow, c)?));
        }
        reference::seed_services(uow, demo.services)?;
        if demo.family {
            family::seed(uow)?;
        }
        Ok::<_, ApiError>(ids)
    })?;
    if !stories {
        return Ok(ids);
    }
    let today = persistence::clock::current().today();
    let mut n = 0;
    for (number, cast) in demo.cast {
        let (Some(c), Some((_, cluster_id))) = (
            demo.clusters.iter().find(|c| c.number == *number),
            ids.iter().find(|(k, _)| k == number),
        ) else {
            continue;
        };
        let first = n;
        n += cast.len();
        tell_cluster(conn, demo.la, c, cluster_id, cast, first, today)?;
    }
    as_(conn, &officer, |uow| funding_formula(uow, today))?;
    Ok(ids)
}

/// The LA's funding formula for this financial year, so that `make run`
/// can propose allocations: set once, on the defaults, never over a
/// choice of the LA's.
fn funding_formula(uow: &mut persistence::Uow<'_>, today: NaiveDate) -> Result<(), ApiError> {
    use domain::funding::FinancialYear;
    use domain::funding::formula::{Formula, Rate};
    let current = persistence::settings::current(uow)?;
    if current.version != persistence::settings::DEFAULTS_VERSION {
        return Ok(());
    }
    let rate = |level: &str, per_child_pence: i64| Rate {
        level: level.to_owned(),
        per_child_pence,
    };
    let mut settings = current.settings;
    settings.funding.formulas = vec![Formula {
        financial_year: FinancialYear::of(today).year(),
        base_per_school_pence: 500_000,
        rates: vec![
            rate("sen_support", 40_000),
            rate("ehcp", 150_000),
            rate("receiving_cluster_support", 60_000),
        ],
    }];
    let by = uow.actor().subject.clone();
    persistence::settings::set(uow, current.version, &settings, &by)?;
    Ok(())
}

/// Runs `f` with the clock pinned at noon on `day`, so that what it
/// records is stamped, and its gates judged, as on the day it happened;
/// today's steps on the clock as it is, never ahead of it.
fn on<T>(day: NaiveDate, f: impl FnOnce() -> T) -> T {
    if day >= persistence::clock::current().today() {
        return f();
    }
    let noon = day.and_hms_opt(12, 0, 0).unwrap_or_default().and_utc();
    persistence::Clock::pinned(noon).run(f)
}

/// The stories of one cluster's children, the `first`th of the LA's
/// onwards, unless the cluster has met already. Each step is its own
/// transaction, as its request would be, on the day it happened.
fn tell_cluster(
    conn: &mut DbConnection,
    la: &str,
    c: &DemoCluster,
    cluster_id: &str,
    cast: &[(usize, Story)],
    first: usize,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let cluster_uuid = uuid::Uuid::parse_str(cluster_id).map_err(ApiError::internal)?;
    let practitioner = actor(
        la,
        Role::ClusterPractitioner,
        ActorScope::Cluster(cluster_uuid),
        &format!("{} coordinator", c.name),
    )?;
    let day = |days| cluster::shifted(today, days);
    let meetings = on(day(-56), || {
        as_(conn, &practitioner, |uow| {
            if cluster::has_met(uow, cluster_id)? {
                return Ok(None);
            }
            cluster::arrange(uow, cluster_id, today).map(Some)
        })
    })?;
    let Some(m) = meetings else {
        return Ok(());
    };
    let mut pupils = Vec::new();
    for (k, (school_index, story)) in cast.iter().enumerate() {
        let Some(s) = c.schools.get(*school_index) else {
            continue;
        };
        let child = children::nth(first + k, &s.dfe_number, s.phase, *story, today)
            .ok_or_else(|| ApiError::internal("a demo UPN"))?;
        let urn = Urn::parse(&s.urn).map_err(ApiError::internal)?;
        let staff = actor(
            la,
            Role::SchoolStaff,
            ActorScope::School(urn),
            &format!("Demo staff of {}", s.name),
        )?;
        if let Some(p) = tell_child(conn, &staff, &s.urn, &child, today)? {
            pupils.push(p);
        }
    }
    let pupils = pupils;
    let mut as_practitioner =
        |f: &dyn Fn(&mut persistence::Uow<'_>) -> Result<(), ApiError>| as_(conn, &practitioner, f);
    // The agendas a week ahead of each meeting (the next one's today).
    on(day(-49), || {
        as_practitioner(&|uow| cluster::agenda(uow, &m, &m.before, &pupils))
    })?;
    on(day(-42), || {
        as_practitioner(&|uow| cluster::hold(uow, cluster_id, &m, &m.before, &pupils, today))
    })?;
    on(day(-35), || {
        as_practitioner(&|uow| cluster::run_help(uow, &pupils, Step::Start))
    })?;
    on(day(-21), || {
        as_practitioner(&|uow| cluster::call_off(uow, &m.called_off))
    })?;
    on(day(-14), || {
        as_practitioner(&|uow| cluster::agenda(uow, &m, &m.last, &pupils))
    })?;
    on(day(-14), || {
        as_practitioner(&|uow| cluster::run_help(uow, &pupils, Step::Review(day(-14))))
    })?;
    on(day(-7), || {
        as_practitioner(&|uow| cluster::hold(uow, cluster_id, &m, &m.last, &pupils, today))
    })?;
    on(day(-3), || {
        as_practitioner(&|uow| cluster::run_help(uow, &pupils, Step::Finish))
    })?;
    let referred = on(day(-2), || {
        as_(conn, &practitioner, |uow| cluster::conclude(uow, &pupils))
    })?;
    on(today, || {
        as_(conn, &practitioner, |uow| {
            cluster::agenda(uow, &m, &m.next, &pupils)
        })
    })?;
    // CAMHS has received the first of them.
    if let Some(first) = referred.first() {
        let camhs = actor(
            la,
            Role::CamhsPractitioner,
            ActorScope::LocalAuthority,
            "Demo CAMHS",
        )?;
        on(today, || {
            as_(conn, &camhs, |uow| {
                crate::app::camhs::move_on(uow, Scope::LocalAuthority, first, |version| {
                    Ok(crate::app::camhs::MoveOn {
                        expected_version: version,
                        to: CamhsStatus::Received,
                        reason: None,
                    })
                })
            })
        })?;
    }
    Ok(())
}

/// One child's story at their school, each step on its day: recorded with
/// the concern, the plan agreed a week later, then reviewed six weeks on
/// and the case closed or referred. `None` when the child is there already.
fn tell_child(
    conn: &mut DbConnection,
    staff: &Actor,
    urn: &str,
    child: &children::DemoChild,
    today: NaiveDate,
) -> Result<Option<Pupil>, ApiError> {
    let story = child.story;
    let (raised, agreed, reviewed) = story.dates(today);
    let recorded = on(raised, || {
        as_(conn, staff, |uow| {
            if stored_children::find_by_upn(uow, child.upn.as_str())?.is_some() {
                return Ok(None);
            }
            let school = schools::find_by_urn(uow, urn)?.ok_or(StoreError::NotFound)?;
            school::record(uow, &school.id, child, raised).map(Some)
        })
    })?;
    let Some(r) = recorded else {
        return Ok(None);
    };
    let mut pupil = Pupil {
        case_id: r.case_id.clone(),
        referral_id: None,
        story,
    };
    if !story.planned() {
        return Ok(Some(pupil));
    }
    let review_on = if story == Story::Planned {
        cluster::shifted(today, 21)
    } else {
        cluster::shifted(agreed, 42)
    };
    let plan_id = on(agreed, || {
        as_(conn, staff, |uow| {
            school::plan(uow, &r.case_id, story, review_on)
        })
    })?;
    if story != Story::Planned {
        pupil.referral_id = on(reviewed, || {
            as_(conn, staff, |uow| {
                school::follow_up(uow, &r, &plan_id, story, reviewed)
            })
        })?;
    }
    if story == Story::OnHold {
        let withdrawn = cluster::shifted(reviewed, 5).min(today);
        on(withdrawn, || {
            as_(conn, staff, |uow| {
                school::withdraw_sharing(uow, &r, withdrawn)
            })
        })?;
    }
    Ok(Some(pupil))
}

/// Loads the demo data and returns what to print: a token per role and a
/// line to try.
pub fn run(config: &Config) -> Result<String, String> {
    let cluster_14 = load(config, true)?;
    tokens::print(config, &cluster_14)
}

/// Loads the demo's reference data and the demo parent's family, without
/// the children's stories: the fixture the HTTP tests build on, whose
/// cases, meetings, audit trail and feed are theirs to make.
pub fn reference(config: &Config) -> Result<(), String> {
    load(config, false).map(|_| ())
}

/// Loads the demo (with the children's stories when `stories`); the id
/// of Cluster 14.
fn load(config: &Config, stories: bool) -> Result<String, String> {
    let mut conn = persistence::connection::Manager::new(&config.database_url)
        .connect()
        .map_err(|e| e.to_string())?;
    let kirklees = Demo {
        la: kirklees::LA,
        clusters: kirklees::clusters(),
        services: kirklees::SERVICES,
        cast: cast::KIRKLEES,
        family: true,
    };
    let leeds = Demo {
        la: leeds::LA,
        clusters: vec![leeds::cluster()],
        services: leeds::SERVICES,
        cast: cast::LEEDS,
        family: false,
    };
    // Stamped by the configured clock, as the server's own writes are.
    let ids = config
        .clock
        .run(|| {
            let ids = seed_la(&mut conn, &kirklees, stories)?;
            seed_la(&mut conn, &leeds, stories)?;
            Ok::<_, ApiError>(ids)
        })
        .map_err(|e| format!("seeding failed: {e}"))?;
    ids.into_iter()
        .find(|(n, _)| *n == 14)
        .map(|(_, id)| id)
        .ok_or_else(|| "seeding failed: no Cluster 14".to_owned())
}
