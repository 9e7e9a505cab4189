-- High Needs funding: what the LA allocates each cluster for a financial
-- year (named by the year it starts in: 2026 is April 2026 to March 2027).
-- Commitments are not stored here: they are the funding of the
-- interventions the cluster's meetings agreed, summed when asked.

CREATE TABLE cluster_allocations (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    financial_year INTEGER NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    UNIQUE (local_authority_id, cluster_id, financial_year),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id)
);
CREATE INDEX cluster_allocations_year ON cluster_allocations (local_authority_id, financial_year);

-- The year's commitments are found by when interventions start.
CREATE INDEX interventions_starts_on ON interventions (local_authority_id, starts_on);
