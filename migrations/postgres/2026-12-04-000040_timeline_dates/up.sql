-- A timeline entry says when the thing happened (`occurred_on`) as well as
-- when it was written (`at`): a concern raised on 2 November and typed in
-- on the 20th happened on 2 November. Entries already written take the
-- date of the record they are about where it says one (a concern's raised
-- date, a review's date, a signpost's date, the meeting a decision was
-- made at), else the day they were written.

ALTER TABLE case_events ADD COLUMN occurred_on DATE;

-- The table is append-only; this one backfill is the exception.
ALTER TABLE case_events DISABLE TRIGGER case_events_append_only;
UPDATE case_events SET occurred_on = CAST(at AS DATE);
UPDATE case_events e SET occurred_on = c.raised_on FROM concerns c
    WHERE e.kind = 'concern_raised' AND c.local_authority_id = e.local_authority_id AND c.id = e.resource_id;
UPDATE case_events e SET occurred_on = r.reviewed_on FROM plan_reviews r
    WHERE e.kind = 'plan_reviewed' AND r.local_authority_id = e.local_authority_id AND r.id = e.resource_id;
UPDATE case_events e SET occurred_on = r.reviewed_on FROM intervention_reviews r
    WHERE e.kind = 'intervention_reviewed' AND r.local_authority_id = e.local_authority_id AND r.id = e.resource_id;
UPDATE case_events e SET occurred_on = s.signposted_on FROM signposts s
    WHERE e.kind = 'signposted' AND s.local_authority_id = e.local_authority_id AND s.id = e.resource_id;
UPDATE case_events e SET occurred_on = m.held_on FROM cluster_decisions d, meetings m
    WHERE e.kind = 'meeting_decision' AND d.local_authority_id = e.local_authority_id AND d.id = e.resource_id
      AND m.local_authority_id = d.local_authority_id AND m.id = d.meeting_id;
ALTER TABLE case_events ENABLE TRIGGER case_events_append_only;

ALTER TABLE case_events ALTER COLUMN occurred_on SET NOT NULL;

-- The timeline reads in the order things happened, from one index range.
DROP INDEX case_events_case;
CREATE INDEX case_events_case ON case_events (local_authority_id, case_id, occurred_on, at, id);
