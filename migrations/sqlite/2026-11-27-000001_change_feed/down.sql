-- Dropping the table drops its triggers.
DROP TABLE feed_counters;
DROP TABLE change_events;
