-- Meetings with the family on a case: the school's before the plan and at
-- its review, the head teacher's consultation of the year or phase leader,
-- and the cluster's (domain::family_meeting). Who took part is a JSON array
-- of { role, name }. The parent's own view is kept with who wrote it and
-- when; each change of it is on the case's timeline.

CREATE TABLE family_meetings (
    id TEXT COLLATE "C" NOT NULL,
    local_authority_id TEXT NOT NULL,
    case_id TEXT COLLATE "C" NOT NULL,
    kind TEXT NOT NULL,
    held_on DATE NOT NULL,
    attendees TEXT NOT NULL,
    discussed TEXT NOT NULL,
    agreed TEXT NOT NULL,
    plan_id TEXT COLLATE "C",
    recorded_by TEXT NOT NULL,
    recorded_by_role TEXT NOT NULL,
    parent_view TEXT,
    parent_view_by TEXT,
    parent_view_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id),
    FOREIGN KEY (local_authority_id, case_id) REFERENCES cases (local_authority_id, id),
    FOREIGN KEY (local_authority_id, plan_id) REFERENCES plans (local_authority_id, id),
    CONSTRAINT family_meetings_kind_check CHECK (kind IN ('school_before_plan', 'school_plan_review', 'head_teacher_consultation', 'cluster')),
    CONSTRAINT family_meetings_recorded_by_role_check CHECK (recorded_by_role IN ('school_staff', 'cluster_practitioner', 'health_referrer', 'camhs_practitioner', 'la_officer', 'parent', 'integration', 'dpo'))
);
CREATE INDEX family_meetings_case ON family_meetings (local_authority_id, case_id, id);
