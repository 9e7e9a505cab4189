-- Identifiers are UUIDv7 stored as lowercase hyphenated TEXT (see the
-- PostgreSQL migration); SQLite compares TEXT bytewise, so keyset
-- pagination sorts exactly as on PostgreSQL. Timestamps are UTC.

CREATE TABLE clusters (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number > 0),
    name TEXT NOT NULL,
    area TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, number)
);

CREATE TABLE schools (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT REFERENCES clusters (id),
    urn TEXT NOT NULL,
    dfe_number TEXT NOT NULL,
    name TEXT NOT NULL,
    phase TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    UNIQUE (local_authority_id, urn),
    UNIQUE (local_authority_id, dfe_number)
);
CREATE INDEX schools_cluster ON schools (local_authority_id, cluster_id, urn);

CREATE TABLE team_members (
    id TEXT PRIMARY KEY,
    local_authority_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL REFERENCES clusters (id),
    agency TEXT NOT NULL,
    name TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
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
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX services_tenant ON services (local_authority_id, id);

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
