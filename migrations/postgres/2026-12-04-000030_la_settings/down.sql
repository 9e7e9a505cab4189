DROP TABLE la_settings_versions;
DROP TABLE la_settings;
