-- Usage metering: append-only usage events, one per thing measured. The id is derived from what the event measures
-- (step:<step id>, tool:<step id>:<call id>, storage:<org>:<day>, ...), so writing an event twice keeps one.
-- Events are never updated or deleted by the service.

CREATE TABLE usage_events (
    id                TEXT PRIMARY KEY,
    organization_id   TEXT        NOT NULL,
    agent_id          TEXT,
    -- llm_step | embedding | tool_execution | mcp_call | storage_daily | active_agents_daily
    meter             TEXT        NOT NULL,
    -- the meter's billable quantity in its unit: tokens (llm_step, embedding), ms (tool_execution, mcp_call),
    -- bytes (storage_daily: archival text), agents (active_agents_daily)
    quantity          BIGINT      NOT NULL DEFAULT 0,
    unit              TEXT        NOT NULL,
    prompt_tokens     BIGINT,
    completion_tokens BIGINT,
    cached_tokens     BIGINT,
    total_tokens      BIGINT,
    provider          TEXT,
    model             TEXT,
    byok              BOOLEAN     NOT NULL DEFAULT FALSE,
    step_id           TEXT,
    run_id            TEXT,
    occurred_at       TIMESTAMPTZ NOT NULL,
    details           JSONB
);
CREATE INDEX usage_events_org_time_idx ON usage_events (organization_id, occurred_at);
