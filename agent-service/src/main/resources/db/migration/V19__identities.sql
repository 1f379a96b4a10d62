-- Letta's identities: the users, organizations or other parties of an application built on Engram, named by the
-- application's own key (unique within the organization and project, a missing project being one project), with
-- properties, and the agents and blocks that belong to them. Blocks live in memory-service: no foreign key there.
CREATE TABLE identities (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT        NOT NULL,
    identifier_key     TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    identity_type      TEXT        NOT NULL,   -- org | user | other
    project_id         TEXT,
    properties         TEXT        NOT NULL,   -- JSON array of {key, value, type}
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    created_by_id      TEXT,
    last_updated_by_id TEXT
);
CREATE UNIQUE INDEX identities_key_idx ON identities (organization_id, identifier_key, COALESCE(project_id, ''));
CREATE INDEX identities_org_created_idx ON identities (organization_id, created_at, id);

CREATE TABLE identities_agents (
    identity_id TEXT        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    agent_id    TEXT        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (identity_id, agent_id)
);
CREATE INDEX identities_agents_agent_idx ON identities_agents (agent_id);

CREATE TABLE identities_blocks (
    identity_id TEXT        NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    block_id    TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (identity_id, block_id)
);
CREATE INDEX identities_blocks_block_idx ON identities_blocks (block_id);
