-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).

CREATE TABLE api_keys (
    key_id      VARCHAR(32)  NOT NULL PRIMARY KEY,
    owner       VARCHAR(128) NOT NULL,
    secret_hash VARCHAR(64)  NOT NULL,
    created_at  TIMESTAMP    NOT NULL
);

CREATE TABLE jobs (
    id              VARCHAR(36)      NOT NULL PRIMARY KEY,
    owner           VARCHAR(128)     NOT NULL,
    status          VARCHAR(16)      NOT NULL,
    prompt          VARCHAR(4000)    NOT NULL,
    negative_prompt VARCHAR(4000),
    count           INTEGER          NOT NULL,
    seed            BIGINT           NOT NULL,
    width           INTEGER          NOT NULL,
    height          INTEGER          NOT NULL,
    steps           INTEGER          NOT NULL,
    guidance        DOUBLE PRECISION NOT NULL,
    model           VARCHAR(64)      NOT NULL,
    scheduler       VARCHAR(32),
    created_at      TIMESTAMP        NOT NULL,
    updated_at      TIMESTAMP        NOT NULL,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP,
    enqueued_at     TIMESTAMP,
    deadline_at     TIMESTAMP        NOT NULL,
    progress_step   INTEGER,
    progress_total  INTEGER,
    error           VARCHAR(2000),
    queue_ms        BIGINT,
    inference_ms    BIGINT,
    upload_ms       BIGINT,
    total_ms        BIGINT,
    runner_id       VARCHAR(128)
);

CREATE INDEX jobs_owner_created ON jobs (owner, created_at);
-- The sweeper looks for QUEUED jobs (unsent or past their deadline).
CREATE INDEX jobs_status_created ON jobs (status, created_at);

CREATE TABLE job_images (
    job_id    VARCHAR(36)  NOT NULL REFERENCES jobs (id),
    idx       INTEGER      NOT NULL,
    seed      BIGINT       NOT NULL,
    image_key VARCHAR(256) NOT NULL,
    thumb_key VARCHAR(256),
    width     INTEGER      NOT NULL,
    height    INTEGER      NOT NULL,
    PRIMARY KEY (job_id, idx)
);

CREATE TABLE runners (
    runner_id          VARCHAR(128)  NOT NULL PRIMARY KEY,
    last_seen_at       TIMESTAMP     NOT NULL,
    models             VARCHAR(1000) NOT NULL,
    execution_provider VARCHAR(64)
);
