-- Dropping the table drops its trigger.
DROP TABLE feed_counters;
DROP TABLE change_events;
