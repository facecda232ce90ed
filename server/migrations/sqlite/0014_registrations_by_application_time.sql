-- The Applications page filtered by a registration status, newest application first: each
-- registration carries its application's creation time (set when it is made; an
-- application's creation time never changes), so that a page in any status is read in order
-- through one index, however rare the status, instead of walking every application.
ALTER TABLE registrations ADD COLUMN application_created_at INTEGER NOT NULL DEFAULT 0;
UPDATE registrations
   SET application_created_at = (SELECT created_at FROM applications WHERE id = application_id);
-- Both indexes hold every column the page's queries read from registrations, so that
-- neither reads the table: the page in a status, and an application's registrations in a
-- status (an application is listed through the first of them, by service).
CREATE INDEX registrations_by_status_application_time
    ON registrations (status, application_created_at, application_id, service_id);
CREATE INDEX registrations_by_application_status
    ON registrations (application_id, status, service_id);
