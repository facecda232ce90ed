-- Services in the catalog, developers' applications, their registrations with services,
-- and the credentials gateways check. Deleting a developer or an application removes what
-- hangs off it through the foreign keys, in the same transaction.

CREATE TABLE services (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL,
    version TEXT NOT NULL,
    -- how gateways find the service: a path prefix such as /petstore, or a host name
    route_prefix TEXT UNIQUE,
    host TEXT UNIQUE,
    -- comma-separated ACL groups allowed to call it; empty: any registered application
    acl_groups TEXT NOT NULL DEFAULT '',
    -- the OpenAPI 3 document as the admin gave it (validated)
    openapi TEXT NOT NULL DEFAULT '',
    published INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CHECK (route_prefix IS NOT NULL OR host IS NOT NULL)
);

CREATE TABLE applications (
    id TEXT PRIMARY KEY,
    developer_id TEXT NOT NULL REFERENCES developers (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    name_normalized TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- ACL groups, assigned by admins only
    acl_groups TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (developer_id, name_normalized)
);

CREATE TABLE registrations (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (application_id, service_id)
);
CREATE INDEX registrations_by_status ON registrations (status, created_at);
CREATE INDEX registrations_by_service ON registrations (service_id);

-- Secrets are never stored in plain form: key-auth keys and OAuth client secrets as SHA-256
-- hashes, basic-auth passwords as Argon2id, HMAC and JWT secrets sealed with the server key.
-- A roll keeps the previous secret valid until previous_valid_until.
CREATE TABLE credentials (
    id TEXT PRIMARY KEY,
    application_id TEXT NOT NULL REFERENCES applications (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('key-auth', 'basic-auth', 'oauth2', 'hmac-auth', 'jwt')),
    name TEXT NOT NULL,
    -- username (basic-auth, hmac-auth), client_id (oauth2) or key (jwt); NULL for key-auth
    identifier TEXT,
    -- key-auth, oauth2: hex SHA-256; basic-auth: Argon2id PHC string
    secret_hash TEXT,
    -- hmac-auth, jwt HS*: AES-256-GCM sealed secret
    secret_sealed TEXT,
    -- jwt: HS256/HS384/HS512/RS256/ES256, and the PEM public key for RS256/ES256
    algorithm TEXT,
    public_key TEXT,
    -- what the developer sees afterwards: the first characters, or a key fingerprint
    hint TEXT NOT NULL,
    previous_secret_hash TEXT,
    previous_secret_sealed TEXT,
    previous_valid_until INTEGER,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    expires_at INTEGER,
    expiry_notified INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX credentials_by_application ON credentials (application_id);
CREATE UNIQUE INDEX credentials_by_secret_hash ON credentials (secret_hash)
    WHERE kind = 'key-auth';
CREATE INDEX credentials_by_previous_hash ON credentials (previous_secret_hash)
    WHERE previous_secret_hash IS NOT NULL;
-- basic-auth and hmac-auth usernames, client_ids and jwt keys are unique across Gatehouse,
-- each within its type, so a gateway finds the one credential they name
CREATE UNIQUE INDEX credentials_by_identifier ON credentials (kind, identifier)
    WHERE identifier IS NOT NULL;
CREATE INDEX credentials_by_expiry ON credentials (expires_at)
    WHERE expires_at IS NOT NULL AND expiry_notified = 0;
