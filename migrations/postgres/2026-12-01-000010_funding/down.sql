DROP INDEX interventions_starts_on;
DROP TABLE cluster_allocations;
