use super::*;
use crate::consent::{Decision, Entry, Purpose};
use crate::pathway::{
    ClusterOutcome as Outcome, Effectiveness, MeetingDecision as D, ReferralSource as Source,
};
use chrono::NaiveDateTime;
use proptest::prelude::*;

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
}

fn at(n: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 1, 1)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time")
        + chrono::Duration::minutes(i64::from(n))
}

const SEQUENCE: [&str; 64] = [
    "00", "01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15",
    "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
    "32", "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63",
];

fn given(purposes: &[Purpose]) -> Vec<Entry<'static>> {
    purposes
        .iter()
        .enumerate()
        .map(|(i, p)| Entry {
            purpose: *p,
            scope: None,
            decision: Decision::Given,
            agencies: Vec::new(),
            recorded_at: at(i as u32),
            expires_on: None,
            sequence: SEQUENCE[i],
        })
        .collect()
}

const ALL_CONSENTS: [Purpose; 3] = [
    Purpose::ClusterReferral,
    Purpose::InformationSharing,
    Purpose::CamhsReferral,
];

fn facts<'a>(consents: &'a [Entry<'a>], reviews: &'a [Effectiveness]) -> Facts<'a> {
    Facts {
        today: day(),
        consents,
        plan_reviews: reviews,
        open_interventions: 0,
        outcome: Some(Outcome::UnmetSemhNeeds),
        safeguarding_override: false,
        referral_on_hold: false,
    }
}

const MOVES: [Move; 12] = [
    Move::ReferToCluster(Source::School),
    Move::ReferToCluster(Source::Health),
    Move::Decide(D::Accept),
    Move::Decide(D::AdviceToSchool),
    Move::Decide(D::Waitlist),
    Move::Decide(D::Decline),
    Move::Decide(D::ReferElsewhere),
    Move::Decide(D::Defer),
    Move::RecordOutcome(Outcome::UnmetSemhNeeds),
    Move::ReferToCamhs,
    Move::Close,
    Move::Reopen,
];

/// The whole table with every condition met: each stage and move gives the
/// stage expected, or wrong_stage.
#[test]
fn every_stage_with_every_move() {
    use Stage::*;
    let consents = given(&ALL_CONSENTS);
    let reviews = [Effectiveness::NotEffective];
    let f = facts(&consents, &reviews);
    let expected: [[Option<Stage>; 12]; 7] = [
        // refer(school), refer(health), accept, advice, waitlist, decline, elsewhere, defer, outcome, camhs, close, reopen
        [
            Some(ReferredToCluster),
            Some(ReferredToCluster),
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            Some(ReceivingClusterSupport),
            Some(InSchoolSupport),
            Some(Waitlisted),
            Some(InSchoolSupport),
            Some(InSchoolSupport),
            Some(ReferredToCluster),
            None,
            None,
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            Some(ReceivingClusterSupport),
            Some(InSchoolSupport),
            Some(Waitlisted),
            Some(InSchoolSupport),
            Some(InSchoolSupport),
            Some(Waitlisted),
            None,
            None,
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(ClusterWorkComplete),
            None,
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(ReferredToCamhs),
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(Closed),
            None,
        ],
        [
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            Some(InSchoolSupport),
        ],
    ];
    for (stage, row) in Stage::ALL.iter().zip(expected) {
        for (mv, want) in MOVES.iter().zip(row) {
            let got = next(*stage, *mv, &f);
            match want {
                Some(to) => {
                    assert_eq!(got, Ok(Transition { from: *stage, to }), "{stage:?} {mv:?}")
                }
                None => assert_eq!(got, Err(Refusal::WrongStage), "{stage:?} {mv:?}"),
            }
        }
    }
}

#[test]
fn a_school_referral_needs_a_plan_that_did_not_work() {
    let consents = given(&ALL_CONSENTS);
    let school = Move::ReferToCluster(Source::School);
    for reviews in [&[][..], &[Effectiveness::Effective][..]] {
        assert_eq!(
            next(Stage::InSchoolSupport, school, &facts(&consents, reviews)),
            Err(Refusal::PlanNotReviewed)
        );
    }
    for found in [Effectiveness::PartlyEffective, Effectiveness::NotEffective] {
        assert!(
            next(
                Stage::InSchoolSupport,
                school,
                &facts(&consents, &[Effectiveness::Effective, found])
            )
            .is_ok()
        );
    }
    // Health needs no plan.
    assert!(
        next(
            Stage::InSchoolSupport,
            Move::ReferToCluster(Source::Health),
            &facts(&consents, &[])
        )
        .is_ok()
    );
}

#[test]
fn every_referral_needs_its_consents() {
    let reviews = [Effectiveness::NotEffective];
    let none = given(&[]);
    let sharing_only = given(&[Purpose::InformationSharing]);
    let referral_only = given(&[Purpose::ClusterReferral]);
    let school = Move::ReferToCluster(Source::School);
    let health = Move::ReferToCluster(Source::Health);
    assert_eq!(
        next(Stage::InSchoolSupport, school, &facts(&none, &reviews)),
        Err(Refusal::ClusterReferralConsentRequired)
    );
    assert_eq!(
        next(
            Stage::InSchoolSupport,
            school,
            &facts(&sharing_only, &reviews)
        ),
        Err(Refusal::ClusterReferralConsentRequired)
    );
    assert_eq!(
        next(
            Stage::InSchoolSupport,
            school,
            &facts(&referral_only, &reviews)
        ),
        Err(Refusal::InformationSharingConsentRequired)
    );
    assert_eq!(
        next(Stage::InSchoolSupport, health, &facts(&none, &[])),
        Err(Refusal::ClusterReferralConsentRequired)
    );
    assert!(next(Stage::InSchoolSupport, health, &facts(&referral_only, &[])).is_ok());
}

#[test]
fn a_meeting_shares_only_with_consent_or_a_safeguarding_override() {
    let referral_only = given(&[Purpose::ClusterReferral]);
    let accept = Move::Decide(D::Accept);
    let mut f = facts(&referral_only, &[]);
    assert_eq!(
        next(Stage::ReferredToCluster, accept, &f),
        Err(Refusal::InformationSharingConsentRequired)
    );
    f.safeguarding_override = true;
    assert!(next(Stage::ReferredToCluster, accept, &f).is_ok());
}

/// What a decision carries is the `Outcome`'s (`pathway::outcome`): the
/// table takes the decision alone and says where it leads.
#[test]
fn each_decision_leads_where_it_says() {
    let consents = given(&ALL_CONSENTS);
    let f = facts(&consents, &[]);
    for (from, decision, to) in [
        (
            Stage::ReferredToCluster,
            D::Accept,
            Stage::ReceivingClusterSupport,
        ),
        (Stage::ReferredToCluster, D::Waitlist, Stage::Waitlisted),
        (Stage::Waitlisted, D::Accept, Stage::ReceivingClusterSupport),
        (Stage::Waitlisted, D::Waitlist, Stage::Waitlisted),
        (
            Stage::ReferredToCluster,
            D::AdviceToSchool,
            Stage::InSchoolSupport,
        ),
        (Stage::ReferredToCluster, D::Decline, Stage::InSchoolSupport),
        (
            Stage::ReferredToCluster,
            D::ReferElsewhere,
            Stage::InSchoolSupport,
        ),
        (Stage::ReferredToCluster, D::Defer, Stage::ReferredToCluster),
        (Stage::Waitlisted, D::Defer, Stage::Waitlisted),
    ] {
        assert_eq!(
            next(from, Move::Decide(decision), &f),
            Ok(Transition { from, to }),
            "{decision:?} from {from:?}"
        );
    }
}

#[test]
fn the_outcome_waits_for_every_intervention_to_end() {
    let consents = given(&ALL_CONSENTS);
    let mut f = facts(&consents, &[]);
    f.open_interventions = 1;
    let outcome = Move::RecordOutcome(Outcome::NeedsMet);
    assert_eq!(
        next(Stage::ReceivingClusterSupport, outcome, &f),
        Err(Refusal::InterventionsOpen)
    );
    f.open_interventions = 0;
    assert!(next(Stage::ReceivingClusterSupport, outcome, &f).is_ok());
}

#[test]
fn camhs_follows_only_unmet_semh_needs_with_consent() {
    let without = given(&[Purpose::ClusterReferral, Purpose::InformationSharing]);
    let with = given(&ALL_CONSENTS);
    let mut f = facts(&with, &[]);
    f.outcome = Some(Outcome::NeedsMet);
    assert_eq!(
        next(Stage::ClusterWorkComplete, Move::ReferToCamhs, &f),
        Err(Refusal::UnmetSemhNeedsRequired)
    );
    f.outcome = None;
    assert_eq!(
        next(Stage::ClusterWorkComplete, Move::ReferToCamhs, &f),
        Err(Refusal::UnmetSemhNeedsRequired)
    );
    let f = facts(&without, &[]);
    assert_eq!(
        next(Stage::ClusterWorkComplete, Move::ReferToCamhs, &f),
        Err(Refusal::CamhsConsentRequired)
    );
}

/// One step of a random history: a move, or a consent given or withdrawn,
/// or a review, or an intervention started or ended.
#[derive(Debug, Clone)]
enum Step {
    Move(Move),
    Consent(Purpose, Decision),
    Review(Effectiveness),
    StartIntervention,
    EndIntervention,
    Outcome(Outcome),
}

fn step() -> impl Strategy<Value = Step> {
    let purpose = prop::sample::select(ALL_CONSENTS.to_vec());
    let decision = prop::sample::select(vec![
        Decision::Given,
        Decision::Withdrawn,
        Decision::Refused,
    ]);
    prop_oneof![
        4 => prop::sample::select(MOVES.to_vec()).prop_map(Step::Move),
        3 => (purpose, decision).prop_map(|(p, d)| Step::Consent(p, d)),
        1 => prop::sample::select(vec![Effectiveness::Effective, Effectiveness::PartlyEffective, Effectiveness::NotEffective]).prop_map(Step::Review),
        1 => Just(Step::StartIntervention),
        1 => Just(Step::EndIntervention),
        1 => prop::sample::select(vec![Outcome::NeedsMet, Outcome::UnmetSemhNeeds]).prop_map(Step::Outcome),
    ]
}

proptest! {
    /// Whatever happens, in whatever order: a case reaches the cluster only
    /// with consent for a cluster referral in force, and CAMHS only with
    /// consent for a CAMHS referral in force after an outcome of unmet
    /// SEMH needs.
    #[test]
    fn no_history_escalates_without_consent(steps in prop::collection::vec(step(), 1..60)) {
        let mut stage = Stage::InSchoolSupport;
        let mut ledger: Vec<(Purpose, Decision)> = Vec::new();
        let mut reviews = Vec::new();
        let mut open = 0usize;
        let mut outcome = None;
        for s in steps {
            match s {
                Step::Consent(p, d) => ledger.push((p, d)),
                Step::Review(r) => reviews.push(r),
                Step::StartIntervention => open += 1,
                Step::EndIntervention => open = open.saturating_sub(1),
                Step::Outcome(o) => outcome = Some(o),
                Step::Move(mv) => {
                    let entries: Vec<Entry<'_>> = ledger
                        .iter()
                        .enumerate()
                        .map(|(i, (p, d))| Entry {
                            purpose: *p,
                            scope: None,
                            decision: *d,
                            agencies: Vec::new(),
                            recorded_at: at(i as u32),
                            expires_on: None,
                            sequence: SEQUENCE[i % 64],
                        })
                        .collect();
                    let f = Facts { today: day(), consents: &entries, plan_reviews: &reviews, open_interventions: open, outcome, safeguarding_override: false, referral_on_hold: false };
                    if let Ok(t) = next(stage, mv, &f) {
                        if t.to == Stage::ReferredToCluster && t.from != Stage::ReferredToCluster {
                            prop_assert!(is_given(&entries, Purpose::ClusterReferral, None, day()));
                        }
                        if t.to == Stage::ReferredToCamhs {
                            prop_assert!(is_given(&entries, Purpose::CamhsReferral, None, day()));
                            prop_assert_eq!(outcome, Some(Outcome::UnmetSemhNeeds));
                        }
                        stage = t.to;
                    }
                }
            }
        }
    }
}

/// A case whose referral is on hold is referred again only by giving the
/// consent back: the refusal says so. Every other move is as the table has
/// it, whatever the hold.
#[test]
fn referring_again_while_a_referral_is_on_hold_says_it_is_on_hold() {
    use Stage::*;
    let consents = given(&ALL_CONSENTS);
    let reviews = [Effectiveness::NotEffective];
    let mut held = facts(&consents, &reviews);
    held.referral_on_hold = true;
    let free = facts(&consents, &reviews);
    for stage in [
        InSchoolSupport,
        ReferredToCluster,
        Waitlisted,
        ReceivingClusterSupport,
        ClusterWorkComplete,
        ReferredToCamhs,
        Closed,
    ] {
        for mv in MOVES {
            let again = matches!(
                (stage, mv),
                (ReferredToCluster | Waitlisted, Move::ReferToCluster(_))
                    | (ReferredToCamhs, Move::ReferToCamhs)
            );
            assert_eq!(refers_again(stage, mv), again, "{stage:?} {mv:?}");
            if again {
                assert_eq!(
                    next(stage, mv, &free),
                    Err(Refusal::WrongStage),
                    "{stage:?} {mv:?}"
                );
                assert_eq!(
                    next(stage, mv, &held),
                    Err(Refusal::ReferralOnHold),
                    "{stage:?} {mv:?}"
                );
            } else {
                assert_eq!(
                    next(stage, mv, &held),
                    next(stage, mv, &free),
                    "{stage:?} {mv:?}"
                );
            }
        }
    }
}
