-- Levels outside the old three cannot be kept under the old check.
UPDATE cluster_decisions SET risk_level = NULL WHERE risk_level NOT IN ('low', 'medium', 'high');
ALTER TABLE cluster_decisions ADD CONSTRAINT cluster_decisions_risk_level_check
    CHECK (risk_level IS NULL OR risk_level IN ('low', 'medium', 'high'));
