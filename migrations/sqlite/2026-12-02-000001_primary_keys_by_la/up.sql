-- PostgreSQL's tenant tables now key by (local_authority_id, id), so that
-- they can be distributed by LA (docs/scaling.md). SQLite, the embedded
-- single-machine default, is never distributed: its tables keep their
-- primary key (id), and this migration only keeps the two lists aligned.
SELECT 1;
