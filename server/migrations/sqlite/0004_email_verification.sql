-- Email confirmation at sign-up: a request reaches the admins only once its address is
-- confirmed. Developers who signed up before this check count as confirmed.
ALTER TABLE developers ADD COLUMN email_verified_at INTEGER;
UPDATE developers SET email_verified_at = created_at;

CREATE TABLE email_verifications (
    token_hash TEXT PRIMARY KEY,
    developer_id TEXT NOT NULL REFERENCES developers (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX email_verifications_by_developer ON email_verifications (developer_id);
