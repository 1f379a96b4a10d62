-- Custom tools: what Letta's Tool carries beyond the built-ins' columns.
ALTER TABLE tools ADD COLUMN args_json_schema          TEXT;     -- JSON
ALTER TABLE tools ADD COLUMN pip_requirements          TEXT;     -- JSON: [{name, version}]
ALTER TABLE tools ADD COLUMN npm_requirements          TEXT;     -- JSON: [{name, version}]
ALTER TABLE tools ADD COLUMN metadata                  TEXT;     -- JSON (metadata_), e.g. {"sandbox": {"network": true}}
ALTER TABLE tools ADD COLUMN enable_parallel_execution BOOLEAN;
ALTER TABLE tools ADD COLUMN project_id                TEXT;

-- the tools of one kind in an organization (built-in, custom, MCP) are listed and filtered often
CREATE INDEX tools_org_type_idx ON tools (organization_id, tool_type);
