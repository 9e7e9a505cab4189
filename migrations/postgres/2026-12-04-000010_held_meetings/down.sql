DROP INDEX meetings_cluster_status;
ALTER TABLE meetings DROP COLUMN cancellation_reason;
ALTER TABLE meetings DROP COLUMN apologies;
ALTER TABLE meetings DROP CONSTRAINT meetings_status_check;
ALTER TABLE meetings DROP COLUMN status;
