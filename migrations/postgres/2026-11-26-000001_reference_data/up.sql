-- Identifiers are UUIDv7 stored as lowercase hyphenated TEXT on both
-- backends (diesel's MultiConnection has no UUID type). UUIDv7 is
-- time-ordered, so new rows append to the end of each index, and the
-- "C" collation makes PostgreSQL compare them bytewise, exactly as SQLite
-- does: one sort order for keyset pagination on both.
-- Timestamps are UTC, stored without a zone.
--
-- Keys carry the local authority: every tenant table is UNIQUE on
-- (local_authority_id, id), and every reference between tenant tables is a
-- composite foreign key on (local_authority_id, x_id), so the database
-- itself refuses a row of one LA that points at a row of another (and
-- every key includes the distribution column, as PostgreSQL sharded by LA
-- requires). A nullable reference is not checked while it is NULL.
--
-- Columns holding a closed vocabulary carry a CHECK named
-- <table>_<column>_check listing exactly the domain enum's stored names
-- (persistence::vocabulary lists them; a test keeps the two in step).

CREATE TABLE clusters (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    name TEXT NOT NULL,
    area TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    UNIQUE (local_authority_id, number)
);

CREATE TABLE schools (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT COLLATE "C",
    urn TEXT NOT NULL,
    dfe_number TEXT NOT NULL,
    name TEXT NOT NULL,
    phase TEXT NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
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
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT COLLATE "C" NOT NULL,
    agency TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, id),
    FOREIGN KEY (local_authority_id, cluster_id) REFERENCES clusters (local_authority_id, id),
    CONSTRAINT team_members_agency_check CHECK (agency IN ('educational_psychology', 'specialist_teacher', 'early_support', 'ehcp_team', 'health', 'camhs', 'social_care', 'youth_service', 'housing', 'youth_offending', 'third_sector'))
);
CREATE INDEX team_members_cluster ON team_members (local_authority_id, cluster_id, id);

CREATE TABLE services (
    id TEXT COLLATE "C" PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL,
    url TEXT NOT NULL,
    min_age INTEGER,
    max_age INTEGER,
    -- A JSON array of area names.
    areas TEXT NOT NULL DEFAULT '[]',
    version BIGINT NOT NULL DEFAULT 1,
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
