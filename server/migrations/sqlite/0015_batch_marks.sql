-- The mark a guarded batch writes while it runs (see gatehouse-db's batch.rs), empty between
-- batches. The native server creates it when it connects; D1 gets it here, from its migrations.
CREATE TABLE IF NOT EXISTS batch_applied (op TEXT NOT NULL);
