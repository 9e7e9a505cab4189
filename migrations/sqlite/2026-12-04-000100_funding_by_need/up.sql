-- Funding by need: each proposal of the clusters' allocations for a
-- financial year, with the formula it used and, per cluster, the counts
-- it was made from and its total (JSON, domain::funding); and each
-- settlement of an allocation against a proposal (confirmed, adjusted
-- with a reason, or set by hand without one). Both are append-only.

CREATE TABLE funding_proposals (
    id TEXT NOT NULL,
    local_authority_id TEXT NOT NULL,
    financial_year INTEGER NOT NULL,
    census_date DATE NOT NULL,
    formula TEXT NOT NULL,
    clusters TEXT NOT NULL,
    total_pence INTEGER NOT NULL CHECK (total_pence >= 0),
    proposed_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id)
);
CREATE INDEX funding_proposals_year ON funding_proposals (local_authority_id, financial_year, id);
CREATE TRIGGER funding_proposals_no_update BEFORE UPDATE ON funding_proposals
BEGIN
    SELECT RAISE(ABORT, 'funding_proposals is append-only: UPDATE refused');
END;
CREATE TRIGGER funding_proposals_no_delete BEFORE DELETE ON funding_proposals
BEGIN
    SELECT RAISE(ABORT, 'funding_proposals is append-only: DELETE refused');
END;

CREATE TABLE allocation_settlements (
    id TEXT NOT NULL,
    local_authority_id TEXT NOT NULL,
    allocation_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
    settled TEXT NOT NULL,
    proposal_id TEXT,
    proposed_pence INTEGER,
    reason TEXT,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, id),
    FOREIGN KEY (local_authority_id, allocation_id) REFERENCES cluster_allocations (local_authority_id, id),
    FOREIGN KEY (local_authority_id, proposal_id) REFERENCES funding_proposals (local_authority_id, id),
    CONSTRAINT allocation_settlements_settled_check CHECK (settled IN ('confirmed', 'adjusted', 'set'))
);
CREATE TRIGGER allocation_settlements_no_update BEFORE UPDATE ON allocation_settlements
BEGIN
    SELECT RAISE(ABORT, 'allocation_settlements is append-only: UPDATE refused');
END;
CREATE TRIGGER allocation_settlements_no_delete BEFORE DELETE ON allocation_settlements
BEGIN
    SELECT RAISE(ABORT, 'allocation_settlements is append-only: DELETE refused');
END;
