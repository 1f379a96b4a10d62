-- The memory window version the agent's last run left behind (NULL when unknown: no run yet, or the window was changed
-- outside a run). A request that gets the agent's turn at once may use a context it read while taking the turn only
-- when that context has this version; otherwise it reads the context again.
ALTER TABLE agents ADD COLUMN context_version BIGINT;
