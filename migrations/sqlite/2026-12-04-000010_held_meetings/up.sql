-- A meeting is scheduled, held or cancelled. Arranging one makes it
-- scheduled; holding it (on or after its date) records who attended and
-- who sent apologies; cancelling it records why. Only a held meeting
-- counts towards a cluster's half-term compliance, and only a held meeting
-- decides.
--
-- Meetings arranged before this migration: one dated on or before today
-- that recorded a decision met (a decision was only ever recorded at the
-- meeting itself), so it is held, its planned attendees taken as those who
-- attended and no apologies known. Every other one is scheduled: a past
-- meeting without a decision may never have happened, and its cluster now
-- says so by holding or cancelling it, rather than this migration guessing.
ALTER TABLE meetings ADD COLUMN status TEXT NOT NULL DEFAULT 'scheduled'
    CONSTRAINT meetings_status_check CHECK (status IN ('scheduled', 'held', 'cancelled'));
-- A JSON array of {name, role}: those who sent apologies.
ALTER TABLE meetings ADD COLUMN apologies TEXT NOT NULL DEFAULT '[]';
ALTER TABLE meetings ADD COLUMN cancellation_reason TEXT;

UPDATE meetings SET status = 'held'
WHERE held_on <= date('now')
  AND EXISTS (SELECT 1 FROM cluster_decisions d
              WHERE d.local_authority_id = meetings.local_authority_id AND d.meeting_id = meetings.id);

-- A cluster's held meetings by date, for its compliance.
CREATE INDEX meetings_cluster_status ON meetings (local_authority_id, cluster_id, status, held_on);
