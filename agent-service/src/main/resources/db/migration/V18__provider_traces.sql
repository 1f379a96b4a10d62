-- Provider traces (GET /v1/steps/{id}/trace): what a step sent its model, in OpenAI's chat-completions shape, and the
-- answer or the error that came back; one per step. Kept for engram.provider-traces.retention, then pruned.
CREATE TABLE provider_traces (
    id              TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL,
    step_id         TEXT        NOT NULL UNIQUE,
    agent_id        TEXT        NOT NULL,
    agent_tags      TEXT[]      NOT NULL DEFAULT '{}',
    run_id          TEXT,
    actor_id        TEXT,
    call_type       TEXT        NOT NULL,
    request_json    TEXT        NOT NULL,   -- JSON
    response_json   TEXT        NOT NULL,   -- JSON
    llm_config      TEXT,                   -- JSON
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX provider_traces_created_idx ON provider_traces (created_at);
