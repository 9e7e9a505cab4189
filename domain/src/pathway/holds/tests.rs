use super::*;
use crate::consent::Decision;
use ReferralStatus::*;

const ALL: [ReferralStatus; 9] = [
    Submitted,
    ScheduledForMeeting,
    OnHold,
    Accepted,
    AdviceGiven,
    Waitlisted,
    Declined,
    ReferredElsewhere,
    Withdrawn,
];

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("date")
}

fn entry(purpose: Purpose, decision: Decision, hour: u32) -> Entry<'static> {
    let at = day(2).and_hms_opt(hour, 0, 0).expect("time");
    Entry {
        sequence: "",
        purpose,
        scope: None,
        agencies: Vec::new(),
        decision,
        recorded_at: at,
        expires_on: None,
    }
}

fn refer() -> Entry<'static> {
    entry(Purpose::ClusterReferral, Decision::Given, 9)
}

fn share() -> Entry<'static> {
    entry(Purpose::InformationSharing, Decision::Given, 9)
}

#[test]
fn a_meeting_decides_only_with_both_consents_in_force() {
    let today = day(3);
    assert_eq!(undecidable(&[refer(), share()], today, false), None);
    assert_eq!(
        undecidable(&[refer()], today, false),
        Some(Hold::SharingConsent),
        "sharing never decided is not sharing in force"
    );
    assert_eq!(undecidable(&[refer()], today, true), None, "an override");
    assert_eq!(
        undecidable(&[share()], today, false),
        Some(Hold::ReferralConsent)
    );
    assert_eq!(
        undecidable(&[], today, false),
        Some(Hold::SharingConsent),
        "sharing is asked first, as discussing is sharing"
    );
    let withdrawn = [
        refer(),
        share(),
        entry(Purpose::ClusterReferral, Decision::Withdrawn, 10),
    ];
    assert_eq!(
        undecidable(&withdrawn, today, true),
        Some(Hold::ReferralConsent),
        "an override stands in for sharing, never for the referral"
    );
    let mut lapsed = refer();
    lapsed.expires_on = Some(day(2));
    assert_eq!(
        undecidable(&[lapsed, share()], today, false),
        Some(Hold::ReferralConsent),
        "consent run out is not in force"
    );
    assert_eq!(
        Hold::ReferralConsent.refusal(),
        Refusal::ClusterReferralConsentRequired
    );
    assert_eq!(
        Hold::SharingConsent.refusal(),
        Refusal::InformationSharingConsentRequired
    );
}

#[test]
fn consent_to_refer_and_to_share_each_hold_a_referral() {
    use Decision::*;
    use Purpose::*;
    let today = day(3);
    assert_eq!(referral_hold(&[refer(), share()], today, false), None);
    // A health referral: consent to refer, sharing never decided.
    assert_eq!(referral_hold(&[refer()], today, false), None);
    assert_eq!(
        referral_hold(&[share()], today, false),
        Some(Hold::ReferralConsent)
    );
    let unshared = [refer(), share(), entry(InformationSharing, Withdrawn, 10)];
    assert_eq!(
        referral_hold(&unshared, today, false),
        Some(Hold::SharingConsent)
    );
    assert_eq!(
        referral_hold(&unshared, today, true),
        None,
        "an override opens the case to the meeting"
    );
    let refused = [refer(), entry(InformationSharing, Refused, 10)];
    assert_eq!(
        referral_hold(&refused, today, false),
        Some(Hold::SharingConsent)
    );
    let neither = [
        refer(),
        share(),
        entry(InformationSharing, Withdrawn, 10),
        entry(ClusterReferral, Withdrawn, 11),
    ];
    assert_eq!(
        referral_hold(&neither, today, false),
        Some(Hold::ReferralConsent)
    );
    // Both must be in force again: one given back holds it still.
    let mut one_back = neither.to_vec();
    one_back.push(entry(ClusterReferral, Given, 12));
    assert_eq!(
        referral_hold(&one_back, today, false),
        Some(Hold::SharingConsent)
    );
    one_back.push(entry(InformationSharing, Given, 13));
    assert_eq!(referral_hold(&one_back, today, false), None);
}

#[test]
fn a_held_referral_resumes_where_the_last_decision_left_it() {
    assert_eq!(resumes_as(None), Submitted);
    assert_eq!(resumes_as(Some(MeetingDecision::Defer)), Submitted);
    assert_eq!(resumes_as(Some(MeetingDecision::Waitlist)), Waitlisted);
}

#[test]
fn a_consent_change_holds_what_is_still_to_decide_and_resumes_what_is_held() {
    // Each status: what a hold makes of it, and what consent in force again
    // makes of it (resuming as waitlisted, where the last decision left it).
    let table = [
        (Submitted, Some(OnHold), None),
        (ScheduledForMeeting, Some(OnHold), None),
        (Waitlisted, Some(OnHold), None),
        (OnHold, None, Some(Waitlisted)),
        (Accepted, None, None),
        (AdviceGiven, None, None),
        (Declined, None, None),
        (ReferredElsewhere, None, None),
        (Withdrawn, None, None),
    ];
    assert_eq!(table.len(), ALL.len());
    for (status, held, resumed) in table {
        for why in [Hold::ReferralConsent, Hold::SharingConsent] {
            assert_eq!(
                after_consent_change(status, Some(why), Waitlisted),
                held,
                "{status:?} held for {why:?}"
            );
        }
        assert_eq!(
            after_consent_change(status, None, Waitlisted),
            resumed,
            "{status:?} with both consents in force"
        );
    }
    assert_eq!(
        after_consent_change(OnHold, None, Submitted),
        Some(Submitted)
    );
}

#[test]
fn a_held_referral_leaves_the_agendas_of_meetings_still_to_meet() {
    assert!(
        leaves_agenda(MeetingStatus::Scheduled),
        "a scheduled meeting is to come, whatever its date"
    );
    assert!(
        !leaves_agenda(MeetingStatus::Held),
        "a held meeting keeps its record"
    );
    assert!(
        !leaves_agenda(MeetingStatus::Cancelled),
        "a cancelled meeting keeps what was to be"
    );
}

#[test]
fn an_agenda_takes_only_what_its_meeting_could_decide() {
    for status in ALL {
        for lacking in [
            None,
            Some(Hold::ReferralConsent),
            Some(Hold::SharingConsent),
        ] {
            let expected = match (status, lacking) {
                (OnHold, _) => Err(Refusal::ReferralOnHold),
                (Submitted | ScheduledForMeeting | Waitlisted, None) => Ok(()),
                (Submitted | ScheduledForMeeting | Waitlisted, Some(h)) => Err(h.refusal()),
                _ => Err(Refusal::WrongStage),
            };
            assert_eq!(
                agenda_gate(status, lacking),
                expected,
                "{status:?} lacking {lacking:?}"
            );
        }
    }
}
