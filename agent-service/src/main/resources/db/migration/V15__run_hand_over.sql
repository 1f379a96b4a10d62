-- A replica that stops (SIGTERM) gives back the turn of each run it had at a step boundary and marks the run handed
-- over: another replica resumes it at once instead of waiting for the lease to expire. Cleared by the replica that
-- takes it over.
ALTER TABLE runs ADD COLUMN handed_over_at TIMESTAMPTZ;
CREATE INDEX runs_handed_over ON runs (handed_over_at) WHERE handed_over_at IS NOT NULL;
