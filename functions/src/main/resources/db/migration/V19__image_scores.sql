-- Scores a runner's scorer gave each image (docs/scores.md); NULL for images painted without one.
-- Portable SQL: runs unchanged on H2 and PostgreSQL.

ALTER TABLE job_images ADD COLUMN aesthetic DOUBLE PRECISION;
ALTER TABLE job_images ADD COLUMN prompt_match DOUBLE PRECISION;
