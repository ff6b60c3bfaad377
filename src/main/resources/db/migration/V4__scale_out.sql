-- Scale-out: several instances share this job store. job_event records which instance (its lease owner id)
-- did each step, so work and takeovers can be attributed. The inbox read lock (camel-sql's
-- JdbcOrphanLockAwareIdempotentRepository) uses CAMEL_MESSAGEPROCESSED from V2 as is: it reads and refreshes
-- createdAt per held key; the index serves its orphan check and clean-ups by age.
-- Written to run unchanged on H2 and PostgreSQL.

ALTER TABLE job_event ADD COLUMN instance_id VARCHAR(100);
CREATE INDEX ix_event_instance ON job_event (instance_id);
CREATE INDEX ix_batch_lease ON batch (lease_owner, lease_until);
CREATE INDEX ix_processed_created ON CAMEL_MESSAGEPROCESSED (processorName, createdAt);
