-- Webhooks: a job's subscription, each owner's signing secret, the deliveries the events consumer
-- records and the sender works off, and every attempt (the delivery log). Portable SQL.
CREATE TABLE job_webhooks (
    job_id       VARCHAR(36)   NOT NULL PRIMARY KEY,
    owner        VARCHAR(128)  NOT NULL,
    url          VARCHAR(2048) NOT NULL,
    events       VARCHAR(64)   NOT NULL,
    -- set once the job's completed event is recorded; the sender's catch-up looks only at NULLs
    completed_at TIMESTAMP
);

CREATE INDEX job_webhooks_open ON job_webhooks (completed_at);

CREATE TABLE webhook_secrets (
    owner      VARCHAR(128) NOT NULL PRIMARY KEY,
    secret     VARCHAR(64)  NOT NULL,
    created_at TIMESTAMP    NOT NULL
);

-- One row per event to send; image_idx is -1 for start and completed, so the unique key holds
-- "start once, completed once, one output per image" on every database.
CREATE TABLE webhook_deliveries (
    id              VARCHAR(40)  NOT NULL PRIMARY KEY,
    job_id          VARCHAR(36)  NOT NULL,
    event           VARCHAR(16)  NOT NULL,
    image_idx       INTEGER      NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP    NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    CONSTRAINT webhook_deliveries_once UNIQUE (job_id, event, image_idx)
);

CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);

CREATE TABLE webhook_attempts (
    id          VARCHAR(36)  NOT NULL PRIMARY KEY,
    delivery_id VARCHAR(40)  NOT NULL,
    job_id      VARCHAR(36)  NOT NULL,
    attempt     INTEGER      NOT NULL,
    at          TIMESTAMP    NOT NULL,
    status_code INTEGER,
    error       VARCHAR(300),
    duration_ms BIGINT       NOT NULL
);

CREATE INDEX webhook_attempts_job ON webhook_attempts (job_id, at);
