-- Text the index searches along with a passage (the surrounding conversation, a title) but never shows: kept here so
-- that a rebuild from PostgreSQL indexes passages exactly as their inserts did.
ALTER TABLE passages ADD COLUMN index_context TEXT;
