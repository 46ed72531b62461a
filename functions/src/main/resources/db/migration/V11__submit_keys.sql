-- Idempotency-Key of a submission: the same key and body within 24 h give the same job back.
-- id is the SHA-256 of owner and key, so a key of any owner fits one bounded column.
CREATE TABLE submit_keys (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner        VARCHAR(128) NOT NULL,
    request_hash VARCHAR(64)  NOT NULL,
    job_id       VARCHAR(36),
    result       VARCHAR(256),
    created_at   TIMESTAMP    NOT NULL
);

CREATE INDEX submit_keys_created ON submit_keys (created_at);
