-- Gateway verification: a counter every change that can grant or end access bumps (each
-- server instance polls it and rebuilds its in-memory index), OAuth access tokens, and
-- the batched last-used times.

CREATE TABLE gateway_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO gateway_version (id, version) VALUES (1, 0);

CREATE TRIGGER gateway_developer_status AFTER UPDATE OF status ON developers BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_developer_deleted AFTER DELETE ON developers BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_application_groups AFTER UPDATE OF acl_groups ON applications BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_application_deleted AFTER DELETE ON applications BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_registration_added AFTER INSERT ON registrations BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_registration_changed AFTER UPDATE OF status ON registrations BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_registration_deleted AFTER DELETE ON registrations BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_credential_added AFTER INSERT ON credentials BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_credential_rolled AFTER UPDATE OF secret_hash, secret_sealed, previous_valid_until, expires_at ON credentials BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_credential_deleted AFTER DELETE ON credentials BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_service_added AFTER INSERT ON services BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_service_changed AFTER UPDATE ON services BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_service_deleted AFTER DELETE ON services BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_settings_added AFTER INSERT ON settings BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_settings_changed AFTER UPDATE ON settings BEGIN
    UPDATE gateway_version SET version = version + 1;
END;

-- Opaque OAuth 2.0 access tokens (client credentials grant), stored as SHA-256.
CREATE TABLE access_tokens (
    token_hash TEXT PRIMARY KEY,
    credential_id TEXT NOT NULL REFERENCES credentials (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX access_tokens_by_expiry ON access_tokens (expires_at);
CREATE INDEX access_tokens_by_credential ON access_tokens (credential_id);
