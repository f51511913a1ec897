-- 006: the annual review cycle. A review interval per system, major changes that call for
-- a new assessment, the treatment plan (status and Annex A controls of each line's
-- measure), dispensations (afvigelser), and frozen year baselines.

-- Months between reviews; never more than 12 for fortrolig/følsom systems (checked by the
-- service, and clamped when a system is reclassified: riskmodel.review.max_interval).
ALTER TABLE systems ADD COLUMN review_interval INTEGER NOT NULL DEFAULT 12;

-- The measure of a risk line (planned_measures, measure_owner, measure_deadline) gains a
-- status and its Annex A controls. Marking it done asks for the residual to be reviewed
-- (residual_review) until someone rescores or confirms the residual scores.
ALTER TABLE risk_lines ADD COLUMN measure_status VARCHAR NOT NULL DEFAULT 'planlagt';
ALTER TABLE risk_lines ADD COLUMN measure_controls VARCHAR[] NOT NULL DEFAULT [];
ALTER TABLE risk_lines ADD COLUMN measure_done_on DATE;
ALTER TABLE risk_lines ADD COLUMN residual_review BOOLEAN NOT NULL DEFAULT false;

CREATE SEQUENCE seq_system_changes START 1;
CREATE SEQUENCE seq_dispensations START 1;
CREATE SEQUENCE seq_baselines START 1;

-- A major change of a system (new supplier, new use, new integration, new data category).
-- It stays "not reassessed" until the system's current assessment is approved after it
-- was recorded. Append-only.
CREATE TABLE system_changes (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_system_changes'),
    system_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    changed_on DATE NOT NULL,
    recorded_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    recorded_by VARCHAR NOT NULL
);

-- A dispensation from a requirement (a handbook section or an Annex A control) for a
-- system: requested -> approved or rejected by the committee chair -> expired (derived
-- from the expiry date). A renewal is a new request pointing at the one it renews.
CREATE TABLE dispensations (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_dispensations'),
    system_id INTEGER NOT NULL,
    requested_by VARCHAR NOT NULL,
    requested_on DATE NOT NULL,
    requirement_kind VARCHAR NOT NULL,
    requirement VARCHAR NOT NULL,
    justification VARCHAR NOT NULL,
    alternative_measures VARCHAR NOT NULL,
    expires_on DATE NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'anmodet',
    decided_by VARCHAR NOT NULL DEFAULT '',
    decided_on DATE,
    decision_note VARCHAR NOT NULL DEFAULT '',
    renews_id INTEGER,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- A year's baseline: the state frozen by the coordinator. The services only ever insert
-- these rows (one baseline per year); nothing updates or deletes them.
CREATE TABLE baselines (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_baselines'),
    year INTEGER NOT NULL UNIQUE,
    note VARCHAR NOT NULL DEFAULT '',
    preset_id VARCHAR NOT NULL,
    ds_preset_id VARCHAR NOT NULL,
    frozen_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    frozen_by VARCHAR NOT NULL
);

CREATE TABLE baseline_systems (
    baseline_id INTEGER NOT NULL,
    system_id INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    classification VARCHAR NOT NULL,
    assessment_status VARCHAR,
    approved_on DATE,
    next_review DATE
);

-- One row per scored or unscored live risk line, both lenses: lens 'org' (entity = system)
-- and 'ds' (entity = processing activity). Levels are indexes in the baseline's presets.
CREATE TABLE baseline_lines (
    baseline_id INTEGER NOT NULL,
    lens VARCHAR NOT NULL,
    entity_id INTEGER NOT NULL,
    entity_name VARCHAR NOT NULL,
    department VARCHAR NOT NULL,
    owner VARCHAR NOT NULL,
    threat_code VARCHAR NOT NULL,
    threat_title VARCHAR NOT NULL,
    likelihood INTEGER,
    consequence INTEGER,
    res_likelihood INTEGER,
    res_consequence INTEGER,
    level INTEGER,
    res_level INTEGER,
    treatment VARCHAR,
    accepted BOOLEAN NOT NULL
);
