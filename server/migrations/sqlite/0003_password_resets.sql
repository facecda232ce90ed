-- Single-use password reset links: only the SHA-256 of the token is stored.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    developer_id TEXT NOT NULL REFERENCES developers (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX password_resets_by_developer ON password_resets (developer_id);
