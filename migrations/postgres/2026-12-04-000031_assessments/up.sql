-- The holistic assessment of a child and family on a case (an Early Help
-- Assessment, or the LA's own tool), at its latest version, and every
-- version it has had. Who took part, the areas' findings and the agencies
-- named in words are JSON arrays (domain::assessment); the areas are the
-- tool's as the LA's settings named them when the version was recorded.

CREATE TABLE assessments (
    id TEXT COLLATE "C" NOT NULL,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    tool_name TEXT NOT NULL,
    assessed_by TEXT NOT NULL,
    assessed_by_role TEXT NOT NULL,
    participants TEXT NOT NULL,
    agencies TEXT NOT NULL,
    other_agencies TEXT NOT NULL,
    areas TEXT NOT NULL,
    family_view TEXT NOT NULL,
    review_on DATE NOT NULL,
    settings_version BIGINT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT assessments_assessed_by_role_check CHECK (assessed_by_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX assessments_case ON assessments (local_authority_id, case_id, id);

-- Every version of every assessment, as it was recorded: appended, never
-- changed.
CREATE TABLE assessment_versions (
    assessment_id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    local_authority_id TEXT NOT NULL,
    participants TEXT NOT NULL,
    agencies TEXT NOT NULL,
    other_agencies TEXT NOT NULL,
    areas TEXT NOT NULL,
    family_view TEXT NOT NULL,
    review_on DATE NOT NULL,
    settings_version BIGINT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, assessment_id, version),
    FOREIGN KEY (local_authority_id, assessment_id) REFERENCES assessments (local_authority_id, id)
);
CREATE TRIGGER assessment_versions_append_only BEFORE UPDATE OR DELETE ON assessment_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
