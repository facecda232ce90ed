-- Webhooks. An audit entry names the type webhooks deliver its event as (`event_type`,
-- NULL for events kept to the log); the trigger below queues one delivery per endpoint
-- that hears the type's family, in the transaction that writes the entry, so an event is
-- never lost between the decision and its delivery.
ALTER TABLE audit_log ADD COLUMN event_type TEXT;

-- The endpoints an owner registered. `families` is `,developer,credential,`; the signing
-- secret is sealed with the server key.
CREATE TABLE webhook_endpoints (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    families TEXT NOT NULL,
    sealed_secret TEXT NOT NULL,
    created_at INTEGER NOT NULL
);

-- One event for one endpoint: waiting (neither delivered_at nor failed_at), delivered, or
-- given up after every retry. `audit_id` is the event (NULL for a test event); the
-- `webhook-id` header is `msg_` and this row's id.
CREATE TABLE webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    endpoint_id TEXT NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    audit_id INTEGER REFERENCES audit_log (id),
    event_type TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_status INTEGER,
    last_error TEXT,
    delivered_at INTEGER,
    failed_at INTEGER,
    lease TEXT,
    lease_until INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries (endpoint_id, id);

CREATE TRIGGER audit_log_to_webhooks AFTER INSERT ON audit_log
WHEN NEW.event_type IS NOT NULL
BEGIN
    INSERT INTO webhook_deliveries (endpoint_id, audit_id, event_type, created_at, next_attempt_at)
    SELECT id, NEW.id, NEW.event_type, NEW.at, NEW.at FROM webhook_endpoints
    WHERE instr(families, ',' || substr(NEW.event_type, 1, instr(NEW.event_type, '.') - 1) || ',') > 0;
END;
