//! The demo parent's family: two siblings at Birkby Junior School with
//! their mother, so that the parent and school staff tokens have someone
//! to see. Reference data for the tests that build on it, loaded as the
//! rest of the reference data is; their cases are the tests' to open.

use persistence::people::carers::{self, CarerData};
use persistence::people::children::{self, ChildData};
use persistence::reference::schools;
use persistence::{StoreError, Uow};

/// The carer a demo `parent` token names: the parent of the demo children.
pub const DEMO_CARER_ID: &str = "0193b2a4-0000-7000-8000-00000000ca01";

/// Birkby Junior School, the school staff token's.
pub const SCHOOL_URN: &str = "990101";

/// (UPN, given name, date of birth, SEN status)
type DemoChild = (&'static str, &'static str, (i32, u32, u32), &'static str);

const CHILDREN: &[DemoChild] = &[
    ("F382210125001", "Amelia", (2016, 3, 10), "sen_support"),
    ("V382210125002", "Yusuf", (2018, 1, 22), "none"),
];

/// The family, once the clusters' schools are there.
pub fn seed(uow: &mut Uow<'_>) -> Result<(), StoreError> {
    let Some(school) = schools::find_by_urn(uow, SCHOOL_URN)? else {
        return Ok(());
    };
    if carers::get(uow, DEMO_CARER_ID).is_err() {
        let mother = CarerData {
            name: "Sara Hussain".into(),
            relationship: "mother".into(),
            parental_responsibility: true,
            parental_responsibility_basis: Some("birth_mother".into()),
            email: Some("sara.hussain@example.org".into()),
            phone: Some("07700 900123".into()),
            preferred_contact: "phone".into(),
        };
        carers::seed(uow, DEMO_CARER_ID.into(), mother)?;
    }
    for (upn, name, (y, m, d), sen) in CHILDREN {
        let child = match children::find_by_upn(uow, upn)? {
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
                children::seed(uow, data)?
            }
        };
        carers::seed_link(uow, &child.id, DEMO_CARER_ID)?;
    }
    Ok(())
}
