-- State several instances on one database must share.
-- Outbox leases: a delivery worker claims due messages for a while before sending them, so
-- each message is sent once.
ALTER TABLE outbox ADD COLUMN lease TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
-- Attempt limits (sign-in, sign-up, resets): attempts per key (a SHA-256 of what is counted)
-- and fixed window; a limit weighs the previous window in, as a sliding window would.
CREATE TABLE attempts (
    key TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX attempts_by_window ON attempts (window_start);
