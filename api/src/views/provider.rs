//! Who gives the help, as the contract shows it and a request sends it: a
//! union tagged by `kind` (`domain::pathway::Provider`). Its schema is a
//! `oneOf` of the four kinds' schemas with a discriminator, written here by
//! hand because utoipa derives a discriminator only for untagged enums.

use domain::pathway::Provider as Given;
use persistence::StoreError;
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::borrow::Cow;
use utoipa::openapi::schema::{
    AdditionalProperties, Discriminator, ObjectBuilder, OneOfBuilder, Schema, SchemaFormat, Type,
};
use utoipa::openapi::{KnownFormat, Ref, RefOr};
use utoipa::{PartialSchema, ToSchema};
use uuid::Uuid;

/// Who gives the help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provider {
    /// A school of the referral's cluster, sharing its own help.
    School { school_id: Uuid },
    /// A member of the cluster's Team around the Cluster.
    TeamMember { team_member_id: Uuid },
    /// A service of the LA's directory.
    Service { service_id: Uuid },
    /// An organisation outside the directory, named in words.
    External { name: String },
}

/// The longest name of an external provider.
pub const NAME_MAX: usize = 200;

impl Provider {
    /// As the use case takes it.
    pub fn given(&self) -> Given {
        match self {
            Provider::School { school_id } => Given::School(school_id.to_string()),
            Provider::TeamMember { team_member_id } => {
                Given::TeamMember(team_member_id.to_string())
            }
            Provider::Service { service_id } => Given::Service(service_id.to_string()),
            Provider::External { name } => Given::External(name.clone()),
        }
    }

    /// As stored: an id that is not a UUID is a stored value that does not
    /// read, `Err` with the column it is in.
    pub fn shown(given: &Given) -> Result<Provider, &'static str> {
        let id = |raw: &str, column| Uuid::parse_str(raw).map_err(|_| column);
        Ok(match given {
            Given::School(s) => Provider::School {
                school_id: id(s, "provider_school_id")?,
            },
            Given::TeamMember(t) => Provider::TeamMember {
                team_member_id: id(t, "provider_team_member_id")?,
            },
            Given::Service(s) => Provider::Service {
                service_id: id(s, "provider_service_id")?,
            },
            Given::External(name) => Provider::External { name: name.clone() },
        })
    }

    /// The name is 1 to 200 characters and not blank; `None` when it is,
    /// or when the provider is not external.
    pub fn name_fault(&self) -> Option<&'static str> {
        match self {
            Provider::External { name } if name.trim().is_empty() => Some("must not be blank"),
            Provider::External { name } if name.chars().count() > NAME_MAX => {
                Some("must be at most 200 characters")
            }
            _ => None,
        }
    }
}

/// The provider of a stored intervention, for its view.
pub fn of_row(
    row: &persistence::pathway::interventions::Intervention,
) -> Result<Provider, StoreError> {
    use persistence::stored::Stored;
    let given = row.provider()?;
    Provider::shown(&given).map_err(|column| row.stored().corrupt(column))
}

const KINDS: [(&str, &str, &str); 4] = [
    ("school", "SchoolProvider", "school_id"),
    ("team_member", "TeamMemberProvider", "team_member_id"),
    ("service", "ServiceProvider", "service_id"),
    ("external", "ExternalProvider", "name"),
];

fn variant(kind: &str, field: &str) -> Schema {
    let tag = ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some([kind]));
    let (value, description, example) = if field == "name" {
        (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(NAME_MAX)),
            "The organisation's name, as the family would know it.",
            json!({"kind": kind, "name": "Northorpe Hall"}),
        )
    } else {
        let description = match kind {
            "school" => {
                "A school of the referral's cluster (422 `school_not_in_cluster` otherwise)."
            }
            "team_member" => {
                "A member of the referral's cluster's Team around the Cluster (422 \
                 `team_member_not_in_cluster` otherwise)."
            }
            _ => "A service of the LA's directory (422 `service_not_in_directory` otherwise).",
        };
        (
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid))),
            description,
            json!({"kind": kind, field: "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d"}),
        )
    };
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property("kind", tag)
        .property(field, value.description(Some(description)))
        .required("kind")
        .required(field)
        .additional_properties(Some(AdditionalProperties::FreeForm(false)))
        .examples([example])
        .into()
}

impl PartialSchema for Provider {
    fn schema() -> RefOr<Schema> {
        let mut one_of = OneOfBuilder::new()
            .description(Some(
                "Who gives the help, by `kind`: a school of the referral's cluster (help one school \
                 shares with another), a member of the cluster's Team around the Cluster, a service \
                 of the LA's directory, or an external provider named in words.",
            ))
            .discriminator(Some(Discriminator::with_mapping(
                "kind",
                KINDS.map(|(kind, schema, _)| (kind, format!("#/components/schemas/{schema}"))),
            )))
            .examples([json!({"kind": "school", "school_id": "0193b2a4-8f1e-7c3a-9d41-5e2f6a7b8c9d"})]);
        for (_, schema, _) in KINDS {
            one_of = one_of.item(Ref::from_schema_name(schema));
        }
        one_of.into()
    }
}

impl ToSchema for Provider {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Provider")
    }

    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for (kind, schema, field) in KINDS {
            schemas.push((schema.to_owned(), variant(kind, field).into()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_reads_as_itself_and_nothing_else_is_read() {
        let school: Provider =
            serde_json::from_value(json!({"kind": "school", "school_id": Uuid::nil()}))
                .expect("school");
        assert_eq!(
            school,
            Provider::School {
                school_id: Uuid::nil()
            }
        );
        let external: Provider =
            serde_json::from_value(json!({"kind": "external", "name": "Kooth"})).expect("external");
        assert_eq!(Provider::shown(&external.given()), Ok(external));
        for wrong in [
            json!({"kind": "charity", "name": "Kooth"}),
            json!({"kind": "school", "name": "Kooth"}),
            json!({"kind": "school", "school_id": Uuid::nil(), "name": "Kooth"}),
            json!({"school_id": Uuid::nil()}),
        ] {
            assert!(
                serde_json::from_value::<Provider>(wrong.clone()).is_err(),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_stored_id_that_is_not_a_uuid_does_not_read() {
        assert_eq!(
            Provider::shown(&Given::Service("nope".into())),
            Err("provider_service_id")
        );
    }
}
