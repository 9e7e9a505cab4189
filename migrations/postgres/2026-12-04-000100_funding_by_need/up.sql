-- Funding by need: each proposal of the clusters' allocations for a
-- financial year, with the formula it used and, per cluster, the counts
-- it was made from and its total (JSON, domain::funding); and each
-- settlement of an allocation against a proposal (confirmed, adjusted
-- with a reason, or set by hand without one). Both are append-only.

CREATE TABLE funding_proposals (
    id TEXT COLLATE "C" NOT NULL,
    local_authority_id TEXT NOT NULL,
    financial_year INTEGER NOT NULL,
    census_date DATE NOT NULL,
    formula TEXT NOT NULL,
    clusters TEXT NOT NULL,
    total_pence BIGINT NOT NULL CHECK (total_pence >= 0),
    proposed_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id)
);
CREATE INDEX funding_proposals_year ON funding_proposals (local_authority_id, financial_year, id);
CREATE TRIGGER funding_proposals_append_only BEFORE UPDATE OR DELETE ON funding_proposals
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();

CREATE TABLE allocation_settlements (
    id TEXT COLLATE "C" NOT NULL,
    local_authority_id TEXT NOT NULL,
    allocation_id TEXT COLLATE "C" NOT NULL,
    version BIGINT NOT NULL,
    amount_pence BIGINT NOT NULL CHECK (amount_pence >= 0),
    settled TEXT NOT NULL,
    proposal_id TEXT COLLATE "C",
    proposed_pence BIGINT,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id),
    FOREIGN KEY (local_authority_id, allocation_id) REFERENCES cluster_allocations (local_authority_id, id),
    FOREIGN KEY (local_authority_id, proposal_id) REFERENCES funding_proposals (local_authority_id, id),
    CONSTRAINT allocation_settlements_settled_check CHECK (settled IN ('confirmed', 'adjusted', 'set'))
);
CREATE TRIGGER allocation_settlements_append_only BEFORE UPDATE OR DELETE ON allocation_settlements
    FOR EACH ROW EXECUTE FUNCTION refuse_change_to_append_only();
