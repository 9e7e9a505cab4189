-- A child's support case: concerns, in-school plans and their reviews,
-- cluster referrals, and the timeline of everything that happened.
-- Concerns, plan versions, reviews and case events are append-only.

CREATE TABLE cases (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    child_id TEXT COLLATE "C" NOT NULL,
    stage TEXT NOT NULL,
    -- The cluster the case is referred to, once it is.
    cluster_id TEXT COLLATE "C",
    outcome TEXT,
    outcome_summary TEXT,
    close_reason TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, child_id) REFERENCES children (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id),
    CONSTRAINT cases_stage_check CHECK (stage IN ('in_school_support', 'referred_to_cluster', 'waitlisted', 'receiving_cluster_support', 'cluster_work_complete', 'referred_to_camhs', 'closed')),
    CONSTRAINT cases_outcome_check CHECK (outcome IS NULL OR outcome IN ('needs_met', 'unmet_semh_needs')),
    CONSTRAINT cases_close_reason_check CHECK (close_reason IS NULL OR close_reason IN ('needs_met', 'moved_school', 'moved_away', 'family_withdrew', 'transferred_to_social_care', 'other'))
);
-- A child has at most one open case.
CREATE UNIQUE INDEX cases_one_open_per_child ON cases (local_authority_id, child_id) WHERE stage <> 'closed';

CREATE TABLE case_events (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    summary TEXT NOT NULL,
    resource_id TEXT,
    actor_subject TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT case_events_actor_role_check CHECK (actor_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX case_events_case ON case_events (case_id, id);

CREATE TABLE concerns (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    raised_by TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    raised_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT concerns_raised_by_check CHECK (raised_by IN ('parent', 'school_staff', 'health')),
    CONSTRAINT concerns_category_check CHECK (category IN ('emotional', 'learning', 'behaviour', 'attendance', 'family', 'other'))
);
CREATE INDEX concerns_case ON concerns (case_id, id);

CREATE TABLE plans (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    -- A JSON array of {area, detail}.
    needs TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    strategies TEXT NOT NULL,
    responsibilities TEXT NOT NULL,
    review_on DATE NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id)
);
CREATE INDEX plans_case ON plans (case_id, id);

-- Every version of every plan, as it was agreed.
CREATE TABLE plan_versions (
    plan_id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    local_authority_id TEXT NOT NULL,
    needs TEXT NOT NULL,
    outcomes TEXT NOT NULL,
    strategies TEXT NOT NULL,
    responsibilities TEXT NOT NULL,
    review_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, plan_id, version),
    FOREIGN KEY (local_authority_id, plan_id) REFERENCES plans (local_authority_id, id)
);

CREATE TABLE plan_reviews (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    plan_id TEXT COLLATE "C" NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    effectiveness TEXT NOT NULL,
    notes TEXT NOT NULL,
    parents_met_on DATE,
    reviewed_on DATE NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, plan_id) REFERENCES plans (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    CONSTRAINT plan_reviews_effectiveness_check CHECK (effectiveness IN ('effective', 'partly_effective', 'not_effective'))
);
CREATE INDEX plan_reviews_plan ON plan_reviews (plan_id, id);
CREATE INDEX plan_reviews_case ON plan_reviews (case_id, id);

CREATE TABLE cluster_referrals (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    cluster_id TEXT COLLATE "C" NOT NULL,
    source TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT NOT NULL,
    referrer_subject TEXT NOT NULL,
    referrer_role TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id),
    CONSTRAINT cluster_referrals_source_check CHECK (source IN ('school', 'health')),
    CONSTRAINT cluster_referrals_status_check CHECK (status IN ('submitted', 'scheduled_for_meeting', 'on_hold', 'accepted', 'advice_given', 'waitlisted', 'declined', 'referred_elsewhere', 'withdrawn')),
    CONSTRAINT cluster_referrals_referrer_role_check CHECK (referrer_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX cluster_referrals_case ON cluster_referrals (case_id, id);
CREATE INDEX cluster_referrals_cluster ON cluster_referrals (local_authority_id, cluster_id, id);
CREATE INDEX cluster_referrals_referrer ON cluster_referrals (local_authority_id, referrer_subject, id);

CREATE TRIGGER case_events_append_only BEFORE UPDATE OR DELETE ON case_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER concerns_append_only BEFORE UPDATE OR DELETE ON concerns
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER plan_versions_append_only BEFORE UPDATE OR DELETE ON plan_versions
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
CREATE TRIGGER plan_reviews_append_only BEFORE UPDATE OR DELETE ON plan_reviews
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
