-- Dropping the tables drops their triggers.
DROP TABLE audit_events;
DROP TABLE reported_diagnoses;
DROP TABLE consents;
DROP TABLE child_carers;
DROP TABLE carers;
DROP TABLE children;
