DROP TABLE idempotency_keys;
DROP TABLE services;
DROP TABLE team_members;
DROP TABLE schools;
DROP TABLE clusters;
