-- When the sweeper deleted a cancelled job's objects (images a runner stored after the cancel,
-- thumbnails, the cancel marker); NULL while they may still be there.
ALTER TABLE jobs ADD COLUMN objects_removed_at TIMESTAMP;
