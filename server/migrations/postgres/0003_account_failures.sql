-- Failed sign-ins per account and fixed window, with the addresses they came from (both as
-- SHA-256), shared by every instance: once an account has had too many failures, each
-- address that failed on it waits for the window to pass.
CREATE TABLE account_failures (
    key TEXT COLLATE "C" NOT NULL,
    window_start BIGINT NOT NULL,
    address TEXT COLLATE "C" NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (key, window_start, address)
);
CREATE INDEX account_failures_by_window ON account_failures (window_start);
