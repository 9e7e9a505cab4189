DROP INDEX case_events_case;
CREATE INDEX case_events_case ON case_events (local_authority_id, case_id, id);
ALTER TABLE case_events DROP COLUMN occurred_on;
