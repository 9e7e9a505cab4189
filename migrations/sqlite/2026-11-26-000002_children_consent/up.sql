-- Children, their carers, the consent ledger, reported diagnoses, and the
-- audit trail. The ledger, the diagnoses and the audit trail are
-- append-only: triggers refuse UPDATE and DELETE.

CREATE TABLE children (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    school_id TEXT NOT NULL,
    upn TEXT,
    nhs_number TEXT,
    legal_given_name TEXT NOT NULL,
    legal_family_name TEXT NOT NULL,
    preferred_name TEXT,
    date_of_birth DATE NOT NULL,
    year_group_override INTEGER,
    sen_status TEXT NOT NULL DEFAULT 'none',
    -- A JSON array of {area, detail}.
    areas_of_need TEXT NOT NULL DEFAULT '[]',
    ehcp_status TEXT NOT NULL DEFAULT 'none',
    ehcp_requested_on DATE,
    ehcp_annual_review_due DATE,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    UNIQUE (local_authority_id, upn),
    FOREIGN KEY (local_authority_id, school_id) REFERENCES schools (local_authority_id, id),
    CONSTRAINT children_sen_status_check CHECK (sen_status IN ('none', 'sen_support', 'ehc_plan')),
    CONSTRAINT children_ehcp_status_check CHECK (ehcp_status IN ('none', 'requested', 'assessment', 'draft', 'issued', 'ceased'))
);
CREATE INDEX children_school ON children (local_authority_id, school_id, id);
CREATE INDEX children_nhs_number ON children (local_authority_id, nhs_number);

CREATE TABLE carers (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    name TEXT NOT NULL,
    relationship TEXT NOT NULL,
    parental_responsibility BOOLEAN NOT NULL,
    parental_responsibility_basis TEXT,
    email TEXT,
    phone TEXT,
    preferred_contact TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    CONSTRAINT carers_parental_responsibility_basis_check CHECK (parental_responsibility_basis IS NULL OR parental_responsibility_basis IN ('birth_mother', 'married_to_mother_at_birth', 'named_on_birth_certificate', 'parental_responsibility_agreement', 'court_order', 'special_guardianship', 'adoption', 'local_authority_care_order')),
    CONSTRAINT carers_preferred_contact_check CHECK (preferred_contact IN ('email', 'phone', 'text_message', 'post'))
);

CREATE TABLE child_carers (
    child_id TEXT NOT NULL,
    carer_id TEXT NOT NULL,
    local_authority_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, child_id, carer_id),
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id),
    FOREIGN KEY (local_authority_id, carer_id) REFERENCES carers (local_authority_id, id)
);
CREATE INDEX child_carers_carer ON child_carers (local_authority_id, carer_id, child_id);

CREATE TABLE consents (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    purpose TEXT NOT NULL,
    -- For information sharing: a JSON array of the agencies it covers.
    agencies TEXT NOT NULL DEFAULT '[]',
    -- For a named intervention: which.
    intervention TEXT,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    carer_id TEXT,
    young_person_basis TEXT,
    gillick_assessed_by TEXT,
    gillick_assessed_on DATE,
    method TEXT NOT NULL,
    evidence_reference TEXT,
    expires_on DATE,
    -- The entry a withdrawal answers.
    supersedes_id TEXT,
    recorded_by TEXT NOT NULL,
    recorded_by_role TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id),
    FOREIGN KEY (local_authority_id, carer_id) REFERENCES carers (local_authority_id, id),
    FOREIGN KEY (local_authority_id, supersedes_id) REFERENCES consents (local_authority_id, id),
    CONSTRAINT consents_purpose_check CHECK (purpose IN ('cluster_referral', 'information_sharing', 'camhs_referral', 'intervention')),
    CONSTRAINT consents_decision_check CHECK (decision IN ('given', 'refused', 'withdrawn')),
    CONSTRAINT consents_decided_by_check CHECK (decided_by IN ('carer', 'young_person')),
    CONSTRAINT consents_young_person_basis_check CHECK (young_person_basis IS NULL OR young_person_basis IN ('gillick_competent', 'past_compulsory_school_age')),
    CONSTRAINT consents_method_check CHECK (method IN ('in_person', 'written', 'phone', 'portal')),
    CONSTRAINT consents_recorded_by_role_check CHECK (recorded_by_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX consents_child ON consents (local_authority_id, child_id, recorded_at, id);

CREATE TABLE reported_diagnoses (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    child_id TEXT NOT NULL,
    description TEXT NOT NULL,
    reported_by_name TEXT NOT NULL,
    reported_by_profession TEXT NOT NULL,
    reported_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id)
);
CREATE INDEX reported_diagnoses_child ON reported_diagnoses (local_authority_id, child_id, id);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    actor_subject TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    child_id TEXT,
    purpose TEXT,
    request_id TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    CONSTRAINT audit_events_actor_role_check CHECK (actor_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX audit_events_child ON audit_events (local_authority_id, child_id, id);
CREATE INDEX audit_events_actor ON audit_events (local_authority_id, actor_subject, id);

CREATE TRIGGER consents_no_update BEFORE UPDATE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents is append-only: UPDATE refused');
END;
CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
BEGIN
    SELECT RAISE(ABORT, 'consents is append-only: DELETE refused');
END;
CREATE TRIGGER reported_diagnoses_no_update BEFORE UPDATE ON reported_diagnoses
BEGIN
    SELECT RAISE(ABORT, 'reported_diagnoses is append-only: UPDATE refused');
END;
CREATE TRIGGER reported_diagnoses_no_delete BEFORE DELETE ON reported_diagnoses
BEGIN
    SELECT RAISE(ABORT, 'reported_diagnoses is append-only: DELETE refused');
END;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused');
END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused');
END;
