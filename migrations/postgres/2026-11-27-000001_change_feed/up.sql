-- The change feed: a transactional outbox. Every committed change appends
-- one event naming the record and what happened to it (never its data).
-- `seq` numbers a local authority's events in commit order: it is taken
-- from the LA's row in feed_counters, whose row lock the writer holds until
-- it commits, so an event never commits after one with a higher seq and a
-- reader that has moved past a seq can never be shown an earlier one.
-- Append-only: a trigger refuses UPDATE and DELETE.

CREATE TABLE change_events (
    local_authority_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    change TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, seq),
    CONSTRAINT change_events_resource_type_check CHECK (resource_type IN ('cluster', 'school', 'team_member', 'service', 'term_dates', 'meeting', 'child', 'carer', 'consent', 'reported_diagnosis', 'case', 'cluster_decision', 'safeguarding_override', 'cluster_allocation')),
    CONSTRAINT change_events_change_check CHECK (change IN ('created', 'updated'))
);

-- The last seq each LA has given out. One row per LA, made on its first
-- event; per LA so that one LA's writers never wait on another's.
CREATE TABLE feed_counters (
    local_authority_id TEXT PRIMARY KEY,
    last_seq BIGINT NOT NULL
);

-- refuse_change_to_append_only() is the children_consent migration's.
CREATE TRIGGER change_events_append_only BEFORE UPDATE OR DELETE ON change_events
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
