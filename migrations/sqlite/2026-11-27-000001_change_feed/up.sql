-- The change feed: a transactional outbox. Every committed change appends
-- one event naming the record and what happened to it (never its data).
-- `seq` numbers a local authority's events in commit order: it is taken
-- from the LA's row in feed_counters inside the write transaction, and
-- SQLite's write transactions are serialised (BEGIN IMMEDIATE), so an event
-- never commits after one with a higher seq.
-- Append-only: triggers refuse UPDATE and DELETE.

CREATE TABLE change_events (
    local_authority_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    change TEXT NOT NULL,
    occurred_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, seq),
    CONSTRAINT change_events_resource_type_check CHECK (resource_type IN ('cluster', 'school', 'team_member', 'service', 'term_dates', 'meeting', 'child', 'carer', 'consent', 'reported_diagnosis', 'case', 'cluster_decision', 'safeguarding_override', 'cluster_allocation')),
    CONSTRAINT change_events_change_check CHECK (change IN ('created', 'updated'))
);

-- The last seq each LA has given out. One row per LA, made on its first
-- event.
CREATE TABLE feed_counters (
    local_authority_id TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
);

CREATE TRIGGER change_events_no_update BEFORE UPDATE ON change_events
BEGIN
    SELECT RAISE(ABORT, 'change_events is append-only: UPDATE refused');
END;
CREATE TRIGGER change_events_no_delete BEFORE DELETE ON change_events
BEGIN
    SELECT RAISE(ABORT, 'change_events is append-only: DELETE refused');
END;
