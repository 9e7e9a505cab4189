//! The development tokens `make run` prints: one per role for Kirklees,
//! each naming records the demo has, and one of an agency's practitioner.

use super::family::{DEMO_CARER_ID, SCHOOL_URN};
use super::kirklees;
use crate::auth::{DevTokenRequest, sign_dev_token};
use crate::config::Config;
use domain::Role;

/// A token per role for Kirklees, each naming records the demo has: the
/// school staff Birkby Junior School, the cluster practitioner Cluster 14,
/// the parent the Hussains' mother.
pub fn print(config: &Config, cluster_14: &str) -> Result<String, String> {
    let birkby = SCHOOL_URN;
    let mut out = String::from(
        "Demo data loaded: Kirklees (382) with its 17 clusters (Cluster 14 with its 11 schools) and Leeds (383) with\n\
         the Armley cluster and its three signposting services (Kooth, Leeds MindMate, Leeds NHS CAMHS information);\n\
         children at every stage of the pathway in Clusters 14, 3 and 9 and in Armley, with their meetings, decisions,\n\
         interventions and CAMHS referrals; two children at Birkby Junior School with their mother (the parent token's carer).\n\n\
         Development tokens for Kirklees (382), valid 12 hours:\n",
    );
    let mut la_officer = String::new();
    for role in Role::ALL {
        let (school, cluster, carer) = match role {
            Role::SchoolStaff => (Some(birkby.to_owned()), None, None),
            Role::ClusterPractitioner => (None, Some(cluster_14.to_owned()), None),
            Role::Parent => (None, None, Some(DEMO_CARER_ID.to_owned())),
            _ => (None, None, None),
        };
        let req = DevTokenRequest {
            subject: format!("demo-{role}"),
            role: role.as_str().into(),
            la: kirklees::LA.into(),
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
        la: kirklees::LA.into(),
        school: None,
        cluster: Some(cluster_14.to_owned()),
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
