//! Carers as shown, with the closed values their records hold read back.

use super::utc;
use chrono::{DateTime, Utc};
use domain::carer::{ContactMethod, ResponsibilityBasis};
use persistence::StoreError;
use persistence::people::carers as store;
use persistence::stored::Stored;
use serde::Serialize;
use utoipa::ToSchema;

/// The stored basis of a carer's parental responsibility, if any.
fn basis_of(c: &store::Carer) -> Result<Option<ResponsibilityBasis>, StoreError> {
    c.stored().decode_opt(
        "parental_responsibility_basis",
        c.parental_responsibility_basis.as_deref(),
        ResponsibilityBasis::parse,
    )
}

/// How a stored carer prefers to be contacted.
fn contact_of(c: &store::Carer) -> Result<ContactMethod, StoreError> {
    c.stored().decode(
        "preferred_contact",
        &c.preferred_contact,
        ContactMethod::parse,
    )
}

/// A carer.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"id": "0193db6f-507f-7f5b-b120-44eb1e75a742",
    "name": "Sara Hussain",
    "relationship": "mother",
    "parental_responsibility": true,
    "parental_responsibility_basis": "birth_mother",
    "email": "sara.hussain@example.org",
    "phone": "07700 900123",
    "preferred_contact": "phone",
    "version": 1, "etag": "\"1\"",
    "created_at": "2026-09-03T08:02:40Z",
    "updated_at": "2026-09-03T08:02:40Z"}))]
pub struct Carer {
    #[schema(format = Uuid)]
    pub id: String,
    #[schema(example = "Sara Hussain")]
    pub name: String,
    /// To the children they are linked to, in the family's words.
    #[schema(example = "mother")]
    pub relationship: String,
    /// Only a carer with parental responsibility can consent for a child.
    pub parental_responsibility: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parental_responsibility_basis: Option<ResponsibilityBasis>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(format = Email)]
    pub email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "07700 900123")]
    pub phone: Option<String>,
    pub preferred_contact: ContactMethod,
    pub version: i64,
    /// The `ETag` its `GET` sends: send it as `If-Match` to change it.
    #[schema(example = "\"3\"")]
    pub etag: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl TryFrom<store::Carer> for Carer {
    type Error = StoreError;

    fn try_from(c: store::Carer) -> Result<Carer, StoreError> {
        Ok(Carer {
            parental_responsibility_basis: basis_of(&c)?,
            preferred_contact: contact_of(&c)?,
            id: c.id,
            name: c.name,
            relationship: c.relationship,
            parental_responsibility: c.parental_responsibility,
            email: c.email,
            phone: c.phone,
            version: c.version,
            etag: super::etag(c.version),
            created_at: utc(c.created_at),
            updated_at: utc(c.updated_at),
        })
    }
}

/// A child's carers.
#[derive(Debug, Serialize, ToSchema)]
pub struct CarerList {
    pub items: Vec<Carer>,
}
