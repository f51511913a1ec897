-- 001: the first schema: systems, threat catalogue, assessments, risk lines, settings, audit.
CREATE SEQUENCE seq_systems START 1;
CREATE SEQUENCE seq_threats START 1;
CREATE SEQUENCE seq_assessments START 1;
CREATE SEQUENCE seq_risk_lines START 1;
CREATE SEQUENCE seq_audit START 1;

CREATE TABLE settings (
    key VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL DEFAULT 'system'
);

CREATE TABLE systems (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_systems'),
    name VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    department VARCHAR NOT NULL,
    owner VARCHAR NOT NULL DEFAULT '',
    supplier VARCHAR NOT NULL DEFAULT '',
    dpa BOOLEAN NOT NULL DEFAULT false,
    dpa_date DATE,
    classification VARCHAR NOT NULL,
    data_categories VARCHAR[] NOT NULL,
    subjects_band VARCHAR NOT NULL,
    criticality VARCHAR NOT NULL,
    hosting VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'aktiv',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE threats (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_threats'),
    code VARCHAR NOT NULL UNIQUE,
    category VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    description VARCHAR NOT NULL DEFAULT '',
    harms_c BOOLEAN NOT NULL,
    harms_i BOOLEAN NOT NULL,
    harms_a BOOLEAN NOT NULL,
    tags VARCHAR[] NOT NULL,
    hidden BOOLEAN NOT NULL DEFAULT false,
    builtin BOOLEAN NOT NULL DEFAULT false,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_assessments'),
    system_id INTEGER NOT NULL,
    year INTEGER NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'kladde',
    preset_id VARCHAR NOT NULL,
    scale_size INTEGER NOT NULL,
    is_current BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- A risk line copies what it used from the catalogue (code, title, description,
-- category, F/I/T flags), so editing the catalogue never changes an assessment.
CREATE TABLE risk_lines (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_risk_lines'),
    assessment_id INTEGER NOT NULL,
    threat_id INTEGER,
    threat_code VARCHAR NOT NULL,
    threat_title VARCHAR NOT NULL,
    threat_description VARCHAR NOT NULL DEFAULT '',
    category VARCHAR NOT NULL,
    harms_c BOOLEAN NOT NULL,
    harms_i BOOLEAN NOT NULL,
    harms_a BOOLEAN NOT NULL,
    custom BOOLEAN NOT NULL DEFAULT false,
    position INTEGER NOT NULL,
    removed BOOLEAN NOT NULL DEFAULT false,
    scenario VARCHAR NOT NULL DEFAULT '',
    existing_measures VARCHAR NOT NULL DEFAULT '',
    likelihood INTEGER,
    cons_c INTEGER,
    cons_i INTEGER,
    cons_a INTEGER,
    treatment VARCHAR,
    planned_measures VARCHAR NOT NULL DEFAULT '',
    measure_owner VARCHAR NOT NULL DEFAULT '',
    measure_deadline DATE,
    residual_likelihood INTEGER,
    residual_consequence INTEGER,
    risk_owner VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Append-only: the services insert, never update or delete.
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_audit'),
    "at" TIMESTAMP NOT NULL DEFAULT current_timestamp,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id VARCHAR,
    before_json VARCHAR,
    after_json VARCHAR
);

-- Derived from data/scales/*.json and refreshed every time the database opens,
-- so that levels can be joined and aggregated in SQL. Never edited by users.
CREATE TABLE matrix_cells (
    preset_id VARCHAR NOT NULL,
    likelihood INTEGER NOT NULL,
    consequence INTEGER NOT NULL,
    level INTEGER NOT NULL
);

-- Every live risk line of the current assessment of an active system, with the
-- line consequence (highest of F/I/T) and the residual (equal to the inherent
-- where no residual is scored yet). Heatmaps and registers aggregate this view.
CREATE VIEW current_lines AS
SELECT
    rl.id AS line_id,
    rl.assessment_id,
    a.system_id,
    s.name AS system_name,
    s.department,
    s.owner AS system_owner,
    s.classification,
    rl.threat_code,
    rl.threat_title,
    rl.category,
    rl.likelihood,
    rl.cons_c,
    rl.cons_i,
    rl.cons_a,
    greatest(rl.cons_c, rl.cons_i, rl.cons_a) AS consequence,
    rl.treatment,
    rl.planned_measures,
    rl.measure_owner,
    rl.measure_deadline,
    rl.risk_owner,
    rl.residual_likelihood,
    rl.residual_consequence,
    CASE WHEN rl.residual_likelihood IS NOT NULL AND rl.residual_consequence IS NOT NULL
         THEN rl.residual_likelihood ELSE rl.likelihood END AS res_likelihood,
    CASE WHEN rl.residual_likelihood IS NOT NULL AND rl.residual_consequence IS NOT NULL
         THEN rl.residual_consequence ELSE greatest(rl.cons_c, rl.cons_i, rl.cons_a) END AS res_consequence,
    rl.existing_measures,
    rl.scenario,
    rl.position,
    a.status AS assessment_status,
    a.year AS assessment_year
FROM risk_lines rl
JOIN assessments a ON a.id = rl.assessment_id AND a.is_current
JOIN systems s ON s.id = a.system_id AND s.status = 'aktiv'
WHERE NOT rl.removed;
