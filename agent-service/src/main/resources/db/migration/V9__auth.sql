-- Identity: organizations, their users, API keys (stored as a SHA-256 hash only) and the audit log of administrative
-- actions. The default organization and user are the ones every row written before auth existed belongs to.
CREATE TABLE organizations (
    id         TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id              TEXT PRIMARY KEY,
    organization_id TEXT        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX users_org_created_idx ON users (organization_id, created_at, id);

INSERT INTO organizations (id, name, created_at, updated_at)
VALUES ('org-00000000-0000-4000-8000-000000000000', 'default_org', now(), now());
INSERT INTO users (id, organization_id, name, created_at, updated_at)
VALUES ('user-00000000-0000-4000-8000-000000000000', 'org-00000000-0000-4000-8000-000000000000', 'default_user', now(), now());

CREATE TABLE api_keys (
    id              TEXT PRIMARY KEY,                 -- key-<uuid>
    organization_id TEXT        NOT NULL REFERENCES organizations (id) ON DELETE CASCADE,
    user_id         TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name            TEXT        NOT NULL,
    prefix          TEXT        NOT NULL,             -- the first 12 characters, for display
    hash            TEXT        NOT NULL,             -- SHA-256 hex of the whole key
    role            TEXT        NOT NULL CHECK (role IN ('admin', 'member', 'read_only')),
    agent_id        TEXT,                             -- set: the key reaches this agent only
    expires_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    CONSTRAINT api_keys_hash_key UNIQUE (hash)
);
CREATE INDEX api_keys_org_created_idx ON api_keys (organization_id, created_at, id);

-- No foreign key to organizations: the record of an organization's deletion outlives it.
CREATE TABLE audit_log (
    id              TEXT PRIMARY KEY,                 -- audit-<uuid>
    organization_id TEXT        NOT NULL,
    actor_user_id   TEXT,
    action          TEXT        NOT NULL,             -- e.g. api_key.create, organization.delete
    target_type     TEXT        NOT NULL,
    target_id       TEXT,
    details         JSONB,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX audit_log_org_created_idx ON audit_log (organization_id, created_at, id);
