-- Letta's step metrics: when a step and its LLM request started (ns since the epoch), how long the request, the step's
-- tool calls and the whole step took (ns), and the tools its model called (names, in call order: run metrics map them
-- to tool ids). Steps recorded before this have none of them.
ALTER TABLE steps ADD COLUMN step_start_ns        BIGINT;
ALTER TABLE steps ADD COLUMN llm_request_start_ns BIGINT;
ALTER TABLE steps ADD COLUMN llm_request_ns       BIGINT;
ALTER TABLE steps ADD COLUMN tool_execution_ns    BIGINT;
ALTER TABLE steps ADD COLUMN step_ns              BIGINT;
ALTER TABLE steps ADD COLUMN tool_names           TEXT[] NOT NULL DEFAULT '{}';
