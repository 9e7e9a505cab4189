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
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id)
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
    FOREIGN KEY (local_authority_id, override_id) REFERENCES safeguarding_overrides (local_authority_id, id)
);
CREATE INDEX override_reviews_override ON override_reviews (override_id, id);

CREATE TRIGGER safeguarding_overrides_append_only BEFORE UPDATE OR DELETE ON safeguarding_overrides
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER override_reviews_append_only BEFORE UPDATE OR DELETE ON override_reviews
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
