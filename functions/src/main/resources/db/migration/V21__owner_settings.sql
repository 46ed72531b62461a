-- Per-owner choices. share_prompts: whether share pages and the files they serve carry the prompt
-- (TRUE, as before) or leave it out.
CREATE TABLE owner_settings (
    owner         VARCHAR(128) NOT NULL PRIMARY KEY,
    share_prompts BOOLEAN      NOT NULL
);
