-- MCP servers registered per organization, and the tool rows their tools become (tool_type external_mcp).
CREATE TABLE mcp_servers (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT        NOT NULL,
    server_name        TEXT        NOT NULL,
    server_type        TEXT        NOT NULL,  -- streamable_http | sse | stdio
    server_url         TEXT,                  -- http(s) servers
    auth_header        TEXT,
    auth_token         TEXT,
    custom_headers     TEXT,                  -- JSON object of header name to value
    command            TEXT,                  -- stdio servers
    args               TEXT[]      NOT NULL DEFAULT '{}',
    env                TEXT,                  -- JSON object of variable name to value
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    created_by_id      TEXT,
    last_updated_by_id TEXT,
    CONSTRAINT mcp_servers_org_name_key UNIQUE (organization_id, server_name)
);

-- The server an external_mcp tool belongs to: deleting the server deletes its tools (and so their attachments).
ALTER TABLE tools ADD COLUMN mcp_server_id TEXT REFERENCES mcp_servers (id) ON DELETE CASCADE;
CREATE INDEX tools_mcp_server_idx ON tools (mcp_server_id) WHERE mcp_server_id IS NOT NULL;
