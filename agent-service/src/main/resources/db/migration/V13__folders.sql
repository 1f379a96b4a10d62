-- Folders (Letta's sources): named sets of uploaded files. A file's text is kept here (open_files and grep_files read
-- it); its chunks are passages of the folder in memory-service, searched in the same hybrid index as archival memory.
CREATE TABLE folders (
    id                   TEXT PRIMARY KEY,
    organization_id      TEXT        NOT NULL,
    name                 TEXT        NOT NULL,
    description          TEXT,
    instructions         TEXT,
    metadata             TEXT,                    -- JSON object
    embedding            TEXT,                    -- embedding handle, null for text-only search
    embedding_config     TEXT,                    -- JSON (Letta EmbeddingConfig)
    embedding_chunk_size INTEGER,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    created_by_id        TEXT,
    last_updated_by_id   TEXT,
    CONSTRAINT folders_org_name_key UNIQUE (organization_id, name)
);
CREATE INDEX folders_org_created_idx ON folders (organization_id, created_at, id);

CREATE TABLE folder_files (
    id                 TEXT PRIMARY KEY,
    organization_id    TEXT        NOT NULL,
    folder_id          TEXT        NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    file_name          TEXT        NOT NULL,
    original_file_name TEXT        NOT NULL,
    file_type          TEXT        NOT NULL,
    file_size          BIGINT      NOT NULL,
    processing_status  TEXT        NOT NULL,     -- pending | parsing | embedding | completed | error
    error_message      TEXT,
    total_chunks       INTEGER,
    chunks_embedded    INTEGER,
    content            TEXT,                     -- the extracted text; null until parsed
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    CONSTRAINT folder_files_name_key UNIQUE (folder_id, file_name)
);
CREATE INDEX folder_files_folder_created_idx ON folder_files (folder_id, created_at, id);

CREATE TABLE agent_folders (
    agent_id   TEXT        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    folder_id  TEXT        NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (agent_id, folder_id)
);
CREATE INDEX agent_folders_folder_idx ON agent_folders (folder_id);

-- A file in an agent's context: open (its visible window is in the system prompt) or closed.
CREATE TABLE agent_files (
    id               TEXT PRIMARY KEY,
    organization_id  TEXT        NOT NULL,
    agent_id         TEXT        NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    file_id          TEXT        NOT NULL REFERENCES folder_files (id) ON DELETE CASCADE,
    folder_id        TEXT        NOT NULL REFERENCES folders (id) ON DELETE CASCADE,
    file_name        TEXT        NOT NULL,         -- folder_name/file_name, as the tools name it
    is_open          BOOLEAN     NOT NULL,
    visible_content  TEXT,
    start_line       INTEGER,
    end_line         INTEGER,
    last_accessed_at TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    CONSTRAINT agent_files_agent_file_key UNIQUE (agent_id, file_id)
);
CREATE INDEX agent_files_agent_created_idx ON agent_files (agent_id, created_at, id);

-- The agent's rendered <directories> section (its folders and files), part of its compiled system prompt.
ALTER TABLE agents ADD COLUMN directories TEXT;
