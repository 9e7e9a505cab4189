-- Sharing without consent, and the data protection officer's reviews of
-- it. Both are append-only.

CREATE TABLE safeguarding_overrides (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    child_id TEXT COLLATE "C" NOT NULL,
    article_6_basis TEXT NOT NULL,
    article_9_condition TEXT NOT NULL,
    shared TEXT NOT NULL,
    -- A JSON array of the recipients.
    recipients TEXT NOT NULL,
    no_consent_reason TEXT NOT NULL,
    rationale TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_by_role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id),
    CONSTRAINT safeguarding_overrides_article_6_basis_check CHECK (article_6_basis IN ('legal_obligation', 'vital_interests', 'public_task', 'legitimate_interests')),
    CONSTRAINT safeguarding_overrides_article_9_condition_check CHECK (article_9_condition IN ('safeguarding_of_children', 'vital_interests', 'health_or_social_care')),
    CONSTRAINT safeguarding_overrides_no_consent_reason_check CHECK (no_consent_reason IN ('cannot_be_given', 'cannot_reasonably_be_obtained', 'would_prejudice_the_purpose')),
    CONSTRAINT safeguarding_overrides_recorded_by_role_check CHECK (recorded_by_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX safeguarding_overrides_case ON safeguarding_overrides (case_id, id);

CREATE TABLE override_reviews (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    override_id TEXT COLLATE "C" NOT NULL,
    outcome TEXT NOT NULL,
    note TEXT,
    reviewed_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, override_id) REFERENCES safeguarding_overrides (local_authority_id, id),
    CONSTRAINT override_reviews_outcome_check CHECK (outcome IN ('upheld', 'not_upheld'))
);
CREATE INDEX override_reviews_override ON override_reviews (override_id, id);

CREATE TRIGGER safeguarding_overrides_append_only BEFORE UPDATE OR DELETE ON safeguarding_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER override_reviews_append_only BEFORE UPDATE OR DELETE ON override_reviews
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
