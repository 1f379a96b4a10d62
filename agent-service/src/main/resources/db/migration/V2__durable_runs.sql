-- Durable runs: what a replica needs to pick up a run whose replica died.

ALTER TABLE runs ADD COLUMN actor_id TEXT;
-- The step in flight: the LLM's answer (assistant message with its tool calls) and the step's input, written before any
-- tool runs, so a resumed run executes the very same tool calls (their ids are the idempotency keys of their effects).
ALTER TABLE steps ADD COLUMN plan TEXT;
CREATE INDEX steps_run_status_idx ON steps (run_id, status);
CREATE INDEX runs_agent_status_idx ON runs (agent_id, status);
