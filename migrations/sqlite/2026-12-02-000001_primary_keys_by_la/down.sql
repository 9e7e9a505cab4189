-- Nothing was changed on SQLite.
SELECT 1;
