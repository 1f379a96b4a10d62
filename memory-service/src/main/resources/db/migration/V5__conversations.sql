-- Conversations: threads of one agent, each with its own window and messages, sharing the agent's blocks and history.
-- The agent's own thread is 'default' (its messages have conversation_id NULL).

ALTER TABLE messages ADD COLUMN conversation_id TEXT;
CREATE INDEX messages_conversation_seq_idx ON messages (organization_id, agent_id, conversation_id, seq);
-- No (organization_id, seq) index for the org-wide listing: it walks messages_seq_key, and every step's inserts
-- would pay for one more index.

-- Existing windows are the agents' default threads.
ALTER TABLE agent_contexts ADD COLUMN conversation_id TEXT NOT NULL DEFAULT 'default';
ALTER TABLE agent_contexts DROP CONSTRAINT agent_contexts_pkey;
ALTER TABLE agent_contexts ADD PRIMARY KEY (agent_id, conversation_id);
-- a conversation's window found by its id alone (conversation ids are unique across agents)
CREATE INDEX agent_contexts_conversation_idx ON agent_contexts (conversation_id) WHERE conversation_id <> 'default';

ALTER TABLE step_commits ADD COLUMN conversation_id TEXT;
CREATE INDEX step_commits_conversation_idx ON step_commits (conversation_id) WHERE conversation_id IS NOT NULL;

-- A conversation's private copies of agent blocks (isolated_block_labels), one per label.
CREATE TABLE conversation_blocks (
    conversation_id TEXT NOT NULL,
    agent_id        TEXT NOT NULL,
    organization_id TEXT NOT NULL,
    label           TEXT NOT NULL,
    block_id        TEXT NOT NULL REFERENCES blocks (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label)
);
CREATE INDEX conversation_blocks_agent_idx ON conversation_blocks (agent_id);
CREATE INDEX conversation_blocks_block_idx ON conversation_blocks (block_id);
