-- A service's API document, stored once parsed: the source as the admin gave it, the
-- reference's table of contents ('index') and one section per tag ('tag:<slug>'), each in
-- ordered pieces of at most 512 KiB (the same layout as on SQLite and D1).
-- `services.openapi` is no longer written; a document still there is moved here when read.
CREATE TABLE service_documents (
    service_id TEXT COLLATE "C" NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    section TEXT COLLATE "C" NOT NULL,
    seq BIGINT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (service_id, section, seq)
);
