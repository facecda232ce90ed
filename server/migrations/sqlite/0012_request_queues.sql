-- The Requests page's queues, each served by an index of its own. Developers waiting for a
-- decision are those pending with a confirmed address: partial indexes hold only them, so
-- unconfirmed sign-ups (however many bots leave) cost the queue nothing.
CREATE INDEX developer_requests_by_time ON developers (created_at, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
CREATE INDEX developer_requests_by_email ON developers (email_normalized, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
CREATE INDEX developer_requests_by_name ON developers (name_normalized, id)
    WHERE status = 'pending' AND email_verified_at IS NOT NULL;
-- Registrations by status in keyset order (request time, then id).
DROP INDEX registrations_by_status;
CREATE INDEX registrations_by_status ON registrations (status, created_at, id);
