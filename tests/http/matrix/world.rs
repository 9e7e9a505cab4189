//! The matrix's world: one record of every kind in Kirklees, reached by a
//! caller of each role in scope, and the callers who must not reach it —
//! out of scope (another school, another cluster, another carer, another
//! GP) and from another LA (Leeds).

use super::Op;
use crate::accountability::overridden;
use crate::cluster_work::{at_camhs, cluster, interventions, kooth};
use crate::consent::{carer_token, decide, staff_at};
use crate::pathway::{another_cluster, demo, give_nhs_number, gp, id, items, practitioner};
use crate::support::{TestApp, claims, sign};
use domain::Role;
use serde_json::{Value, json};

/// Where a caller stands to the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stand {
    /// The world's own school, cluster, carer or referrer.
    InScope,
    /// Same LA, another school, cluster, carer or referrer.
    OutOfScope,
    /// Another local authority.
    OtherLa,
}

/// Yusuf's NHS number, for the GP's referral (999 test range).
const YUSUFS_NHS: &str = "9990000026";
/// Birkby Junior School, whose staff hold the world's children.
pub const SCHOOL_URN: &str = "990101";
/// Birkby Infant and Nursery School: Kirklees, Cluster 14, no children.
const OTHER_SCHOOL_URN: &str = "990102";
/// St Bartholomew's, Leeds.
const LEEDS_SCHOOL_URN: &str = "990201";
/// The GP whose referral is the world's health referral: the subject of
/// the default health-referrer token.
const WORLD_GP: &str = "test-health_referrer";

#[derive(Debug)]
pub struct World {
    pub school: String,
    pub cluster: String,
    pub team_member: String,
    pub service: String,
    pub child: String,
    pub upn: String,
    pub carer: String,
    pub consent: String,
    pub case: String,
    pub plan: String,
    pub assessment: String,
    pub family_meeting: String,
    pub referral: String,
    pub gp_referral: String,
    pub meeting: String,
    /// The next step the world's meeting agreed, overdue since yesterday.
    pub next_step: String,
    pub intervention: String,
    pub camhs_referral: String,
    pub safeguarding_override: String,
    /// A funding proposal of this financial year's allocations.
    pub funding_proposal: String,
    /// What no caller out of scope may ever be shown: the world's ids,
    /// its children's names and identifiers.
    pub secrets: Vec<String>,
    yusufs_birth: String,
    other_cluster: String,
    leeds_cluster: String,
    /// A Kirklees carer linked to no child, and a Leeds one.
    other_carer: String,
    leeds_carer: String,
}

impl World {
    /// Builds the world through the API, as its users would.
    pub async fn build(app: &TestApp) -> World {
        let d = demo(app).await;
        let staff = d.f.staff.clone();
        let (referred, camhs) = at_camhs(app, &d).await;
        let c = cluster(&d);
        let case = referred.case.clone();
        let plan = items(app, &staff, &format!("/v1/cases/{case}/plans")).await;
        let assessment = crate::pathway::assessments::assessed(app, &staff, &case).await;
        let family_meeting = crate::pathway::family_meetings::recorded(
            app,
            &staff,
            &case,
            &crate::pathway::family_meetings::meeting("school_before_plan"),
        )
        .await;
        let intervention = interventions(app, &c, &case).await;
        let decided = app
            .get(
                &format!("/v1/cluster-referrals/{}/decision", referred.referral),
                &c,
            )
            .await;
        let next_step = id(&decided.expect(200).json()["next_steps"][0]).to_owned();
        let review = json!({"progress": "improved", "notes": "Calmer at drop-off.",
            "reviewed_on": crate::consent::today()});
        let path = format!("/v1/interventions/{}/reviews", id(&intervention[0]));
        app.post(&path, &c, &review).await.expect(201);
        let over = overridden(app, &staff, &case).await;
        let consents = items(
            app,
            &staff,
            &format!("/v1/children/{}/consents", d.f.amelia),
        )
        .await;
        let camhs_consent = consents
            .iter()
            .find(|e| e["purpose"] == "camhs_referral")
            .expect("the CAMHS consent");
        let team = items(app, &staff, &format!("/v1/clusters/{}/team", d.cluster_14)).await;
        let service = kooth(app, &staff).await;
        let signpost = json!({"service_id": service, "note": "Kooth while she waits for CAMHS."});
        let path = format!("/v1/cases/{case}/signposts");
        app.post(&path, &staff, &signpost).await.expect(201);
        let reported = json!({"description": "Anxiety disorder", "reported_by_name": "Dr Helen Price",
            "reported_by_profession": "community paediatrician", "reported_on": crate::consent::today()});
        let path = format!("/v1/children/{}/reported-diagnoses", d.f.amelia);
        let health = app.token(Role::HealthReferrer);
        app.post(&path, &health, &reported).await.expect(201);
        let school = app
            .get(&format!("/v1/schools/by-urn/{SCHOOL_URN}"), &staff)
            .await;

        // The GP's own referral: Yusuf, referred from the surgery.
        give_nhs_number(app, &staff, &d.f.yusuf, YUSUFS_NHS).await;
        decide(app, &staff, &d.f.yusuf, "cluster_referral", "given").await;
        let yusuf = app
            .get(&format!("/v1/children/{}", d.f.yusuf), &staff)
            .await;
        let yusuf = yusuf.expect(200).json();

        let amelia = app
            .get(&format!("/v1/children/{}", d.f.amelia), &staff)
            .await;
        let amelia = amelia.expect(200).json();
        let other_cluster = another_cluster(app, 15).await;
        let leeds = items(app, &crate::consent::leeds(Role::LaOfficer), "/v1/clusters").await;
        let officer = app.token(Role::LaOfficer);
        let allocation = format!("/v1/clusters/{}/allocations/2026", d.cluster_14);
        let amount = json!({"amount_pence": 1_000_000});
        app.put(&allocation, &officer, &[], &amount)
            .await
            .expect(201);
        let proposal = crate::funding_by_need::proposed(app).await;

        let mut w = World {
            school: id(&school.expect(200).json()).to_owned(),
            cluster: d.cluster_14.clone(),
            team_member: id(&team[0]).to_owned(),
            service,
            child: d.f.amelia.clone(),
            upn: amelia["upn"].as_str().expect("upn").to_owned(),
            carer: crate::consent::MOTHER.to_owned(),
            consent: id(camhs_consent).to_owned(),
            case,
            plan: id(&plan[0]).to_owned(),
            assessment: id(&assessment).to_owned(),
            family_meeting: id(&family_meeting).to_owned(),
            referral: referred.referral.clone(),
            gp_referral: String::new(),
            yusufs_birth: yusuf["date_of_birth"]
                .as_str()
                .expect("date of birth")
                .to_owned(),
            meeting: referred.meeting.clone(),
            next_step,
            intervention: id(&intervention[0]).to_owned(),
            camhs_referral: id(&camhs).to_owned(),
            safeguarding_override: id(&over).to_owned(),
            funding_proposal: id(&proposal).to_owned(),
            secrets: Vec::new(),
            other_cluster,
            leeds_cluster: id(&leeds[0]).to_owned(),
            other_carer: app.unlinked_carer("382"),
            leeds_carer: app.unlinked_carer("383"),
        };
        let r = app
            .post(
                "/v1/cluster-referrals",
                &gp(WORLD_GP),
                &w.gp_referral_body(),
            )
            .await;
        w.gp_referral = id(&r.expect(201).json()).to_owned();
        w.secrets = [
            &w.child,
            &d.f.yusuf,
            &w.upn,
            &yusuf["upn"].as_str().expect("upn").to_owned(),
            &crate::cluster_work::AMELIAS_NHS.to_owned(),
            &YUSUFS_NHS.to_owned(),
            &w.carer,
            &w.consent,
            &w.case,
            &w.plan,
            &w.assessment,
            &w.family_meeting,
            &w.referral,
            &w.gp_referral,
            &w.meeting,
            &w.next_step,
            &w.intervention,
            &w.camhs_referral,
            &w.safeguarding_override,
        ]
        .iter()
        .map(|s| (*s).clone())
        .collect();
        w
    }

    /// A token for `role` standing where `stand` says, or `None` where the
    /// role has no narrower scope than its LA (so nothing is out of scope).
    pub fn token(&self, role: Role, stand: Stand) -> Option<String> {
        let la = if stand == Stand::OtherLa {
            "383"
        } else {
            "382"
        };
        let mut c = claims(role, la);
        match (role, stand) {
            (Role::SchoolStaff, Stand::InScope) => return Some(staff_at(SCHOOL_URN)),
            (Role::SchoolStaff, Stand::OutOfScope) => return Some(staff_at(OTHER_SCHOOL_URN)),
            (Role::SchoolStaff, Stand::OtherLa) => c["school"] = json!(LEEDS_SCHOOL_URN),
            (Role::ClusterPractitioner, Stand::InScope) => {
                return Some(practitioner(&self.cluster));
            }
            (Role::ClusterPractitioner, Stand::OutOfScope) => {
                return Some(practitioner(&self.other_cluster));
            }
            (Role::ClusterPractitioner, Stand::OtherLa) => c["cluster"] = json!(self.leeds_cluster),
            (Role::Parent, Stand::InScope) => return Some(carer_token(&self.carer)),
            (Role::Parent, Stand::OutOfScope) => return Some(carer_token(&self.other_carer)),
            (Role::Parent, Stand::OtherLa) => c["carer"] = json!(self.leeds_carer),
            (Role::HealthReferrer, Stand::InScope) => return Some(gp(WORLD_GP)),
            (Role::HealthReferrer, Stand::OutOfScope) => return Some(gp("dr-elsewhere")),
            // The same subject as the world's GP, in another LA: a subject
            // is never enough without the tenant.
            (Role::HealthReferrer, Stand::OtherLa) => c["sub"] = json!(WORLD_GP),
            (_, Stand::OutOfScope) => return None,
            (_, Stand::InScope | Stand::OtherLa) => {}
        }
        Some(sign(&c))
    }

    /// The world's record of a kind (`child`, `cluster_referral`, ...), as
    /// `role` names it: a GP names its own referral.
    pub fn record(&self, kind: &str, role: Role) -> Option<&str> {
        let id = match kind {
            "school" => &self.school,
            "cluster" => &self.cluster,
            "team_member" => &self.team_member,
            "service" => &self.service,
            "child" => &self.child,
            "carer" => &self.carer,
            "consent" => &self.consent,
            "case" => &self.case,
            "plan" => &self.plan,
            "assessment" => &self.assessment,
            "family_meeting" => &self.family_meeting,
            "cluster_referral" | "referral" if role == Role::HealthReferrer => &self.gp_referral,
            "cluster_referral" | "referral" => &self.referral,
            "meeting" => &self.meeting,
            "next_step" => &self.next_step,
            "intervention" => &self.intervention,
            "camhs_referral" => &self.camhs_referral,
            "safeguarding_override" => &self.safeguarding_override,
            "funding_proposal" => &self.funding_proposal,
            _ => return None,
        };
        Some(id)
    }

    /// Every record of the world, as `role` names them.
    pub fn records(&self, role: Role) -> Vec<&str> {
        [
            "school",
            "cluster",
            "team_member",
            "service",
            "child",
            "carer",
            "consent",
            "case",
            "plan",
            "assessment",
            "family_meeting",
            "cluster_referral",
            "meeting",
            "next_step",
            "intervention",
            "camhs_referral",
            "safeguarding_override",
        ]
        .iter()
        .filter_map(|k| self.record(k, role))
        .collect()
    }

    /// Every id of the world: its records', and those of the children it
    /// holds besides.
    pub fn ids(&self, role: Role) -> Vec<&str> {
        let mut ids = self.records(role);
        for s in &self.secrets {
            if s.len() == 36 && !ids.contains(&s.as_str()) {
                ids.push(s);
            }
        }
        ids
    }

    /// The record a parameter or field named `<kind>_id` names.
    fn by_field(&self, field: &str, role: Role) -> Option<&str> {
        self.record(field.strip_suffix("_id")?, role)
    }

    /// The operation's path with the world's records in it, as `role`
    /// names them: `{id}` is the world's record of the kind the contract
    /// answers there, `{<kind>_id}` its record of that kind; a query the
    /// route cannot do without names the world's record likewise; a list
    /// is asked for its longest page.
    pub fn path(&self, op: &Op, role: Role) -> String {
        let mut path = String::new();
        for (i, segment) in op.path.split('/').enumerate() {
            if i > 0 {
                path.push('/');
            }
            let value = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                None => segment,
                Some("id") => op
                    .names
                    .as_deref()
                    .and_then(|k| self.record(k, role))
                    .unwrap_or_else(|| panic!("{}: the world has no record at {}", op.id, op.path)),
                Some("urn") => SCHOOL_URN,
                Some("upn") => &self.upn,
                Some("academic_year" | "financial_year") => "2026",
                Some(name) => self
                    .by_field(name, role)
                    .unwrap_or_else(|| panic!("{}: the world has no `{name}`", op.id)),
            };
            path.push_str(value);
        }
        let mut query: Vec<String> = op
            .query
            .iter()
            .map(|name| {
                let value = self
                    .by_field(name, role)
                    .unwrap_or_else(|| panic!("{}: the world has no `{name}`", op.id));
                format!("{name}={value}")
            })
            .collect();
        query.extend(op.limit.map(|max| format!("limit={max}")));
        if !query.is_empty() {
            path = format!("{path}?{}", query.join("&"));
        }
        path
    }

    /// The world's records a caller standing there must never be shown:
    /// its children's (the ids, names and identifiers), and from another
    /// LA its reference data too.
    pub fn unseen(&self, stand: Stand) -> Vec<&str> {
        let mut unseen: Vec<&str> = self.secrets.iter().map(String::as_str).collect();
        if stand == Stand::OtherLa {
            unseen.extend([
                self.school.as_str(),
                &self.cluster,
                &self.service,
                &self.team_member,
            ]);
        }
        unseen
    }

    /// The same request with every record the caller cannot see replaced
    /// by one that does not exist: an outsider's answer must be the same,
    /// or it discloses what is there.
    pub fn ghost(&self, text: &str, stand: Stand) -> String {
        let ghost = "0193b2a4-0000-7000-8000-00000000dead";
        self.unseen(stand)
            .into_iter()
            .filter(|s| s.len() == 36)
            .fold(text.to_owned(), |t, id| t.replace(id, ghost))
    }

    /// The operation's example body, pointing at the world's records.
    pub fn body(&self, example: &Value, role: Role) -> Value {
        let mut body = example.clone();
        self.fill(&mut body, role);
        body
    }

    /// A GP's referral of the world's child, named as the surgery knows
    /// him: by NHS number and date of birth.
    pub fn gp_referral_body(&self) -> Value {
        json!({
            "nhs_number": YUSUFS_NHS,
            "date_of_birth": self.yusufs_birth,
            "concern": {"raised_by": "health", "category": "emotional",
                "description": "Not sleeping; stomach aches before school.", "raised_on": crate::consent::today()},
            "summary": "GP referral: anxiety about school.",
        })
    }

    /// Every `<kind>_id` field names the world's record of that kind, and
    /// a `school_urn` its school.
    fn fill(&self, value: &mut Value, role: Role) {
        match value {
            Value::Object(fields) => {
                for (key, v) in fields.iter_mut() {
                    match self.by_field(key, role) {
                        Some(id) if v.is_string() => *v = json!(id),
                        _ if key == "school_urn" => *v = json!(SCHOOL_URN),
                        _ => self.fill(v, role),
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|v| self.fill(v, role)),
            _ => {}
        }
    }
}
