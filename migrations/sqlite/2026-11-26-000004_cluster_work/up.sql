-- The cluster's work: Support and Guidance meetings and their agendas,
-- their decisions, the interventions agreed and their reviews, signposts
-- while a child waits, and referrals on to CAMHS. Decisions, reviews and
-- signposts are append-only.

CREATE TABLE meetings (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    held_on DATE NOT NULL,
    -- A JSON array of {name, role}.
    attendees TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id)
);
CREATE INDEX meetings_cluster ON meetings (local_authority_id, cluster_id, held_on);

CREATE TABLE agenda_items (
    meeting_id TEXT NOT NULL,
    referral_id TEXT NOT NULL,
    local_authority_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, meeting_id, referral_id),
    FOREIGN KEY (local_authority_id, meeting_id) REFERENCES meetings (local_authority_id, id),
    FOREIGN KEY (local_authority_id, referral_id) REFERENCES cluster_referrals (local_authority_id, id)
);

CREATE TABLE cluster_decisions (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    meeting_id TEXT NOT NULL,
    referral_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    decision TEXT NOT NULL,
    rationale TEXT NOT NULL,
    -- A JSON array of the names of those present.
    present TEXT NOT NULL,
    destination TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, meeting_id) REFERENCES meetings (local_authority_id, id),
    FOREIGN KEY (local_authority_id, referral_id) REFERENCES cluster_referrals (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT cluster_decisions_decision_check CHECK (decision IN ('accept', 'advice_to_school', 'waitlist', 'decline', 'refer_elsewhere', 'defer'))
);
CREATE INDEX cluster_decisions_referral ON cluster_decisions (referral_id, id);

CREATE TABLE interventions (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    decision_id TEXT,
    kind TEXT NOT NULL,
    brokered_service TEXT,
    provider_team_member_id TEXT,
    provider_name TEXT,
    starts_on DATE NOT NULL,
    ends_on DATE,
    status TEXT NOT NULL,
    planned_sessions INTEGER,
    attended_sessions INTEGER,
    funding_pence INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, decision_id) REFERENCES cluster_decisions (local_authority_id, id),
    FOREIGN KEY (local_authority_id, provider_team_member_id) REFERENCES team_members (local_authority_id, id),
    CONSTRAINT interventions_kind_check CHECK (kind IN ('targeted_work_in_school', 'specialist_emotional_programme', 'counselling', 'family_support', 'parenting_group', 'brokered_support')),
    CONSTRAINT interventions_brokered_service_check CHECK (brokered_service IS NULL OR brokered_service IN ('housing', 'health', 'childrens_social_care', 'youth_service', 'other')),
    CONSTRAINT interventions_status_check CHECK (status IN ('planned', 'active', 'completed', 'stopped'))
);
CREATE INDEX interventions_case ON interventions (case_id, id);

CREATE TABLE intervention_reviews (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    intervention_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    progress TEXT NOT NULL,
    notes TEXT NOT NULL,
    reviewed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, intervention_id) REFERENCES interventions (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT intervention_reviews_progress_check CHECK (progress IN ('improved', 'no_change', 'worse'))
);
CREATE INDEX intervention_reviews_intervention ON intervention_reviews (intervention_id, id);

CREATE TABLE signposts (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    note TEXT,
    signposted_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, service_id) REFERENCES services (local_authority_id, id)
);
CREATE INDEX signposts_case ON signposts (case_id, id);

CREATE TABLE camhs_referrals (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    status TEXT NOT NULL,
    urgency TEXT NOT NULL,
    summary TEXT NOT NULL,
    -- What the case says, compiled when the referral was made (JSON).
    compiled TEXT NOT NULL,
    decline_reason TEXT,
    referrer_subject TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT camhs_referrals_status_check CHECK (status IN ('sent', 'received', 'accepted', 'waitlisted', 'declined', 'completed', 'on_hold')),
    CONSTRAINT camhs_referrals_urgency_check CHECK (urgency IN ('routine', 'urgent'))
);
CREATE INDEX camhs_referrals_case ON camhs_referrals (case_id, id);

CREATE TRIGGER cluster_decisions_no_update BEFORE UPDATE ON cluster_decisions
BEGIN
    SELECT RAISE(ABORT, 'cluster_decisions is append-only: UPDATE refused');
END;
CREATE TRIGGER cluster_decisions_no_delete BEFORE DELETE ON cluster_decisions
BEGIN
    SELECT RAISE(ABORT, 'cluster_decisions is append-only: DELETE refused');
END;
CREATE TRIGGER intervention_reviews_no_update BEFORE UPDATE ON intervention_reviews
BEGIN
    SELECT RAISE(ABORT, 'intervention_reviews is append-only: UPDATE refused');
END;
CREATE TRIGGER intervention_reviews_no_delete BEFORE DELETE ON intervention_reviews
BEGIN
    SELECT RAISE(ABORT, 'intervention_reviews is append-only: DELETE refused');
END;
CREATE TRIGGER signposts_no_update BEFORE UPDATE ON signposts
BEGIN
    SELECT RAISE(ABORT, 'signposts is append-only: UPDATE refused');
END;
CREATE TRIGGER signposts_no_delete BEFORE DELETE ON signposts
BEGIN
    SELECT RAISE(ABORT, 'signposts is append-only: DELETE refused');
END;
