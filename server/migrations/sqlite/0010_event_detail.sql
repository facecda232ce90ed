-- What an audit entry's event carries beyond its name (JSON; NULL when nothing).
ALTER TABLE audit_log ADD COLUMN detail TEXT;
