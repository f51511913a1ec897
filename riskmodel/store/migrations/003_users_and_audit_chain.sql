-- 003: user accounts with roles, and a hash chain over the audit log.
CREATE SEQUENCE seq_users START 1;

CREATE TABLE users (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_users'),
    username VARCHAR NOT NULL UNIQUE,
    display_name VARCHAR NOT NULL,
    email VARCHAR NOT NULL DEFAULT '',
    role VARCHAR NOT NULL,
    departments VARCHAR[] NOT NULL DEFAULT [],
    password_hash VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT false,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    last_login TIMESTAMP,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Each audit row carries the hash of the row before it and its own hash over its
-- content and that previous hash: editing or deleting any past row breaks the chain.
-- Rows written before this migration are chained when the database opens.
ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR;
ALTER TABLE audit_log ADD COLUMN row_hash VARCHAR;
