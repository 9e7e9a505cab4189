-- A timeline entry says when the thing happened (`occurred_on`) as well as
-- when it was written (`at`): a concern raised on 2 November and typed in
-- on the 20th happened on 2 November. Entries already written take the
-- date of the record they are about where it says one (a concern's raised
-- date, a review's date, a signpost's date, the meeting a decision was
-- made at), else the day they were written.
--
-- SQLite adds a NOT NULL column only with a default: the placeholder is
-- replaced in every row below, and every insert names the column (the
-- persistence layer always writes it), so no row keeps it.

ALTER TABLE case_events ADD COLUMN occurred_on DATE NOT NULL DEFAULT '0001-01-01';

-- The table is append-only; this one backfill is the exception.
DROP TRIGGER case_events_no_update;
UPDATE case_events SET occurred_on = date(at);
UPDATE case_events SET occurred_on = (SELECT c.raised_on FROM concerns c
        WHERE c.local_authority_id = case_events.local_authority_id AND c.id = case_events.resource_id)
    WHERE kind = 'concern_raised' AND EXISTS (SELECT 1 FROM concerns c
        WHERE c.local_authority_id = case_events.local_authority_id AND c.id = case_events.resource_id);
UPDATE case_events SET occurred_on = (SELECT r.reviewed_on FROM plan_reviews r
        WHERE r.local_authority_id = case_events.local_authority_id AND r.id = case_events.resource_id)
    WHERE kind = 'plan_reviewed' AND EXISTS (SELECT 1 FROM plan_reviews r
        WHERE r.local_authority_id = case_events.local_authority_id AND r.id = case_events.resource_id);
UPDATE case_events SET occurred_on = (SELECT r.reviewed_on FROM intervention_reviews r
        WHERE r.local_authority_id = case_events.local_authority_id AND r.id = case_events.resource_id)
    WHERE kind = 'intervention_reviewed' AND EXISTS (SELECT 1 FROM intervention_reviews r
        WHERE r.local_authority_id = case_events.local_authority_id AND r.id = case_events.resource_id);
UPDATE case_events SET occurred_on = (SELECT s.signposted_on FROM signposts s
        WHERE s.local_authority_id = case_events.local_authority_id AND s.id = case_events.resource_id)
    WHERE kind = 'signposted' AND EXISTS (SELECT 1 FROM signposts s
        WHERE s.local_authority_id = case_events.local_authority_id AND s.id = case_events.resource_id);
UPDATE case_events SET occurred_on = (SELECT m.held_on FROM cluster_decisions d
        JOIN meetings m ON m.local_authority_id = d.local_authority_id AND m.id = d.meeting_id
        WHERE d.local_authority_id = case_events.local_authority_id AND d.id = case_events.resource_id)
    WHERE kind = 'meeting_decision' AND EXISTS (SELECT 1 FROM cluster_decisions d
        JOIN meetings m ON m.local_authority_id = d.local_authority_id AND m.id = d.meeting_id
        WHERE d.local_authority_id = case_events.local_authority_id AND d.id = case_events.resource_id);
CREATE TRIGGER case_events_no_update BEFORE UPDATE ON case_events
BEGIN
    SELECT RAISE(ABORT, 'case_events is append-only: UPDATE refused');
END;

-- The timeline reads in the order things happened, from one index range.
DROP INDEX case_events_case;
CREATE INDEX case_events_case ON case_events (local_authority_id, case_id, occurred_on, at, id);
