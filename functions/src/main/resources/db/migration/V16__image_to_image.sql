-- Image to image: the stored picture a job starts from (one of the owner's own, by job and index)
-- and how much of it to repaint; all NULL for text to image.
ALTER TABLE jobs ADD COLUMN init_job_id VARCHAR(36);
ALTER TABLE jobs ADD COLUMN init_index INTEGER;
ALTER TABLE jobs ADD COLUMN strength DOUBLE PRECISION;

-- The runner's models that can start from a picture, comma-separated, as its last heartbeat said;
-- NULL when it did not say (runners before image to image).
ALTER TABLE runners ADD COLUMN varying_models VARCHAR(1000);
