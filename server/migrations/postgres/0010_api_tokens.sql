-- Admin API tokens: each acts for the admin who made it (and goes with them), with scopes
-- no wider than that admin's role. Only the secret's SHA-256 is kept.
CREATE TABLE api_tokens (
    id TEXT COLLATE "C" PRIMARY KEY,
    name TEXT NOT NULL,
    token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    prefix TEXT NOT NULL,
    scopes TEXT NOT NULL,
    admin_id TEXT COLLATE "C" NOT NULL REFERENCES admins (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    last_used_at BIGINT,
    revoked_at BIGINT
);
-- Two live tokens never share a name: the audit log tells them apart by it.
CREATE UNIQUE INDEX api_tokens_live_name ON api_tokens (name) WHERE revoked_at IS NULL;
CREATE INDEX api_tokens_by_admin ON api_tokens (admin_id);

-- What a POST with an `Idempotency-Key` answered, so a retried request gets the same answer
-- and changes nothing twice. Kept a day.
CREATE TABLE api_idempotency (
    token_id TEXT COLLATE "C" NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    status BIGINT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (token_id, idempotency_key)
);
CREATE INDEX api_idempotency_by_time ON api_idempotency (created_at);
