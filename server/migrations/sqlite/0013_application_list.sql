-- The console's Applications page: newest first by keyset, and searched by the start of an
-- application's name or of its developer's name (the developer's e-mail has its unique index).
CREATE INDEX applications_by_created ON applications (created_at, id);
CREATE INDEX applications_by_name ON applications (name_normalized, id);
CREATE INDEX developers_by_name ON developers (name_normalized, id);
