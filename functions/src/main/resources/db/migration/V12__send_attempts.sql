-- Re-sends of a job whose message SQS never acknowledged back off per job, so jobs that can never
-- be sent do not fill the sweeper's batch and hold back everyone else's.
ALTER TABLE jobs ADD COLUMN send_attempts INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE jobs ADD COLUMN next_send_at TIMESTAMP;
