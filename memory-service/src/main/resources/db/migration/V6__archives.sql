-- Archives: named collections of passages that several agents may share. Every passage belongs to one archive; an
-- agent searches the archives attached to it and writes to the one it owns (its default archive, created on first use).

CREATE TABLE archives (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    description        TEXT,
    embedding_handle   TEXT,                  -- the model every passage of the archive is embedded with; null: text only
    metadata           TEXT,                  -- JSON object
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    created_by_id      TEXT,
    last_updated_by_id TEXT
);
CREATE INDEX archives_org_created_idx ON archives (organization_id, created_at, id);

-- Which agents see which archives; is_owner marks an agent's default archive (at most one per agent).
CREATE TABLE archive_agents (
    archive_id      TEXT        NOT NULL REFERENCES archives (id) ON DELETE CASCADE,
    agent_id        TEXT        NOT NULL,
    organization_id TEXT        NOT NULL,
    is_owner        BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (archive_id, agent_id)
);
CREATE INDEX archive_agents_agent_idx ON archive_agents (organization_id, agent_id);
CREATE UNIQUE INDEX archive_agents_owner_idx ON archive_agents (organization_id, agent_id) WHERE is_owner;

-- Existing passages: each agent's passages become its default archive, whose id agent-service already served as the
-- passages' archive_id ('archive-' + the agent's uuid).
ALTER TABLE passages ADD COLUMN archive_id TEXT;
UPDATE passages SET archive_id = 'archive-' || substr(agent_id, 7);
ALTER TABLE passages ALTER COLUMN archive_id SET NOT NULL;
ALTER TABLE passages ALTER COLUMN agent_id DROP NOT NULL;   -- null for passages written through the archive routes
CREATE INDEX passages_archive_created_idx ON passages (organization_id, archive_id, created_at, id);

INSERT INTO archives (id, organization_id, name, description, embedding_handle, metadata, created_at, updated_at)
SELECT 'archive-' || substr(agent_id, 7), organization_id, 'Default archive', 'Default archive created automatically',
       max(embedding_handle), NULL, min(created_at), now()
FROM passages GROUP BY organization_id, agent_id;
INSERT INTO archive_agents (archive_id, agent_id, organization_id, is_owner, created_at)
SELECT id, 'agent-' || substr(id, 9), organization_id, TRUE, created_at FROM archives;

-- The index partitions passages by archive now: pending index work names the archive, and the index is rebuilt from
-- PostgreSQL at start-up (a recorded watermark above the index's own makes IndexSync rebuild it).
UPDATE index_outbox SET agent_id = 'archive-' || substr(agent_id, 7) WHERE agent_id LIKE 'agent-%';
UPDATE index_state SET applied_watermark = 9223372036854775807;
