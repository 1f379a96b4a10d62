-- A ticket a stopping replica hands over keeps its place in its agent's queue with no holder (NULL) until another
-- replica takes it (it becomes the holder and heart-beats it). Unheld, it stays live for one lease from the hand-over;
-- a ticket nobody took by then is passed over like a crashed replica's.
ALTER TABLE agent_queue ALTER COLUMN holder DROP NOT NULL;
