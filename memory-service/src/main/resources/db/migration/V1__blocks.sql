-- Core memory blocks, their attachment to agents, their history, and idempotency records.

CREATE TABLE blocks (
    id                    TEXT PRIMARY KEY,
    organization_id       TEXT        NOT NULL,
    label                 TEXT        NOT NULL,
    value                 TEXT        NOT NULL,
    char_limit            INTEGER     NOT NULL,
    description           TEXT,
    read_only             BOOLEAN     NOT NULL DEFAULT FALSE,
    metadata              JSONB       NOT NULL DEFAULT '{}'::jsonb,
    tags                  TEXT[]      NOT NULL DEFAULT '{}',
    hidden                BOOLEAN,
    project_id            TEXT,
    is_template           BOOLEAN     NOT NULL DEFAULT FALSE,
    template_name         TEXT,
    template_id           TEXT,
    base_template_id      TEXT,
    deployment_id         TEXT,
    entity_id             TEXT,
    preserve_on_migration BOOLEAN,
    version               BIGINT      NOT NULL DEFAULT 1,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    created_by_id         TEXT,
    last_updated_by_id    TEXT
);
CREATE INDEX blocks_org_created_idx ON blocks (organization_id, created_at, id);
CREATE INDEX blocks_org_label_idx ON blocks (organization_id, label);
CREATE INDEX blocks_tags_idx ON blocks USING GIN (tags);

-- One label per agent; a block may be shared by many agents.
CREATE TABLE block_attachments (
    agent_id        TEXT        NOT NULL,
    block_id        TEXT        NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
    label           TEXT        NOT NULL,
    organization_id TEXT        NOT NULL,
    position        BIGSERIAL   NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_id, block_id),
    CONSTRAINT block_attachments_agent_label_key UNIQUE (agent_id, label)
);
CREATE INDEX block_attachments_block_idx ON block_attachments (block_id);

-- Every change of a block: previous and new value, who, why, and the tool call that made it.
CREATE TABLE block_history (
    id              TEXT PRIMARY KEY,
    block_id        TEXT        NOT NULL,
    organization_id TEXT        NOT NULL,
    version         BIGINT      NOT NULL,
    label           TEXT        NOT NULL,
    previous_value  TEXT,
    new_value       TEXT,
    operation       TEXT        NOT NULL,
    reason          TEXT,
    actor_id        TEXT,
    agent_id        TEXT,
    tool_call_id    TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX block_history_block_idx ON block_history (block_id, version);

-- Results of mutating calls keyed by the caller's Idempotency-Key: a replay returns the stored result.
CREATE TABLE idempotency_keys (
    organization_id TEXT        NOT NULL,
    key             TEXT        NOT NULL,
    fingerprint     TEXT        NOT NULL,
    status          INTEGER     NOT NULL,
    body            TEXT,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organization_id, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
