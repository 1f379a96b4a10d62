-- Recall memory: every message of every agent, the agent's in-context window, and committed steps.

CREATE TABLE messages (
    id              TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL,
    agent_id        TEXT        NOT NULL,
    seq             BIGSERIAL   NOT NULL,
    role            TEXT        NOT NULL,
    content         TEXT        NOT NULL,   -- JSON array of typed parts
    text            TEXT        NOT NULL,   -- the searchable text of the message
    name            TEXT,
    tool_calls      TEXT,                   -- JSON, OpenAI shape
    tool_call_id    TEXT,
    tool_returns    TEXT,                   -- JSON
    approvals       TEXT,                   -- JSON
    model           TEXT,
    otid            TEXT,
    sender_id       TEXT,
    group_id        TEXT,
    step_id         TEXT,
    run_id          TEXT,
    is_err          BOOLEAN,
    created_at      TIMESTAMPTZ NOT NULL,
    search          TSVECTOR GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
);
CREATE UNIQUE INDEX messages_seq_key ON messages (seq);
CREATE INDEX messages_agent_seq_idx ON messages (organization_id, agent_id, seq);
CREATE INDEX messages_agent_created_idx ON messages (agent_id, created_at);
CREATE INDEX messages_run_idx ON messages (run_id, seq);
CREATE INDEX messages_step_idx ON messages (step_id);
CREATE INDEX messages_search_idx ON messages USING GIN (search);

-- The ordered in-context window of each agent; [0] is the system message.
CREATE TABLE agent_contexts (
    agent_id        TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL,
    message_ids     TEXT[]      NOT NULL,
    version         BIGINT      NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- Steps whose messages and window were committed: a replayed commit of the same step changes nothing.
CREATE TABLE step_commits (
    step_id         TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL,
    agent_id        TEXT        NOT NULL,
    run_id          TEXT,
    context_version BIGINT      NOT NULL,
    message_ids     TEXT[]      NOT NULL,
    committed_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX step_commits_agent_idx ON step_commits (agent_id);
