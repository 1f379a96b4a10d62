-- Multi-agent groups (Letta's groups): agents that answer a message together, in the way of the group's manager type.
-- The members are kept in order (round robin speaks in that order); a group's shared blocks are attached to every
-- member as they are shared. Fields a manager type does not use stay null.
CREATE TABLE agent_groups (
    id                        TEXT PRIMARY KEY,
    organization_id           TEXT        NOT NULL,
    manager_type              TEXT        NOT NULL,  -- round_robin | supervisor | dynamic | sleeptime | voice_sleeptime
    description               TEXT        NOT NULL,
    project_id                TEXT,
    hidden                    BOOLEAN,
    manager_agent_id          TEXT REFERENCES agents (id) ON DELETE CASCADE,
    termination_token         TEXT,
    max_turns                 INTEGER,
    sleeptime_agent_frequency INTEGER,
    turns_counter             INTEGER,
    last_processed_message_id TEXT,
    max_message_buffer_length INTEGER,
    min_message_buffer_length INTEGER,
    created_at                TIMESTAMPTZ NOT NULL,
    updated_at                TIMESTAMPTZ NOT NULL,
    created_by_id             TEXT,
    last_updated_by_id        TEXT
);
CREATE INDEX agent_groups_org_created_idx ON agent_groups (organization_id, created_at, id);
CREATE INDEX agent_groups_manager_idx ON agent_groups (manager_agent_id);

CREATE TABLE agent_group_members (
    group_id TEXT    NOT NULL REFERENCES agent_groups (id) ON DELETE CASCADE,
    agent_id TEXT    NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    PRIMARY KEY (group_id, agent_id)
);
CREATE INDEX agent_group_members_agent_idx ON agent_group_members (agent_id);

-- Blocks live in memory-service: no foreign key, the block id is checked there when it is shared.
CREATE TABLE agent_group_blocks (
    group_id   TEXT        NOT NULL REFERENCES agent_groups (id) ON DELETE CASCADE,
    block_id   TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (group_id, block_id)
);
