-- 002: a written reason when confidentiality is scored below the floor that the
-- system's classification and personal data categories propose.
ALTER TABLE risk_lines ADD COLUMN floor_reason VARCHAR NOT NULL DEFAULT '';
