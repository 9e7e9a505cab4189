-- Who gives the help: an intervention's provider is a school of the
-- cluster, a Team around the Cluster member, a service of the directory,
-- or an external provider named in words. `provider_kind` says which, and
-- exactly the one column of its kind is filled (a row that names two
-- providers says nothing certain): one CHECK of the row's shape holds
-- both, since a kind is right only with its column. Existing rows move: a Team member's
-- stays a Team member's (a name beside it, which the old shape let a
-- client send, was only a label for that member and goes), a name alone
-- is an external provider. The school and service named are checked
-- against the referral's cluster and the directory when the help is
-- agreed. They carry no foreign key: SQLite adds one over two columns only
-- by rebuilding the table, and both backends keep the same keys.

ALTER TABLE interventions
    ADD COLUMN provider_kind TEXT,
    ADD COLUMN provider_school_id TEXT COLLATE "C",
    ADD COLUMN provider_service_id TEXT COLLATE "C";

UPDATE interventions SET provider_kind = 'team_member', provider_name = NULL
    WHERE provider_team_member_id IS NOT NULL;
UPDATE interventions SET provider_kind = 'external' WHERE provider_team_member_id IS NULL;

ALTER TABLE interventions
    ALTER COLUMN provider_kind SET NOT NULL,
    ADD CONSTRAINT interventions_provider_check CHECK (
        provider_kind IN ('school', 'team_member', 'service', 'external')
        AND (provider_kind = 'school') = (provider_school_id IS NOT NULL)
        AND (provider_kind = 'team_member') = (provider_team_member_id IS NOT NULL)
        AND (provider_kind = 'service') = (provider_service_id IS NOT NULL)
        AND (provider_kind = 'external') = (provider_name IS NOT NULL));

-- The cluster's help exchange counts the help each school gives.
CREATE INDEX interventions_provider_school ON interventions (local_authority_id, provider_school_id);
