//! Recording a safeguarding override: every field the law asks for, by those
//! who share, flagged for the DPO, on the case's timeline, never changed
//! afterwards; and the override opens the meeting to a case without consent
//! to share.

use super::{new_override, overridden, overrides_of, record, review, stored};
use crate::both;
use crate::cluster_work::{
    Referred, cluster, decide, decision, gp_referral, referral_status, schedule,
};
use crate::consent::{assert_append_only, leeds, staff_at};
use crate::pathway::{
    agree_plan, consent_to_refer, days_ahead, demo, get_case, id, items, kinds, open_case,
    practitioner, refer, timeline,
};
use crate::reference::{assert_invalid, assert_utc};
use domain::Role;
use serde_json::json;

both! {
    async fn school_staff_record_an_override_with_every_field(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let before = timeline(&app, staff, &case).await;

        let made = overridden(&app, staff, &case).await;
        let sent = new_override();
        for key in ["article_6_basis", "article_9_condition", "shared", "recipients",
            "no_consent_reason", "rationale"] {
            assert_eq!(made[key], sent[key], "{key}");
        }
        assert_eq!(made["case_id"], case.as_str());
        assert_eq!(made["child_id"], d.f.amelia.as_str());
        assert_eq!(made["recorded_by"], "test-school_staff");
        assert_eq!(made["recorded_by_role"], "school_staff");
        assert_eq!(made["flagged_for_review"], true);
        assert_eq!(made["reviews"], json!([]));
        uuid::Uuid::parse_str(id(&made)).expect("a UUID id");
        assert_utc(&made["created_at"]);
        assert_utc(&made["updated_at"]);
        assert!(made.get("version").is_none(), "an override is never updated: {made}");
        let nulls: Vec<_> = made.as_object().expect("object").iter().filter(|(_, v)| v.is_null()).collect();
        assert!(nulls.is_empty(), "{made}");

        let listed = items(&app, staff, &overrides_of(&case)).await;
        assert_eq!(listed, std::slice::from_ref(&made));
        let story = timeline(&app, staff, &case).await;
        assert_eq!(story[..before.len()], before[..]);
        let added = &story[before.len()..];
        assert_eq!(kinds(added), ["safeguarding_override"]);
        assert_eq!(added[0]["resource_id"], made["id"]);
        assert_eq!(added[0]["actor"], "test-school_staff");
        assert_eq!(stored(&app).len(), 1);

        // The cluster's practitioner records and reads them once the case
        // is referred to the cluster, and not before.
        let c = cluster(&d);
        let yusuf = open_case(&app, staff, &d.f.yusuf).await;
        record(&app, &c, id(&yusuf), &new_override()).await.expect_problem(404, "not_found");
        app.get(&overrides_of(id(&yusuf)), &c).await.expect_problem(404, "not_found");
        let plan = agree_plan(&app, staff, &case, days_ahead(42)).await;
        crate::pathway::review(&app, staff, id(&plan), "not_effective").await;
        consent_to_refer(&app, &d, &d.f.amelia).await;
        let referral = refer(&app, staff, &case).await.expect(201).json();
        assert_eq!(referral["case_id"], case.as_str());
        let second = overridden(&app, &c, &case).await;
        assert_eq!(second["recorded_by_role"], "cluster_practitioner");
        let listed = items(&app, &c, &overrides_of(&case)).await;
        assert_eq!(listed, [made, second]);
    }

    async fn each_missing_or_invalid_field_is_422_and_writes_nothing(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let before = timeline(&app, staff, &case).await;
        for key in ["article_6_basis", "article_9_condition", "shared", "recipients",
            "no_consent_reason", "rationale"] {
            let mut body = new_override();
            body.as_object_mut().expect("object").remove(key);
            assert_invalid(&record(&app, staff, &case, &body).await, &[(key, "required")]);
        }
        for key in ["article_6_basis", "article_9_condition", "no_consent_reason"] {
            let mut body = new_override();
            body[key] = json!("because_we_said_so");
            assert_invalid(&record(&app, staff, &case, &body).await, &[(key, "invalid_enum_value")]);
        }
        let mut body = new_override();
        body["shared"] = json!("");
        body["recipients"] = json!([]);
        body["rationale"] = json!("");
        assert_invalid(&record(&app, staff, &case, &body).await,
            &[("shared", "length"), ("recipients", "length"), ("rationale", "length")]);
        let mut body = new_override();
        body["recipients"] = json!((0..21).map(|n| format!("Agency {n}")).collect::<Vec<_>>());
        body["rationale"] = json!("x".repeat(4001));
        assert_invalid(&record(&app, staff, &case, &body).await,
            &[("recipients", "length"), ("rationale", "length")]);
        let mut body = new_override();
        body["approved_by"] = json!("Head");
        assert_invalid(&record(&app, staff, &case, &body).await, &[("approved_by", "unknown_field")]);
        assert!(stored(&app).is_empty());
        assert_eq!(timeline(&app, staff, &case).await, before);
    }

    async fn every_missing_field_is_listed_at_once(app: TestApp) {
        // The conventions: "422: errors[] lists every failing field".
        let d = demo(&app).await;
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let r = record(&app, &d.f.staff, id(&case), &json!({})).await;
        assert_invalid(&r, &[("article_6_basis", "required"), ("article_9_condition", "required"),
            ("no_consent_reason", "required"), ("rationale", "required"),
            ("recipients", "required"), ("shared", "required")]);
        let r = record(&app, &d.f.staff, id(&case), &json!({"article_6_basis": "public_task",
            "article_9_condition": "safeguarding_of_children", "shared": "",
            "recipients": [], "no_consent_reason": "would_prejudice_the_purpose"})).await;
        // Field rules run on a whole request: a missing field is reported
        // first, then (once sent) the others' rules.
        assert_invalid(&r, &[("rationale", "required")]);
        assert!(stored(&app).is_empty());
    }

    async fn only_those_who_share_may_record_and_only_their_own(app: TestApp) {
        let d = demo(&app).await;
        let staff = &d.f.staff;
        let case = open_case(&app, staff, &d.f.amelia).await;
        let case = id(&case).to_owned();
        let before = timeline(&app, staff, &case).await;
        for role in [Role::LaOfficer, Role::Parent, Role::Integration, Role::HealthReferrer,
            Role::CamhsPractitioner, Role::Dpo] {
            let r = record(&app, &app.token(role), &case, &new_override()).await;
            r.expect_problem(403, "forbidden");
        }
        for role in [Role::LaOfficer, Role::Parent, Role::Integration, Role::HealthReferrer,
            Role::CamhsPractitioner] {
            app.get(&overrides_of(&case), &app.token(role)).await.expect_problem(403, "forbidden");
        }
        // Another school's staff, another cluster, another LA: not there.
        let other = practitioner(&crate::pathway::another_cluster(&app, 99).await);
        for token in [staff_at("990102"), other, leeds(Role::SchoolStaff)] {
            record(&app, &token, &case, &new_override()).await.expect_problem(404, "not_found");
            app.get(&overrides_of(&case), &token).await.expect_problem(404, "not_found");
        }
        let unknown = uuid::Uuid::now_v7().to_string();
        record(&app, staff, &unknown, &new_override()).await.expect_problem(404, "not_found");
        assert!(stored(&app).is_empty());
        assert_eq!(timeline(&app, staff, &case).await, before);
        assert!(items(&app, staff, &overrides_of(&case)).await.is_empty());
    }

    async fn overrides_and_their_reviews_are_append_only_in_sql(app: TestApp) {
        let d = demo(&app).await;
        let case = open_case(&app, &d.f.staff, &d.f.amelia).await;
        let made = overridden(&app, &d.f.staff, id(&case)).await;
        let body = json!({"outcome": "not_upheld", "note": "Consent could have been sought."});
        review(&app, &super::dpo(&app), id(&made), &body).await.expect(201);
        let before = stored(&app);
        assert_eq!((before.len(), before[0].1.len()), (1, 1));
        assert_append_only(&app, "safeguarding_overrides", "rationale");
        assert_append_only(&app, "override_reviews", "note");
        assert_eq!(stored(&app), before, "the rows are as they were");
    }

    async fn an_override_opens_the_meeting_to_a_case_without_consent_to_share(app: TestApp) {
        let d = demo(&app).await;
        let c = cluster(&d);
        // A GP's referral needs consent for the referral, not for sharing.
        let (case, referral) = gp_referral(&app, &d).await;
        let m = crate::cluster_work::held_meeting(&app, &c, &d.cluster_14).await;
        let s = Referred { case, referral, meeting: m };
        schedule(&app, &c, &s.meeting, &s.referral).await
            .expect_problem(409, "information_sharing_consent_required");
        decide(&app, &c, &s.referral, &decision(&s.meeting, "accept")).await
            .expect_problem(409, "not_on_agenda");
        assert_eq!(referral_status(&app, &c, &s.referral).await, "submitted");

        let made = overridden(&app, &d.f.staff, &s.case).await;
        assert_eq!(made["flagged_for_review"], true);
        let r = schedule(&app, &c, &s.meeting, &s.referral).await;
        assert_eq!(r.expect(200).json()["referral_ids"], json!([s.referral]));
        assert_eq!(referral_status(&app, &c, &s.referral).await, "scheduled_for_meeting");
        let mut body = decision(&s.meeting, "accept");
        body["interventions"] = json!([crate::cluster_work::counselling()]);
        let r = decide(&app, &c, &s.referral, &body).await;
        assert_eq!(r.expect(201).json()["decision"], "accept");
        assert_eq!(referral_status(&app, &c, &s.referral).await, "accepted");
        assert_eq!(get_case(&app, &c, &s.case).await["stage"], "receiving_cluster_support");
        let story = timeline(&app, &c, &s.case).await;
        let k = kinds(&story);
        let at = |kind: &str| k.iter().position(|x| *x == kind).unwrap_or_else(|| panic!("no {kind} in {k:?}"));
        assert!(at("safeguarding_override") < at("referral_scheduled"), "{k:?}");
    }
}
