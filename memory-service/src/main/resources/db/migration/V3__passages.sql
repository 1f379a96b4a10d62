-- Archival memory: passages (the source of truth for the derived vector index) and the index outbox.

CREATE TABLE passages (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT        NOT NULL,
    agent_id         TEXT        NOT NULL,
    text             TEXT        NOT NULL,
    tags             TEXT[]      NOT NULL DEFAULT '{}',
    metadata         TEXT,                    -- JSON object
    embedding        BYTEA,                   -- float32 little-endian, L2-normalised; null until embedded
    embedding_handle TEXT,                    -- the agent's embedding model; null for text-only agents
    embedding_dim    INTEGER,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    created_by_id    TEXT
);
CREATE INDEX passages_agent_created_idx ON passages (organization_id, agent_id, created_at, id);
CREATE INDEX passages_tags_idx ON passages USING GIN (tags);

-- Index work not yet durable in the index: written in the same transaction as the passage change, removed once the
-- index holds it. `needs_embedding` marks an upsert indexed text-only while embedding-service was unavailable.
CREATE TABLE index_outbox (
    seq             BIGSERIAL PRIMARY KEY,
    organization_id TEXT        NOT NULL,
    agent_id        TEXT        NOT NULL,
    passage_id      TEXT,
    op              TEXT        NOT NULL,     -- upsert | delete | delete_agent
    needs_embedding BOOLEAN     NOT NULL DEFAULT FALSE,
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX index_outbox_agent_idx ON index_outbox (organization_id, agent_id);

-- The highest outbox sequence number the index is known to hold: an index whose own watermark is lower lost data
-- (wiped or restored) and is rebuilt from PostgreSQL at start-up.
CREATE TABLE index_state (
    id                INTEGER PRIMARY KEY,
    applied_watermark BIGINT      NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL
);
