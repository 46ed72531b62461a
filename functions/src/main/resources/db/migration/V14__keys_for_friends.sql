-- Keys for friends: a label, when a key was last used, and which key opened a web session, so
-- revoking a key ends its sessions at once.
ALTER TABLE api_keys ADD COLUMN label VARCHAR(64);
ALTER TABLE api_keys ADD COLUMN last_used_at TIMESTAMP;
ALTER TABLE web_sessions ADD COLUMN key_id VARCHAR(32);
CREATE INDEX web_sessions_key ON web_sessions (key_id);
