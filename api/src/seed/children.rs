//! The demo's children: who they are, at which school, and how far along
//! the pathway each one's story goes. Names are drawn in a fixed order
//! from two made-up lists, so every run tells the same stories.

use chrono::{Days, Months, NaiveDate};
use domain::Upn;

/// How far a child's case goes, and so the stage it ends at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Story {
    /// A concern raised, nothing yet planned: in school support.
    Concern,
    /// An in-school plan agreed, its review still to come.
    Planned,
    /// The plan worked: the case closed with needs met.
    Closed,
    /// Referred to the cluster, not yet on an agenda.
    Submitted,
    /// Referred, on the agenda of the cluster's next meeting.
    Scheduled,
    /// Referred, then the family withdrew consent to share: the referral
    /// on hold, on no agenda.
    OnHold,
    /// The last meeting waitlisted them, and signposted them meanwhile.
    Waitlisted,
    /// The last meeting gave the school advice: back to in-school support.
    Advised,
    /// Accepted at the meeting before: interventions under way.
    Supported,
    /// Accepted, the interventions done, the cluster's work complete.
    Complete,
    /// As `Complete`, with SEMH needs unmet: referred on to CAMHS.
    Camhs,
}

impl Story {
    /// Whether the school agreed (and so reviewed, if it referred) a plan.
    pub fn planned(self) -> bool {
        self != Story::Concern
    }

    /// Whether the meeting before last accepted the referral.
    pub fn accepted(self) -> bool {
        matches!(self, Story::Supported | Story::Complete | Story::Camhs)
    }

    /// When the concern was raised, the plan agreed and then reviewed
    /// (when the school referred, or closed the case), counting back
    /// from `today`.
    pub fn dates(self, today: NaiveDate) -> (NaiveDate, NaiveDate, NaiveDate) {
        let raised = today
            .checked_sub_days(Days::new(self.weeks_ago() * 7))
            .unwrap_or(today);
        let agreed = raised.checked_add_days(Days::new(7)).unwrap_or(raised);
        let reviewed = agreed
            .checked_add_days(Days::new(42))
            .unwrap_or(agreed)
            .min(today);
        (raised, agreed, reviewed)
    }

    /// How many weeks ago the first concern was raised.
    fn weeks_ago(self) -> u64 {
        match self {
            Story::Concern => 2,
            Story::Planned => 5,
            Story::Submitted | Story::Scheduled | Story::OnHold => 9,
            Story::Waitlisted | Story::Advised => 12,
            Story::Closed => 14,
            Story::Supported | Story::Complete | Story::Camhs => 20,
        }
    }
}

/// Who a child of the demo is.
#[derive(Debug, Clone)]
pub struct DemoChild {
    pub given_name: &'static str,
    pub family_name: &'static str,
    pub carer_name: String,
    pub upn: Upn,
    pub date_of_birth: NaiveDate,
    pub story: Story,
}

const GIVEN: &[&str] = &[
    "Olivia", "Muhammad", "Isla", "Jack", "Ava", "Harry", "Maryam", "Noah", "Freya", "Ibrahim",
    "Poppy", "Leo", "Aisha", "Oscar", "Evie", "Zain", "Grace", "Alfie", "Hafsa", "Theo", "Ruby",
    "Ayaan", "Ella", "Charlie", "Sofia", "Jacob", "Layla", "Finley", "Imogen", "Bilal",
];
const FAMILY: &[&str] = &[
    "Ahmed", "Brook", "Clarke", "Dyson", "Earnshaw", "Fletcher", "Gill", "Haigh", "Iqbal",
    "Jagger", "Kaur", "Lockwood", "Mahmood", "Naylor", "Oldroyd", "Patel", "Quarmby", "Rashid",
    "Sykes", "Taylor", "Uddin", "Varley", "Walker", "Xu", "Yates",
];
const CARER_GIVEN: &[&str] = &[
    "Sarah", "Nadia", "Emma", "Tariq", "Claire", "Shazia", "Paul", "Lisa", "Yasmin", "Mark",
    "Gemma", "Farah",
];

/// The `n`th child of the demo (counted across the LA), at a school of
/// `phase` whose DfE number is `dfe_number`, with `story`; `today` fixes
/// their age.
pub fn nth(
    n: usize,
    dfe_number: &str,
    phase: &str,
    story: Story,
    today: NaiveDate,
) -> Option<DemoChild> {
    let given_name = GIVEN[n % GIVEN.len()];
    let family_name = FAMILY[(n * 7 + 3) % FAMILY.len()];
    // Signposting while waitlisted needs a service for their age: Kooth
    // takes children from 10.
    let age: u32 = match (phase, story) {
        (_, Story::Waitlisted) => 10,
        ("infant", _) => 5 + (n % 2) as u32,
        ("junior", _) => 8 + (n % 3) as u32,
        ("secondary", _) => 12 + (n % 4) as u32,
        _ => 6 + (n % 5) as u32,
    };
    let born = today
        .checked_sub_months(Months::new(12 * age + 1))
        .and_then(|d| d.checked_sub_days(Days::new((n as u64 * 37) % 300)))
        .unwrap_or(today);
    let establishment: String = dfe_number.chars().filter(char::is_ascii_digit).collect();
    Some(DemoChild {
        given_name,
        family_name,
        carer_name: format!("{} {family_name}", CARER_GIVEN[n % CARER_GIVEN.len()]),
        upn: upn(&establishment, n)?,
        date_of_birth: born,
        story,
    })
}

/// A valid UPN for the `n`th child of the school `establishment` (its DfE
/// number's seven digits): the check letter is the one that parses.
pub fn upn(establishment: &str, n: usize) -> Option<Upn> {
    let body = format!("{establishment}25{:03}", 100 + n % 900);
    "ABCDEFGHJKLMNPQRTUVWXYZ"
        .chars()
        .find_map(|letter| Upn::parse(&format!("{letter}{body}")).ok())
}
