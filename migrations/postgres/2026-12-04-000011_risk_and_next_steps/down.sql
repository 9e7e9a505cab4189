DROP TABLE next_steps;
ALTER TABLE cluster_decisions DROP COLUMN risk_factors;
ALTER TABLE cluster_decisions DROP CONSTRAINT cluster_decisions_risk_level_check;
ALTER TABLE cluster_decisions DROP COLUMN risk_level;
