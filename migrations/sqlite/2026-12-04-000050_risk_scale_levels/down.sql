-- Levels outside the old three cannot be kept under the old check.
DROP TRIGGER cluster_decisions_no_update;
ALTER TABLE cluster_decisions ADD COLUMN risk_level_checked TEXT
    CONSTRAINT cluster_decisions_risk_level_check CHECK (risk_level_checked IS NULL OR risk_level_checked IN ('low', 'medium', 'high'));
UPDATE cluster_decisions SET risk_level_checked = risk_level WHERE risk_level IN ('low', 'medium', 'high');
ALTER TABLE cluster_decisions DROP COLUMN risk_level;
ALTER TABLE cluster_decisions RENAME COLUMN risk_level_checked TO risk_level;
CREATE TRIGGER cluster_decisions_no_update BEFORE UPDATE ON cluster_decisions
BEGIN
    SELECT RAISE(ABORT, 'cluster_decisions is append-only: UPDATE refused');
END;
