-- A running job's latest preview (a small JPEG of an image as it forms, stored by the runner under
-- thumbs/{job_id}/preview.jpg): which image it shows and the progress step it was taken at, so the
-- job page asks for each new one by its step. One row per job, replaced by newer previews.
CREATE TABLE job_previews (
    job_id VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES jobs (id),
    idx    INTEGER     NOT NULL,
    step   INTEGER     NOT NULL
);

-- decoder: fast: the images decoded with the model's TAESD decoder; NULL for its VAE (the default).
ALTER TABLE jobs ADD COLUMN decoder VARCHAR(8);

-- The runner's models with a tiny decoder, comma-separated, as its last heartbeat said; NULL when
-- it did not say (runners before the tiny decoder).
ALTER TABLE runners ADD COLUMN fast_models VARCHAR(1000);
