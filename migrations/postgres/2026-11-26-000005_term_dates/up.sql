-- An LA's half terms for a school year (the year it starts in), when it
-- sets its own; otherwise the English default stands.
CREATE TABLE half_terms (
    local_authority_id TEXT NOT NULL,
    academic_year INTEGER NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, academic_year, position)
);
