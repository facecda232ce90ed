-- The Requests page's queues, each served by an index of its own. Developers waiting for a
-- decision are those pending with a confirmed address: partial indexes hold only them, so
-- unconfirmed sign-ups (however many bots leave) cost the queue nothing. Each leads with the
-- status, as the Developers page's indexes do, so that SQLite's planner, weighing the two
-- on the same `status = ?` term, takes the smaller one.
CREATE INDEX developer_requests_by_time ON developers (status, created_at, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
CREATE INDEX developer_requests_by_email ON developers (status, email_normalized, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
CREATE INDEX developer_requests_by_name ON developers (status, name_normalized, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
-- Registrations by status in keyset order (request time, then id).
DROP INDEX registrations_by_status;
CREATE INDEX registrations_by_status ON registrations (status, created_at, id);
