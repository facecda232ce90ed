-- Developers, admins, their sessions, portal settings and the audit log.
-- Times are Unix milliseconds (UTC).

CREATE TABLE developers (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    -- lower-cased email: uniqueness and look-ups are case-insensitive
    email_normalized TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    -- lower-cased name: search and sort by name
    name_normalized TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'revoked')),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
-- The Developers page: one index per sort order, each led by the status tab, so a page
-- (first, deep, searched) is a short range scan whatever the number of developers.
CREATE INDEX developers_by_status_created ON developers (status, created_at, id);
CREATE INDEX developers_by_status_email ON developers (status, email_normalized, id);
CREATE INDEX developers_by_status_name ON developers (status, name_normalized, id);

-- How many developers are in each status, kept by triggers so tab counts cost nothing.
CREATE TABLE developer_counts (
    status TEXT PRIMARY KEY,
    n INTEGER NOT NULL
);
INSERT INTO developer_counts (status, n)
VALUES ('pending', 0), ('approved', 0), ('rejected', 0), ('revoked', 0);
CREATE TRIGGER developers_counted_on_insert AFTER INSERT ON developers BEGIN
    UPDATE developer_counts SET n = n + 1 WHERE status = NEW.status;
END;
CREATE TRIGGER developers_counted_on_delete AFTER DELETE ON developers BEGIN
    UPDATE developer_counts SET n = n - 1 WHERE status = OLD.status;
END;
CREATE TRIGGER developers_counted_on_status AFTER UPDATE OF status ON developers
WHEN OLD.status <> NEW.status BEGIN
    UPDATE developer_counts SET n = n - 1 WHERE status = OLD.status;
    UPDATE developer_counts SET n = n + 1 WHERE status = NEW.status;
END;

CREATE TABLE admins (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'viewer')),
    created_at INTEGER NOT NULL
);

-- Exactly one of developer_id and admin_id is set; deleting the account ends its sessions.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    developer_id TEXT REFERENCES developers (id) ON DELETE CASCADE,
    admin_id TEXT REFERENCES admins (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    client_addr TEXT NOT NULL,
    CHECK ((developer_id IS NULL) <> (admin_id IS NULL))
);
CREATE INDEX sessions_by_developer ON sessions (developer_id);
CREATE INDEX sessions_by_admin ON sessions (admin_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at INTEGER NOT NULL,
    actor_kind TEXT NOT NULL CHECK (actor_kind IN ('developer', 'admin', 'system', 'visitor')),
    actor_id TEXT,
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id TEXT,
    target_label TEXT NOT NULL,
    client_addr TEXT NOT NULL
);
CREATE INDEX audit_log_by_target ON audit_log (target_id, id);
