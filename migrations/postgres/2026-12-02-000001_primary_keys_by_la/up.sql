-- Every tenant table's primary key leads with its local authority, so that
-- the tables can be distributed by local_authority_id (Citus needs every
-- primary and unique key of a distributed table to include it; see
-- docs/scaling.md). Ids are UUIDs and stay unique on their own; the keys
-- (local_authority_id, id) the foreign keys refer to are unchanged.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE camhs_referrals DROP CONSTRAINT camhs_referrals_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE carers DROP CONSTRAINT carers_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE case_events DROP CONSTRAINT case_events_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE cases DROP CONSTRAINT cases_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE children DROP CONSTRAINT children_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE cluster_allocations DROP CONSTRAINT cluster_allocations_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE cluster_decisions DROP CONSTRAINT cluster_decisions_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE cluster_referrals DROP CONSTRAINT cluster_referrals_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE clusters DROP CONSTRAINT clusters_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE concerns DROP CONSTRAINT concerns_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE consents DROP CONSTRAINT consents_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE intervention_reviews DROP CONSTRAINT intervention_reviews_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE interventions DROP CONSTRAINT interventions_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE meetings DROP CONSTRAINT meetings_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE override_reviews DROP CONSTRAINT override_reviews_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE plan_reviews DROP CONSTRAINT plan_reviews_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE plans DROP CONSTRAINT plans_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE reported_diagnoses DROP CONSTRAINT reported_diagnoses_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE safeguarding_overrides DROP CONSTRAINT safeguarding_overrides_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE schools DROP CONSTRAINT schools_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE services DROP CONSTRAINT services_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE signposts DROP CONSTRAINT signposts_pkey, ADD PRIMARY KEY (local_authority_id, id);
ALTER TABLE team_members DROP CONSTRAINT team_members_pkey, ADD PRIMARY KEY (local_authority_id, id);
