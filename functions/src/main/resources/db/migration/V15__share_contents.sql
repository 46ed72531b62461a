-- What a group share shows: KEPT (the kept images; the default from now on) or ALL (every image
-- not discarded). Group shares made before this showed every image not discarded, so they keep
-- meaning that. An image share shows its one image and leaves this NULL.
ALTER TABLE shares ADD COLUMN contents VARCHAR(8);
UPDATE shares SET contents = 'ALL' WHERE group_id IS NOT NULL;
