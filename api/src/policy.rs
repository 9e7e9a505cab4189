//! The policy rule each operation asks, as a type: a handler takes
//! `Allowed<ReadConsent>` (see `auth::Allowed`), which refuses a role the
//! rule does not grant with 403 before the request's path, query or body
//! is read, and names `(status = 403, response = ReadConsent)` in its
//! `#[utoipa::path]`, which documents that refusal from the same rule and
//! tags it `x-policy`. The grants themselves are `domain::policy`'s alone.

use crate::responses::problem_response;
use domain::Role;
use domain::policy::{Action, Resource, rule};
use utoipa::openapi::extensions::ExtensionsBuilder;
use utoipa::openapi::{RefOr, response::Response};

/// A rule of `domain::policy`, named by the action and resource it is for.
pub trait Rule {
    const ACTION: Action;
    const RESOURCE: Resource;
}

/// Declares one marker type per rule, its 403 response (named
/// `<Marker>Refused` among the contract's responses), and the list of all.
macro_rules! rules {
    ($($name:ident = $action:ident $resource:ident;)*) => {
        $(
            #[doc = concat!("The policy's rule for `", stringify!($action), "` on `", stringify!($resource), "`.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;

            impl Rule for $name {
                const ACTION: Action = Action::$action;
                const RESOURCE: Resource = Resource::$resource;
            }

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<Response>) {
                    (
                        concat!(stringify!($name), "Refused"),
                        RefOr::T(refused(Action::$action, Resource::$resource)),
                    )
                }
            }
        )*

        /// Every rule an operation can name: its response's name, its action
        /// and its resource.
        pub const ALL: &[(&str, Action, Resource)] = &[
            $((concat!(stringify!($name), "Refused"), Action::$action, Resource::$resource)),*
        ];
    };
}

rules! {
    ReadCluster = Read Cluster;
    CreateCluster = Create Cluster;
    UpdateCluster = Update Cluster;
    ReadSchool = Read School;
    CreateSchool = Create School;
    UpdateSchool = Update School;
    ReadTeamMember = Read TeamMember;
    CreateTeamMember = Create TeamMember;
    UpdateTeamMember = Update TeamMember;
    ReadService = Read Service;
    CreateService = Create Service;
    UpdateService = Update Service;
    ReadTermDates = Read TermDates;
    UpdateTermDates = Update TermDates;
    ReadChild = Read Child;
    CreateChild = Create Child;
    UpdateChild = Update Child;
    CreateChildSync = Create ChildSync;
    ReadCarer = Read Carer;
    CreateCarer = Create Carer;
    UpdateCarer = Update Carer;
    ReadConsent = Read Consent;
    CreateConsent = Create Consent;
    ReadReportedDiagnosis = Read ReportedDiagnosis;
    CreateReportedDiagnosis = Create ReportedDiagnosis;
    ReadFamilyView = Read FamilyView;
    ReadCase = Read Case;
    CreateCase = Create Case;
    UpdateCase = Update Case;
    ReadPlan = Read Plan;
    CreatePlan = Create Plan;
    UpdatePlan = Update Plan;
    ReadPlanReview = Read PlanReview;
    CreatePlanReview = Create PlanReview;
    ReadClusterReferral = Read ClusterReferral;
    CreateClusterReferral = Create ClusterReferral;
    ReadMeeting = Read Meeting;
    CreateMeeting = Create Meeting;
    UpdateMeeting = Update Meeting;
    ReadMeetingCompliance = Read MeetingCompliance;
    ReadClusterDecision = Read ClusterDecision;
    CreateClusterDecision = Create ClusterDecision;
    ReadNextStep = Read NextStep;
    UpdateNextStep = Update NextStep;
    ReadIntervention = Read Intervention;
    UpdateIntervention = Update Intervention;
    ReadInterventionReview = Read InterventionReview;
    CreateInterventionReview = Create InterventionReview;
    ReadSignpost = Read Signpost;
    CreateSignpost = Create Signpost;
    CreateCaseOutcome = Create CaseOutcome;
    ReadCamhsReferral = Read CamhsReferral;
    CreateCamhsReferral = Create CamhsReferral;
    UpdateCamhsReferral = Update CamhsReferral;
    ReadFunding = Read Funding;
    UpdateFunding = Update Funding;
    ReadFundingReport = Read FundingReport;
    ReadServiceReport = Read ServiceReport;
    CreateFundingProposal = Create FundingProposal;
    ReadFundingProposal = Read FundingProposal;
    ReadHelpExchange = Read HelpExchange;
    ReadSafeguardingOverride = Read SafeguardingOverride;
    CreateSafeguardingOverride = Create SafeguardingOverride;
    ReadOverrideReview = Read OverrideReview;
    CreateOverrideReview = Create OverrideReview;
    ReadAuditTrail = Read AuditTrail;
    ReadSubjectAccess = Read SubjectAccess;
    ReadChangeFeed = Read ChangeFeed;
    ReadIdentity = Read Identity;
    ReadAssessment = Read Assessment;
    CreateAssessment = Create Assessment;
    UpdateAssessment = Update Assessment;
    ReadFamilyMeeting = Read FamilyMeeting;
    CreateFamilyMeeting = Create FamilyMeeting;
    UpdateFamilyMeeting = Update FamilyMeeting;
    ReadLaSettings = Read LaSettings;
    UpdateLaSettings = Update LaSettings;
}

/// The 403 of an operation that asks the rule for `action` on `resource`:
/// problem+json, saying which roles the rule grants, tagged with the rule
/// (`x-policy: {action, resource}`) for tools and tests to read.
pub fn refused(action: Action, resource: Resource) -> Response {
    let mut response = problem_response(&description(action, resource));
    response.extensions = Some(
        ExtensionsBuilder::new()
            .add(
                "x-policy",
                serde_json::json!({"action": action.as_str(), "resource": resource.as_str()}),
            )
            .build(),
    );
    response
}

/// The roles the rule grants, in the policy's order of roles.
fn granted(action: Action, resource: Resource) -> Vec<Role> {
    let grants = rule(action, resource).map_or(&[][..], |r| r.grants);
    Role::ALL
        .into_iter()
        .filter(|role| grants.iter().any(|(g, _)| g == role))
        .collect()
}

fn description(action: Action, resource: Resource) -> String {
    let roles = granted(action, resource);
    let rule = format!(
        "the policy's rule for `{}` on `{}`, named in `x-policy`",
        action.as_str(),
        resource.as_str()
    );
    if roles.is_empty() {
        return format!("Refused (`forbidden`) to every role: {rule}, grants none.");
    }
    if roles.len() == Role::ALL.len() {
        return format!("Not given to a valid token: {rule}, grants every role.");
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    format!(
        "Refused (`forbidden`) unless the caller's role is one of: {} ({rule}). The rule is asked \
         before the path, query and body are read: a refused caller gets this whatever it sends.",
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marker_names_a_rule_the_policy_has_once() {
        for (i, (name, action, resource)) in ALL.iter().enumerate() {
            assert!(
                rule(*action, *resource).is_some(),
                "{name}: the policy has no rule for {action:?} {resource:?}"
            );
            assert!(
                !ALL[i + 1..]
                    .iter()
                    .any(|(_, a, r)| (a, r) == (action, resource)),
                "{name}: the rule is declared twice"
            );
        }
    }

    #[test]
    fn the_403_says_which_roles_are_granted_and_names_the_rule() {
        let (name, response) = <ReadConsent as utoipa::ToResponse>::response();
        assert_eq!(name, "ReadConsentRefused");
        let RefOr::T(response) = response else {
            panic!("a response, not a reference")
        };
        assert!(
            response.description.starts_with(
                "Refused (`forbidden`) unless the caller's role is one of: school_staff, parent (the policy's rule for `read` on `consent`"
            ),
            "{}",
            response.description
        );
        let json = serde_json::to_value(&response).expect("json");
        assert_eq!(
            json["x-policy"],
            serde_json::json!({"action": "read", "resource": "consent"})
        );
        assert!(
            json["content"]["application/problem+json"]["schema"]["$ref"]
                .as_str()
                .is_some_and(|r| r.ends_with("/Problem")),
            "{json}"
        );
    }
}

/// The operations whose 403 names each rule, read from the contract when
/// the server is built (`openapi::operations_by_rule`): what `GET /v1/me`
/// tells a caller it may call.
#[derive(Debug, Clone, Default)]
pub struct OperationsByRule(pub std::collections::HashMap<(Action, Resource), Vec<String>>);

impl OperationsByRule {
    pub fn asking(&self, action: Action, resource: Resource) -> Vec<String> {
        self.0.get(&(action, resource)).cloned().unwrap_or_default()
    }
}
