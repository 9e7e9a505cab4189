//! Who gives the help an intervention is: a school of the cluster (help
//! one school shares with another), a member of the cluster's Team around
//! the Cluster, a service of the LA's directory, or an external provider
//! named in words. What each kind names must be within the referral's
//! reach (`provider_fits`), and a stored provider whose columns do not fit
//! its kind is not read as anything (`Provider::from_columns`).

/// The provider of an intervention.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Provider {
    /// A school of the referral's cluster, sharing its own help.
    School(String),
    /// A member of the cluster's Team around the Cluster.
    TeamMember(String),
    /// A service of the LA's directory.
    Service(String),
    /// An organisation outside the directory, named in words.
    External(String),
}

/// The kinds of provider, as the contract and the store name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ProviderKind {
    School,
    TeamMember,
    Service,
    External,
}

impl ProviderKind {
    pub const ALL: [ProviderKind; 4] = [
        ProviderKind::School,
        ProviderKind::TeamMember,
        ProviderKind::Service,
        ProviderKind::External,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderKind::School => "school",
            ProviderKind::TeamMember => "team_member",
            ProviderKind::Service => "service",
            ProviderKind::External => "external",
        }
    }

    pub fn parse(raw: &str) -> Option<ProviderKind> {
        ProviderKind::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}

/// A provider as its stored columns hold it: its kind, and the one column
/// of the four its kind fills (the others empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderColumns {
    pub kind: String,
    pub school_id: Option<String>,
    pub team_member_id: Option<String>,
    pub service_id: Option<String>,
    pub name: Option<String>,
}

impl Provider {
    pub fn kind(&self) -> ProviderKind {
        match self {
            Provider::School(_) => ProviderKind::School,
            Provider::TeamMember(_) => ProviderKind::TeamMember,
            Provider::Service(_) => ProviderKind::Service,
            Provider::External(_) => ProviderKind::External,
        }
    }

    /// What it names: the id of the school, member or service, or the
    /// external provider's name.
    pub fn named(&self) -> &str {
        match self {
            Provider::School(s)
            | Provider::TeamMember(s)
            | Provider::Service(s)
            | Provider::External(s) => s,
        }
    }

    /// The columns that store it.
    pub fn columns(&self) -> ProviderColumns {
        let mut c = ProviderColumns {
            kind: self.kind().as_str().to_owned(),
            ..ProviderColumns::default()
        };
        let named = Some(self.named().to_owned());
        match self {
            Provider::School(_) => c.school_id = named,
            Provider::TeamMember(_) => c.team_member_id = named,
            Provider::Service(_) => c.service_id = named,
            Provider::External(_) => c.name = named,
        }
        c
    }

    /// The provider stored columns hold: `None` when the kind is unknown,
    /// the column of its kind is empty, or another kind's column is
    /// filled, since a row that says two things says nothing certain.
    pub fn from_columns(c: &ProviderColumns) -> Option<Provider> {
        let kind = ProviderKind::parse(&c.kind)?;
        let filled = [&c.school_id, &c.team_member_id, &c.service_id, &c.name]
            .iter()
            .filter(|v| v.is_some())
            .count();
        if filled != 1 {
            return None;
        }
        let own = match kind {
            ProviderKind::School => c.school_id.clone(),
            ProviderKind::TeamMember => c.team_member_id.clone(),
            ProviderKind::Service => c.service_id.clone(),
            ProviderKind::External => c.name.clone().filter(|n| !n.trim().is_empty()),
        }?;
        Some(match kind {
            ProviderKind::School => Provider::School(own),
            ProviderKind::TeamMember => Provider::TeamMember(own),
            ProviderKind::Service => Provider::Service(own),
            ProviderKind::External => Provider::External(own),
        })
    }
}

/// Where the record a provider names was found, as the gate needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderFound {
    /// An external provider names no record.
    Named,
    /// The school or Team member, of this cluster; `None` when it is not
    /// one of the LA's.
    OfCluster(Option<String>),
    /// Whether the service is in the LA's directory.
    InDirectory(bool),
}

/// Why a provider cannot give this referral's help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProviderRefused {
    SchoolNotInCluster,
    TeamMemberNotInCluster,
    ServiceNotInDirectory,
}

impl ProviderRefused {
    /// The field error's stable code.
    pub fn code(self) -> &'static str {
        match self {
            ProviderRefused::SchoolNotInCluster => "school_not_in_cluster",
            ProviderRefused::TeamMemberNotInCluster => "team_member_not_in_cluster",
            ProviderRefused::ServiceNotInDirectory => "service_not_in_directory",
        }
    }

    pub fn message(self) -> &'static str {
        match self {
            ProviderRefused::SchoolNotInCluster => "is not a school of the referral's cluster",
            ProviderRefused::TeamMemberNotInCluster => {
                "is not a member of the referral's cluster's team"
            }
            ProviderRefused::ServiceNotInDirectory => "is not a service of the directory",
        }
    }
}

/// May `provider`, found as `found`, give help to a child referred to
/// `cluster_id`? A school or Team member of another cluster, or none of
/// the LA's, may not; nor a service the directory does not list. A found
/// that does not go with the provider's kind is a refusal too.
pub fn provider_fits(
    provider: &Provider,
    found: &ProviderFound,
    cluster_id: &str,
) -> Result<(), ProviderRefused> {
    let of_cluster =
        |f: &ProviderFound| matches!(f, ProviderFound::OfCluster(Some(c)) if c == cluster_id);
    match provider {
        Provider::External(_) => Ok(()),
        Provider::School(_) if of_cluster(found) => Ok(()),
        Provider::School(_) => Err(ProviderRefused::SchoolNotInCluster),
        Provider::TeamMember(_) if of_cluster(found) => Ok(()),
        Provider::TeamMember(_) => Err(ProviderRefused::TeamMemberNotInCluster),
        Provider::Service(_) if *found == ProviderFound::InDirectory(true) => Ok(()),
        Provider::Service(_) => Err(ProviderRefused::ServiceNotInDirectory),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols(
        kind: &str,
        s: Option<&str>,
        t: Option<&str>,
        v: Option<&str>,
        n: Option<&str>,
    ) -> ProviderColumns {
        ProviderColumns {
            kind: kind.to_owned(),
            school_id: s.map(str::to_owned),
            team_member_id: t.map(str::to_owned),
            service_id: v.map(str::to_owned),
            name: n.map(str::to_owned),
        }
    }

    #[test]
    fn each_provider_is_stored_and_read_back_as_itself() {
        for p in [
            Provider::School("s".into()),
            Provider::TeamMember("t".into()),
            Provider::Service("v".into()),
            Provider::External("Northorpe Hall".into()),
        ] {
            assert_eq!(Provider::from_columns(&p.columns()), Some(p));
        }
    }

    #[test]
    fn columns_that_do_not_fit_their_kind_are_not_read_as_anything() {
        let unfit = [
            cols("charity", None, None, None, Some("x")),
            cols("school", None, None, None, Some("x")),
            cols("school", Some("s"), Some("t"), None, None),
            cols("team_member", None, None, None, None),
            cols("service", Some("s"), None, None, None),
            cols("external", None, None, None, Some("  ")),
            cols("external", None, None, Some("v"), Some("x")),
        ];
        for c in unfit {
            assert_eq!(Provider::from_columns(&c), None, "{c:?}");
        }
    }

    #[test]
    fn a_school_or_member_must_be_of_the_cluster_and_a_service_in_the_directory() {
        let school = Provider::School("s".into());
        let member = Provider::TeamMember("t".into());
        let service = Provider::Service("v".into());
        let ours = ProviderFound::OfCluster(Some("c14".into()));
        let theirs = ProviderFound::OfCluster(Some("c2".into()));
        let nobody = ProviderFound::OfCluster(None);
        assert_eq!(provider_fits(&school, &ours, "c14"), Ok(()));
        assert_eq!(
            provider_fits(&school, &theirs, "c14"),
            Err(ProviderRefused::SchoolNotInCluster)
        );
        assert_eq!(
            provider_fits(&school, &nobody, "c14"),
            Err(ProviderRefused::SchoolNotInCluster)
        );
        assert_eq!(provider_fits(&member, &ours, "c14"), Ok(()));
        assert_eq!(
            provider_fits(&member, &theirs, "c14"),
            Err(ProviderRefused::TeamMemberNotInCluster)
        );
        assert_eq!(
            provider_fits(&service, &ProviderFound::InDirectory(true), "c14"),
            Ok(())
        );
        assert_eq!(
            provider_fits(&service, &ProviderFound::InDirectory(false), "c14"),
            Err(ProviderRefused::ServiceNotInDirectory)
        );
        assert_eq!(
            provider_fits(&service, &ours, "c14"),
            Err(ProviderRefused::ServiceNotInDirectory),
            "what was found must go with the kind"
        );
        let external = Provider::External("Kooth".into());
        assert_eq!(
            provider_fits(&external, &ProviderFound::Named, "c14"),
            Ok(())
        );
    }
}
