//! What CAMHS sees of a referral: the needs, plans, support and outcome
//! the family agreed to refer, and, marked with their reasons, what stays
//! with the school and the cluster: the concerns in their own words and a
//! safeguarding override's details.

use super::{at_camhs, camhs, cluster};
use crate::accountability::{new_override, overridden};
use crate::both;
use crate::pathway::{demo, id, items};
use serde_json::{Value, json};

fn redactions(referral: &Value) -> Value {
    referral.get("redactions").cloned().unwrap_or(json!([]))
}

both! {
    async fn camhs_sees_its_referral_with_what_it_may_not_see_marked(app: TestApp) {
        let d = demo(&app).await;
        let (s, made) = at_camhs(&app, &d).await;
        let path = format!("/v1/camhs-referrals/{}", id(&made));
        let cm = camhs(&app);

        // Before any override: only the concerns' own words are withheld.
        let seen = app.get(&path, &cm).await.expect(200).json();
        assert_eq!(redactions(&seen), json!([
            {"field": "compiled.concerns[].description", "reason": "not_permitted_for_role"},
        ]));
        assert!(seen["compiled"]["plans"].as_array().is_some_and(|p| !p.is_empty()), "{seen}");

        overridden(&app, &d.f.staff, &s.case).await;
        let expected = json!([
            {"field": "compiled.concerns[].description", "reason": "not_permitted_for_role"},
            {"field": "safeguarding_overrides", "reason": "safeguarding"},
        ]);
        let seen = app.get(&path, &cm).await.expect(200).json();
        assert_eq!(redactions(&seen), expected);
        let listed = items(&app, &cm, "/v1/camhs-referrals").await;
        assert_eq!(redactions(&listed[0]), expected);
        let text = seen.to_string();
        for private in ["Tearful at drop-off.", new_override()["rationale"].as_str().expect("rationale")] {
            assert!(!text.contains(private), "CAMHS is shown {private:?}: {text}");
        }

        // The school and the cluster read the case itself: nothing withheld.
        for token in [d.f.staff.clone(), cluster(&d)] {
            let seen = app.get(&path, &token).await.expect(200).json();
            assert!(seen.get("redactions").is_none(), "{seen}");
        }
    }
}
