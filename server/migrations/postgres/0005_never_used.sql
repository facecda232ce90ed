-- A credential never used has no last-used time (see the SQLite migration of the same name).
UPDATE credentials SET last_used_at = NULL WHERE last_used_at <= 0;
