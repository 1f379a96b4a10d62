-- The frames of background runs' streams, so that a client that left (or another replica) can replay what it missed
-- and follow the rest: one row per frame, in the order the run sent them. Pruned after the retention window.
CREATE TABLE run_events (
    run_id     TEXT        NOT NULL,
    seq_id     BIGINT      NOT NULL,
    event      TEXT,                   -- the SSE event name (error), null for unnamed data frames
    data       TEXT        NOT NULL,   -- the frame's data: JSON, or [DONE]
    terminal   BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (run_id, seq_id)
);
CREATE INDEX run_events_created_idx ON run_events (created_at);

ALTER TABLE runs ADD COLUMN conversation_id TEXT;
CREATE INDEX runs_conversation_idx ON runs (organization_id, conversation_id, created_at) WHERE conversation_id IS NOT NULL;
