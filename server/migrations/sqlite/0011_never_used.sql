-- A credential never used has no last-used time. Earlier releases wrote 0 ("1970") for every
-- credential in the gateway's index at its first flush.
UPDATE credentials SET last_used_at = NULL WHERE last_used_at <= 0;
