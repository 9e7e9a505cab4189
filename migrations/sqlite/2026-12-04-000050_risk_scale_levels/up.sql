-- A decision's risk level is one of its LA's risk scale (the LA settings),
-- which each LA names: the closed list of three is no longer the column's.
-- SQLite drops a column's CHECK only with the column: the levels move to a
-- new column, which then takes the old one's name. Decisions are
-- append-only; the trigger that says so stands aside for the move alone.
DROP TRIGGER cluster_decisions_no_update;
ALTER TABLE cluster_decisions ADD COLUMN risk_level_named TEXT;
UPDATE cluster_decisions SET risk_level_named = risk_level;
ALTER TABLE cluster_decisions DROP COLUMN risk_level;
ALTER TABLE cluster_decisions RENAME COLUMN risk_level_named TO risk_level;
CREATE TRIGGER cluster_decisions_no_update BEFORE UPDATE ON cluster_decisions
BEGIN
    SELECT RAISE(ABORT, 'cluster_decisions is append-only: UPDATE refused');
END;
