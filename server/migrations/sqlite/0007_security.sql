-- Single-use links (password reset, address confirmation) are no longer kept readable in
-- the outbox: the body holds a placeholder and the link is sealed with the server key.
-- Bodies written before this kept the link in plain text; they are replaced by a note, so
-- no live link stays in the console's e-mail log.
ALTER TABLE outbox ADD COLUMN sealed_link TEXT;
UPDATE outbox
SET body = 'This message carried a single-use link, which is no longer kept. Ask for a new one on the portal if you still need it.'
WHERE kind IN ('developer.password_reset', 'developer.confirm_email');
-- Their links may have been read from the log already: they stop working. A developer who
-- has not confirmed yet confirms with a password reset link, which proves the address too.
UPDATE password_resets SET expires_at = 0 WHERE used_at IS NULL;
DELETE FROM email_verifications;

-- A developer's change of address waits here until the new address is confirmed.
CREATE TABLE email_changes (
    token_hash TEXT PRIMARY KEY,
    developer_id TEXT NOT NULL REFERENCES developers (id) ON DELETE CASCADE,
    new_email TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX email_changes_by_developer ON email_changes (developer_id);

-- The gateway passes the developer's address upstream (X-Consumer-Username).
CREATE TRIGGER gateway_developer_email AFTER UPDATE OF email ON developers BEGIN
    UPDATE gateway_version SET version = version + 1;
END;

-- A roll names the secret it replaces, so two rolls at once cannot both succeed.
ALTER TABLE credentials ADD COLUMN secret_version INTEGER NOT NULL DEFAULT 0;
