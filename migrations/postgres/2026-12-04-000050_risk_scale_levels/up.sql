-- A decision's risk level is one of its LA's risk scale (the LA settings),
-- which each LA names: the closed list of three is no longer the column's.
ALTER TABLE cluster_decisions DROP CONSTRAINT cluster_decisions_risk_level_check;
