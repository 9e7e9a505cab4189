-- Identifiers are UUIDv7 stored as lowercase hyphenated TEXT (see the
-- PostgreSQL migration); SQLite compares TEXT bytewise, so keyset
-- pagination sorts exactly as on PostgreSQL. Timestamps are UTC.
--
-- Keys carry the local authority, as on PostgreSQL: every tenant table is
-- UNIQUE on (local_authority_id, id) (which SQLite also needs, or a
-- composite foreign key is a "foreign key mismatch" at the first write),
-- and every reference between tenant tables is a composite foreign key on
-- (local_authority_id, x_id). Foreign keys are enforced on every pooled
-- connection (persistence::connection).
--
-- Columns holding a closed vocabulary carry a CHECK named
-- <table>_<column>_check listing exactly the domain enum's stored names
-- (persistence::vocabulary lists them; a test keeps the two in step).

CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    name TEXT NOT NULL,
    area TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    UNIQUE (local_authority_id, number)
);

CREATE TABLE schools (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT,
    urn TEXT NOT NULL,
    dfe_number TEXT NOT NULL,
    name TEXT NOT NULL,
    phase TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    UNIQUE (local_authority_id, urn),
    UNIQUE (local_authority_id, dfe_number),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id),
    CONSTRAINT schools_phase_check CHECK (phase IN ('nursery', 'infant', 'junior', 'primary', 'secondary', 'all_through', 'special'))
);
CREATE INDEX schools_cluster ON schools (local_authority_id, cluster_id, urn);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    agency TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id),
    CONSTRAINT team_members_agency_check CHECK (agency IN ('educational_psychology', 'specialist_teacher', 'early_support', 'ehcp_team', 'health', 'camhs', 'social_care', 'youth_service', 'housing', 'youth_offending', 'third_sector'))
);
CREATE INDEX team_members_cluster ON team_members (local_authority_id, cluster_id, id);

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    url TEXT NOT NULL,
    min_age INTEGER,
    max_age INTEGER,
    -- A JSON array of area names.
    areas TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id)
);

-- Responses to creating POSTs, replayed when the same client sends the
-- same Idempotency-Key again.
CREATE TABLE idempotency_keys (
    local_authority_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    response_location TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, subject, idempotency_key)
);
