-- Plans: how much an application may call a service. A plan sets any of four limits
-- (requests per second and per minute, counted in sliding windows; requests per UTC day and
-- per UTC month, counted in calendar windows); a registration follows its own plan, or the
-- service's default plan when it names none, or has no limit when the service has none.
CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    service_id TEXT NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    per_second INTEGER,
    per_minute INTEGER,
    per_day INTEGER,
    per_month INTEGER,
    is_default INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (service_id, name)
);
CREATE UNIQUE INDEX plans_one_default ON plans (service_id) WHERE is_default = 1;

ALTER TABLE registrations ADD COLUMN plan_id TEXT REFERENCES plans (id) ON DELETE SET NULL;
CREATE INDEX registrations_by_plan ON registrations (plan_id);

-- Every gateway instance follows plans as it follows everything else that decides access.
CREATE TRIGGER gateway_plan_added AFTER INSERT ON plans BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_plan_changed AFTER UPDATE ON plans BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_plan_deleted AFTER DELETE ON plans BEGIN
    UPDATE gateway_version SET version = version + 1;
END;
CREATE TRIGGER gateway_registration_plan AFTER UPDATE OF plan_id ON registrations BEGIN
    UPDATE gateway_version SET version = version + 1;
END;

-- Requests let through per application, service and window, shared by every instance:
-- each adds what it counted in batches and reads the totals back. `span` is `second`,
-- `minute`, `day` or `month`; `window_start` its start (milliseconds, UTC).
CREATE TABLE rate_counters (
    application_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    span TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (application_id, service_id, span, window_start)
);
CREATE INDEX rate_counters_by_start ON rate_counters (window_start);

-- Shares of a limit an instance has claimed: what it may still let through in a window
-- before its next batch. Every instance counts the others' live claims as used, so shares
-- never add up to more than is left. A claim lapses at `held_until` (ms) unless renewed,
-- so a stopped instance's claims free themselves.
CREATE TABLE rate_claims (
    application_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    span TEXT NOT NULL,
    window_start INTEGER NOT NULL,
    instance TEXT NOT NULL,
    n INTEGER NOT NULL,
    held_until INTEGER NOT NULL,
    PRIMARY KEY (application_id, service_id, span, window_start, instance)
);
CREATE INDEX rate_claims_by_end ON rate_claims (held_until);

-- Gateway requests per application, service and hour, by outcome; kept for the retention
-- the settings give. Not tied to the application by a foreign key: a deletion never fails
-- a gateway's batch, and the housekeeping forgets old hours.
CREATE TABLE usage_hours (
    application_id TEXT NOT NULL,
    service_id TEXT NOT NULL,
    hour INTEGER NOT NULL,
    allowed INTEGER NOT NULL DEFAULT 0,
    refused INTEGER NOT NULL DEFAULT 0,
    over_limit INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (application_id, service_id, hour)
);
CREATE INDEX usage_hours_by_service ON usage_hours (service_id, hour);
CREATE INDEX usage_hours_by_hour ON usage_hours (hour);
