-- The web gallery: sign-in sessions, fan-out groups, image triage, share links and style presets.
-- Portable SQL: runs unchanged on H2 and PostgreSQL. Numbered 10 to leave room for other V2+ work.

CREATE TABLE web_sessions (
    id_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner      VARCHAR(128) NOT NULL,
    csrf_token VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL
);

CREATE TABLE job_groups (
    id         VARCHAR(36)   NOT NULL PRIMARY KEY,
    owner      VARCHAR(128)  NOT NULL,
    prompt     VARCHAR(4000) NOT NULL,
    created_at TIMESTAMP     NOT NULL
);

CREATE INDEX job_groups_owner_created ON job_groups (owner, created_at);

-- Filled in right after a gallery submission; the jobs API leaves them NULL.
ALTER TABLE jobs ADD COLUMN group_id VARCHAR(36);
ALTER TABLE jobs ADD COLUMN style VARCHAR(64);

CREATE INDEX jobs_group ON jobs (group_id);

CREATE TABLE image_marks (
    job_id     VARCHAR(36) NOT NULL,
    idx        INTEGER     NOT NULL,
    mark       VARCHAR(16) NOT NULL,
    updated_at TIMESTAMP   NOT NULL,
    PRIMARY KEY (job_id, idx)
);

CREATE TABLE shares (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    token_hash VARCHAR(64)  NOT NULL UNIQUE,
    owner      VARCHAR(128) NOT NULL,
    job_id     VARCHAR(36),
    idx        INTEGER,
    group_id   VARCHAR(36),
    created_at TIMESTAMP    NOT NULL,
    expires_at TIMESTAMP    NOT NULL,
    revoked_at TIMESTAMP
);

CREATE INDEX shares_owner ON shares (owner, created_at);

CREATE TABLE style_presets (
    id         VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner      VARCHAR(128) NOT NULL,
    name       VARCHAR(64)  NOT NULL,
    template   VARCHAR(500) NOT NULL,
    created_at TIMESTAMP    NOT NULL
);
