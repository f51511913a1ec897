-- 005: the data-subject lens. Processing activities (behandlingsaktiviteter) with the
-- systems that support them, their DPIA screening, and assessments of the risk to the
-- data subjects: an assessment now belongs to a system (lens 'org') or to a processing
-- activity (lens 'ds'), and its risk lines may name the kinds of harm (GDPR recital 75).
CREATE SEQUENCE seq_activities START 1;

CREATE TABLE activities (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_activities'),
    name VARCHAR NOT NULL,
    purpose VARCHAR NOT NULL DEFAULT '',
    department VARCHAR NOT NULL,
    responsible VARCHAR NOT NULL DEFAULT '',
    legal_bases VARCHAR[] NOT NULL,
    data_categories VARCHAR[] NOT NULL,
    subject_categories VARCHAR[] NOT NULL,
    subjects_band VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'aktiv',
    dpia_done BOOLEAN NOT NULL DEFAULT false,
    dpia_date DATE,
    dpia_ref VARCHAR NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    created_by VARCHAR NOT NULL,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Many to many: which systems support a processing activity.
CREATE TABLE activity_systems (
    activity_id INTEGER NOT NULL,
    system_id INTEGER NOT NULL
);

-- One row per answered criterion; the conclusion is derived (riskmodel.dpia.screen).
CREATE TABLE screening_answers (
    activity_id INTEGER NOT NULL,
    criterion VARCHAR NOT NULL,
    answer VARCHAR NOT NULL,
    note VARCHAR NOT NULL DEFAULT '',
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL
);

ALTER TABLE assessments ADD COLUMN activity_id INTEGER;
ALTER TABLE assessments ADD COLUMN lens VARCHAR NOT NULL DEFAULT 'org';
ALTER TABLE assessments ALTER COLUMN system_id DROP NOT NULL;
ALTER TABLE risk_lines ADD COLUMN harms VARCHAR[] NOT NULL DEFAULT [];

-- Every live risk line of the current data-subject assessment of an active processing activity.
CREATE VIEW current_ds_lines AS
SELECT
    rl.id AS line_id,
    rl.assessment_id,
    a.activity_id,
    pa.name AS activity_name,
    pa.department,
    pa.responsible,
    rl.threat_code,
    rl.threat_title,
    rl.category,
    rl.likelihood,
    rl.cons_c,
    rl.cons_i,
    rl.cons_a,
    greatest(rl.cons_c, rl.cons_i, rl.cons_a) AS consequence,
    rl.harms,
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
    rl.accepted_by,
    rl.accepted_on,
    rl.position,
    a.status AS assessment_status,
    a.year AS assessment_year
FROM risk_lines rl
JOIN assessments a ON a.id = rl.assessment_id AND a.is_current AND a.lens = 'ds'
JOIN activities pa ON pa.id = a.activity_id AND pa.status = 'aktiv'
WHERE NOT rl.removed;
