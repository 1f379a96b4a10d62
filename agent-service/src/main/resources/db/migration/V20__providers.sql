-- The organizations' own LLM providers (Letta's BYOK providers): handles <name>/<model> of the organization are
-- answered by the provider's type at its URL with its key. The key is kept as the other secrets of the schema are
-- (agent secrets, MCP server tokens): protect the database; the API shows only its last four characters.
CREATE TABLE providers (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT        NOT NULL,
    name               TEXT        NOT NULL,
    provider_type      TEXT        NOT NULL,
    api_key            TEXT        NOT NULL,
    base_url           TEXT,
    access_key         TEXT,
    region             TEXT,
    api_version        TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    last_synced        TIMESTAMPTZ,
    created_by_id      TEXT,
    last_updated_by_id TEXT,
    CONSTRAINT providers_org_name_key UNIQUE (organization_id, name)
);
CREATE INDEX providers_org_created_idx ON providers (organization_id, created_at, id);
