//! `GET /v1/me`: who the caller's token says they are, and what the policy
//! lets them do, so that a front end shows only what will work.

use crate::auth::Allowed;
use crate::policy::{OperationsByRule, ReadIdentity};
use actix_web::{get, web};
use domain::policy::POLICY;
use domain::{Actor, ActorScope};
use serde::Serialize;
use utoipa::ToSchema;

/// The caller, as their token names them, and what they may do.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({
    "subject": "staff-0042", "name": "Mrs Khan", "role": "school_staff", "la": "382",
    "scope": {"kind": "school", "school": "990101"},
    "allowed": [
        {"action": "read", "resource": "child", "scope": "own_school", "operations": ["get_child", "list_children"]},
        {"action": "create", "resource": "case", "scope": "own_school", "operations": ["open_case"]}
    ]
}))]
pub struct Me {
    /// The token's `sub`.
    pub subject: String,
    /// The token's `name`, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[schema(value_type = domain::Role)]
    pub role: String,
    /// The local authority's code.
    #[schema(example = "382")]
    pub la: String,
    pub scope: MeScope,
    /// The Team around the Cluster agency a practitioner works for; absent
    /// for the cluster's own staff and every other role.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<domain::reference::Agency>)]
    pub agency: Option<String>,
    /// Every action the policy grants the caller's role, with the scope it
    /// applies in and the operations that ask it, in the policy's order.
    pub allowed: Vec<Grant>,
}

/// The part of the local authority the token names, in its claim's name.
#[derive(Debug, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MeScope {
    /// The whole local authority.
    LocalAuthority,
    /// One school (school staff).
    School {
        /// The school's URN.
        school: String,
    },
    /// One cluster (cluster practitioners).
    Cluster {
        /// The cluster's id.
        #[schema(format = Uuid)]
        cluster: String,
    },
    /// One carer's record (parents).
    Carer {
        /// The carer's id.
        #[schema(format = Uuid)]
        carer: String,
    },
}

/// One action the caller may take.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Grant {
    #[schema(example = "read")]
    pub action: &'static str,
    #[schema(example = "child")]
    pub resource: &'static str,
    /// Where the grant reaches: `local_authority`, `own_school`,
    /// `own_children`, `referred_to_own_cluster`, `own_referrals` or
    /// `own_cluster`.
    #[schema(example = "own_school")]
    pub scope: &'static str,
    /// The `operationId`s that ask this rule.
    pub operations: Vec<String>,
}

#[utoipa::path(
    tag = "identity",
    operation_id = "get_me",
    summary = "Who the caller is and what they may do",
    description = "The caller's role, local authority and scope as the token names them, and every action the \
        access policy grants that role: its scope and the operations that ask it. A front end can offer only \
        what will work; the server still decides each request.",
    responses(
        (status = 200, description = "The caller.", body = Me),
        (status = 403, response = ReadIdentity),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
async fn get_me(
    caller: Allowed<ReadIdentity>,
    operations: web::Data<OperationsByRule>,
) -> web::Json<Me> {
    web::Json(me(&caller, &operations))
}

fn me(actor: &Actor, operations: &OperationsByRule) -> Me {
    let scope = match &actor.scope {
        ActorScope::LocalAuthority => MeScope::LocalAuthority,
        ActorScope::School(urn) => MeScope::School {
            school: urn.as_str().to_owned(),
        },
        ActorScope::Cluster(id) => MeScope::Cluster {
            cluster: id.to_string(),
        },
        ActorScope::Carer(id) => MeScope::Carer {
            carer: id.to_string(),
        },
    };
    let allowed = POLICY
        .iter()
        .flat_map(|rules| rules.iter())
        .filter_map(|rule| {
            let (_, scope) = rule.grants.iter().find(|(role, _)| *role == actor.role)?;
            Some(Grant {
                action: rule.action.as_str(),
                resource: rule.resource.as_str(),
                scope: scope.as_str(),
                operations: operations.asking(rule.action, rule.resource),
            })
        })
        .collect();
    Me {
        subject: actor.subject.clone(),
        name: actor.name.clone(),
        role: actor.role.as_str().to_owned(),
        la: actor.la.as_str().to_owned(),
        scope,
        agency: actor.agency.map(|a| a.as_str().to_owned()),
        allowed,
    }
}

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_me);
}
