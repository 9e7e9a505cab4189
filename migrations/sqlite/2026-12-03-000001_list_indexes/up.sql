-- Every keyset list reads its page from one index range in key order: the
-- index leads with the LA, then the list's equality filters, then its
-- keyset order, so the page is the first rows of the range (no Sort, no
-- scan of the LA's other rows). Lists an earlier index already serves are
-- not repeated here (see docs/performance.md, "Lists that stay flat").

-- GET /v1/cases?stage=…, and a cluster's cases (all, or at a stage).
CREATE INDEX cases_stage ON cases (local_authority_id, stage, id);
CREATE INDEX cases_cluster ON cases (local_authority_id, cluster_id, id);
CREATE INDEX cases_cluster_stage ON cases (local_authority_id, cluster_id, stage, id);
-- One child's cases, open and closed (cases_one_open_per_child is partial).
CREATE INDEX cases_child ON cases (local_authority_id, child_id, id);

-- GET /v1/cluster-referrals?status=… for a cluster.
CREATE INDEX cluster_referrals_cluster_status ON cluster_referrals (local_authority_id, cluster_id, status, id);

-- A cluster's meetings page in id order (meetings_cluster orders by date).
CREATE INDEX meetings_cluster_id ON meetings (local_authority_id, cluster_id, id);

-- A child's consent ledger page in id order (consents_child orders by
-- recorded_at first).
CREATE INDEX consents_child_id ON consents (local_authority_id, child_id, id);

-- The year's allocations in cluster order: replaces the index on the year
-- alone, which this one serves too.
DROP INDEX cluster_allocations_year;
CREATE INDEX cluster_allocations_year ON cluster_allocations (local_authority_id, financial_year, cluster_id);

-- The records of one case, plan, referral, intervention or override, in
-- id order: these indexes led with the parent alone, so the LA was a
-- filter on every row fetched and the planner sorted a bitmap scan's rows
-- instead. Rebuilt leading with the LA (same names), they serve both the
-- tenant's filter and the order, and the (local_authority_id, parent)
-- foreign keys' lookups.
DROP INDEX case_events_case;
CREATE INDEX case_events_case ON case_events (local_authority_id, case_id, id);
DROP INDEX concerns_case;
CREATE INDEX concerns_case ON concerns (local_authority_id, case_id, id);
DROP INDEX plans_case;
CREATE INDEX plans_case ON plans (local_authority_id, case_id, id);
DROP INDEX plan_reviews_plan;
CREATE INDEX plan_reviews_plan ON plan_reviews (local_authority_id, plan_id, id);
DROP INDEX plan_reviews_case;
CREATE INDEX plan_reviews_case ON plan_reviews (local_authority_id, case_id, id);
DROP INDEX cluster_referrals_case;
CREATE INDEX cluster_referrals_case ON cluster_referrals (local_authority_id, case_id, id);
DROP INDEX cluster_decisions_referral;
CREATE INDEX cluster_decisions_referral ON cluster_decisions (local_authority_id, referral_id, id);
DROP INDEX interventions_case;
CREATE INDEX interventions_case ON interventions (local_authority_id, case_id, id);
DROP INDEX intervention_reviews_intervention;
CREATE INDEX intervention_reviews_intervention ON intervention_reviews (local_authority_id, intervention_id, id);
DROP INDEX signposts_case;
CREATE INDEX signposts_case ON signposts (local_authority_id, case_id, id);
DROP INDEX camhs_referrals_case;
CREATE INDEX camhs_referrals_case ON camhs_referrals (local_authority_id, case_id, id);
DROP INDEX safeguarding_overrides_case;
CREATE INDEX safeguarding_overrides_case ON safeguarding_overrides (local_authority_id, case_id, id);
DROP INDEX override_reviews_override;
CREATE INDEX override_reviews_override ON override_reviews (local_authority_id, override_id, id);
