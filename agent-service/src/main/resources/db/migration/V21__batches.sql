-- Letta's message batches (POST /v1/messages/batches): one request fans out to one background run per agent; the batch
-- ends when every run has ended, and its callback (if any) then gets its outcome.
CREATE TABLE batches (
    id                   TEXT PRIMARY KEY,
    organization_id      TEXT        NOT NULL,
    status               TEXT        NOT NULL,   -- running | completed | failed | cancelled
    callback_url         TEXT,
    callback_sent_at     TIMESTAMPTZ,
    callback_status_code INTEGER,
    callback_error       TEXT,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    completed_at         TIMESTAMPTZ,
    created_by_id        TEXT
);
CREATE INDEX batches_org_created_idx ON batches (organization_id, created_at, id);
CREATE INDEX batches_running_idx ON batches (status) WHERE status = 'running';

CREATE TABLE batch_runs (
    batch_id TEXT    NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    run_id   TEXT    NOT NULL,
    agent_id TEXT    NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (batch_id, run_id)
);
CREATE INDEX batch_runs_run_idx ON batch_runs (run_id);
