-- Conversations: threads of one agent, each with its own window (kept in memory-service), sharing the agent's blocks
-- (but for its isolated copies) and searchable history.
CREATE TABLE conversations (
    id                  TEXT PRIMARY KEY,
    organization_id     TEXT        NOT NULL,
    agent_id            TEXT        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    summary             TEXT,
    model               TEXT,                   -- an LLM handle that overrides the agent's in this conversation
    model_settings      TEXT,                   -- JSON
    isolated_block_ids  VARCHAR[]   NOT NULL DEFAULT '{}',
    last_message_at     TIMESTAMPTZ,
    last_run_completion TIMESTAMPTZ,
    created_at          TIMESTAMPTZ NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL,
    created_by_id       TEXT,
    last_updated_by_id  TEXT
);
CREATE INDEX conversations_org_agent_created_idx ON conversations (organization_id, agent_id, created_at, id);
CREATE INDEX conversations_org_created_idx ON conversations (organization_id, created_at, id);
