-- What varies by council: one settings document per LA (domain::settings,
-- as JSON), at its current version, and every version it has had. An LA
-- with no row works to the defaults, which are version 0.

CREATE TABLE la_settings (
    local_authority_id TEXT NOT NULL PRIMARY KEY,
    document TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- Every version kept, as it was set: appended, never changed.
CREATE TABLE la_settings_versions (
    local_authority_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    document TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (local_authority_id, version)
);
CREATE TRIGGER la_settings_versions_no_update BEFORE UPDATE ON la_settings_versions
BEGIN
    SELECT RAISE(ABORT, 'la_settings_versions is append-only: UPDATE refused');
END;
CREATE TRIGGER la_settings_versions_no_delete BEFORE DELETE ON la_settings_versions
BEGIN
    SELECT RAISE(ABORT, 'la_settings_versions is append-only: DELETE refused');
END;
