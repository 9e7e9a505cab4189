DROP TABLE next_steps;
ALTER TABLE cluster_decisions DROP COLUMN risk_factors;
ALTER TABLE cluster_decisions DROP COLUMN risk_level;
