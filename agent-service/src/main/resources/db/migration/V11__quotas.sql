-- Quotas and rate limits per organization (dev.engram.agent.quota).

-- An organization's own limits; null = unlimited. Without a row the configured defaults (engram.quota.*) apply.
CREATE TABLE org_limits (
    organization_id     TEXT PRIMARY KEY,
    requests_per_minute BIGINT,
    burst               BIGINT,
    concurrent_runs     BIGINT,
    monthly_steps       BIGINT,
    monthly_tokens      BIGINT,
    storage_passages    BIGINT,
    updated_at          TIMESTAMPTZ NOT NULL
);

-- The token bucket of each rate-limited organization, shared by every replica: one atomic statement refills and takes.
CREATE TABLE rate_buckets (
    organization_id TEXT PRIMARY KEY,
    tokens          DOUBLE PRECISION NOT NULL,
    updated_at      TIMESTAMPTZ      NOT NULL
);

-- Budgets count this month's steps (steps_org_created_idx, V4) and the running runs of an organization.
CREATE INDEX runs_org_status_idx ON runs (organization_id, status);
