-- Letta's step feedback (PATCH /v1/steps/{id}/feedback) and the tags that go with it; both filter the step list.
ALTER TABLE steps ADD COLUMN feedback TEXT;
ALTER TABLE steps ADD COLUMN tags VARCHAR[] NOT NULL DEFAULT '{}';
CREATE INDEX steps_org_created_idx ON steps (organization_id, created_at, id);

-- "local" is not one of Letta's embedding endpoint types: the in-process models are served over embedding-service's
-- OpenAI-compatible API, so stored configurations say "openai" (the handle keeps "local/...").
UPDATE agents SET embedding_config = replace(embedding_config, '"embedding_endpoint_type":"local"', '"embedding_endpoint_type":"openai"')
WHERE embedding_config LIKE '%"embedding_endpoint_type":"local"%';
