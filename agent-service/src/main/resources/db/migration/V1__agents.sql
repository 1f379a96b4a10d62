-- agent-service: agents, tools, runs, steps and the per-agent queue that serialises steps across replicas.

CREATE TABLE agents (
    id                              TEXT PRIMARY KEY,
    organization_id                 TEXT        NOT NULL,
    name                            TEXT        NOT NULL,
    agent_type                      TEXT        NOT NULL,
    system                          TEXT        NOT NULL,
    description                     TEXT,
    metadata                        TEXT,        -- JSON object
    tags                            VARCHAR[]   NOT NULL DEFAULT '{}',
    model                           TEXT,        -- LLM handle provider/model
    embedding                       TEXT,        -- embedding handle, null for text-only archival memory
    llm_config                      TEXT,        -- JSON (Letta LLMConfig)
    embedding_config                TEXT,        -- JSON (Letta EmbeddingConfig)
    model_settings                  TEXT,        -- JSON
    compaction_settings             TEXT,        -- JSON
    tool_rules                      TEXT,        -- JSON array
    response_format                 TEXT,        -- JSON
    secrets                         TEXT,        -- JSON object
    context_window_limit            INTEGER,
    timezone                        TEXT,
    message_buffer_autoclear        BOOLEAN     NOT NULL DEFAULT FALSE,
    enable_sleeptime                BOOLEAN,
    hidden                          BOOLEAN,
    project_id                      TEXT,
    template_id                     TEXT,
    base_template_id                TEXT,
    max_files_open                  INTEGER,
    per_file_view_window_char_limit INTEGER,
    last_run_completion             TIMESTAMPTZ,
    last_run_duration_ms            BIGINT,
    last_stop_reason                TEXT,
    created_at                      TIMESTAMPTZ NOT NULL,
    updated_at                      TIMESTAMPTZ NOT NULL,
    created_by_id                   TEXT,
    last_updated_by_id              TEXT
);
CREATE INDEX agents_org_created_idx ON agents (organization_id, created_at, id);
CREATE INDEX agents_org_name_idx ON agents (organization_id, name);
CREATE INDEX agents_tags_idx ON agents USING GIN (tags);

CREATE TABLE tools (
    id                        TEXT PRIMARY KEY,
    organization_id           TEXT        NOT NULL,
    name                      TEXT        NOT NULL,
    tool_type                 TEXT        NOT NULL,
    description               TEXT,
    json_schema               TEXT        NOT NULL,  -- JSON
    source_type               TEXT,
    source_code               TEXT,
    tags                      TEXT[]      NOT NULL DEFAULT '{}',
    return_char_limit         INTEGER     NOT NULL,
    default_requires_approval BOOLEAN,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    created_by_id             TEXT,
    last_updated_by_id        TEXT,
    CONSTRAINT tools_org_name_key UNIQUE (organization_id, name)
);

CREATE TABLE agent_tools (
    agent_id TEXT      NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    tool_id  TEXT      NOT NULL REFERENCES tools (id) ON DELETE CASCADE,
    position BIGSERIAL NOT NULL,
    PRIMARY KEY (agent_id, tool_id)
);

CREATE TABLE runs (
    id                   TEXT PRIMARY KEY,
    organization_id      TEXT        NOT NULL,
    agent_id             TEXT        NOT NULL,
    status               TEXT        NOT NULL,   -- created | running | completed | failed | cancelled
    stop_reason          TEXT,
    background           BOOLEAN     NOT NULL DEFAULT FALSE,
    metadata             TEXT,                   -- JSON
    request_config       TEXT,                   -- JSON
    request              TEXT,                   -- JSON: the request, to resume the run after a crash
    idempotency_key      TEXT,
    callback_url         TEXT,
    callback_sent_at     TIMESTAMPTZ,
    callback_status_code INTEGER,
    callback_error       TEXT,
    ttft_ns              BIGINT,
    total_duration_ns    BIGINT,
    created_at           TIMESTAMPTZ NOT NULL,
    completed_at         TIMESTAMPTZ
);
CREATE INDEX runs_agent_created_idx ON runs (organization_id, agent_id, created_at);
CREATE INDEX runs_status_idx ON runs (status);
CREATE UNIQUE INDEX runs_idempotency_key ON runs (organization_id, agent_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE steps (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT        NOT NULL,
    agent_id            TEXT        NOT NULL,
    run_id              TEXT,
    provider_name       TEXT,
    provider_category   TEXT,
    model               TEXT,
    model_handle        TEXT,
    model_endpoint      TEXT,
    context_window_limit INTEGER,
    prompt_tokens       INTEGER     NOT NULL DEFAULT 0,
    completion_tokens   INTEGER     NOT NULL DEFAULT 0,
    total_tokens        INTEGER     NOT NULL DEFAULT 0,
    cached_input_tokens INTEGER,
    reasoning_tokens    INTEGER,
    stop_reason         TEXT,
    status              TEXT        NOT NULL,   -- pending | success | failed | cancelled
    error_type          TEXT,
    error_data          TEXT,
    created_at          TIMESTAMPTZ NOT NULL,
    completed_at        TIMESTAMPTZ
);
CREATE INDEX steps_run_idx ON steps (run_id, created_at);
CREATE INDEX steps_agent_idx ON steps (organization_id, agent_id, created_at);

-- One step at a time per agent across replicas: requests take a ticket and run when theirs is the oldest live one.
-- A holder that stops heart-beating (crashed replica) loses its turn when its lease expires.
CREATE TABLE agent_queue (
    ticket       BIGSERIAL PRIMARY KEY,
    agent_id     TEXT        NOT NULL,
    run_id       TEXT        NOT NULL,
    holder       TEXT        NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX agent_queue_agent_idx ON agent_queue (agent_id, ticket);
