-- Web Push: each owner's devices (a browser's push subscription), the jobs that reached a terminal
-- state (the events consumer's outbox), and the notifications the sender delivers. Portable SQL.
CREATE TABLE push_subscriptions (
    id            VARCHAR(36)   NOT NULL PRIMARY KEY,
    owner         VARCHAR(128)  NOT NULL,
    device        VARCHAR(64)   NOT NULL,
    endpoint      VARCHAR(2048) NOT NULL,
    -- SHA-256 of the endpoint, hex: one row per browser, whoever subscribed it last
    endpoint_hash VARCHAR(64)   NOT NULL,
    p256dh        VARCHAR(100)  NOT NULL,
    auth          VARCHAR(32)   NOT NULL,
    created_at    TIMESTAMP     NOT NULL,
    last_sent_at  TIMESTAMP,
    CONSTRAINT push_subscriptions_endpoint UNIQUE (endpoint_hash)
);

CREATE INDEX push_subscriptions_owner ON push_subscriptions (owner, created_at);

-- One row per job that reached a terminal state while its owner had a device; handled_at is set
-- once the sender has turned it into notifications (or found its group not finished yet).
CREATE TABLE push_finished (
    job_id     VARCHAR(36)  NOT NULL PRIMARY KEY,
    owner      VARCHAR(128) NOT NULL,
    created_at TIMESTAMP    NOT NULL,
    handled_at TIMESTAMP
);

CREATE INDEX push_finished_open ON push_finished (handled_at, created_at);

-- One notification per device and finished job or group (subject_id), whatever happens twice.
CREATE TABLE push_messages (
    id              VARCHAR(36)  NOT NULL PRIMARY KEY,
    subscription_id VARCHAR(36)  NOT NULL,
    subject         VARCHAR(8)   NOT NULL,
    subject_id      VARCHAR(36)  NOT NULL,
    status          VARCHAR(16)  NOT NULL,
    attempts        INTEGER      NOT NULL,
    next_attempt_at TIMESTAMP    NOT NULL,
    created_at      TIMESTAMP    NOT NULL,
    last_status     INTEGER,
    last_error      VARCHAR(300),
    CONSTRAINT push_messages_once UNIQUE (subscription_id, subject_id)
);

CREATE INDEX push_messages_due ON push_messages (status, next_attempt_at);
