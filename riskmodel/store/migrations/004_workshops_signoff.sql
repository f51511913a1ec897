-- 004: live workshops (participants, votes, agreed values), sign-off with an approval
-- snapshot, and risk acceptance on risk lines.

-- The agreed value's rationale (from a workshop or typed on the page) and the explicit
-- acceptance of a risk that is at or above the matrix's acceptance threshold.
ALTER TABLE risk_lines ADD COLUMN score_rationale VARCHAR NOT NULL DEFAULT '';
ALTER TABLE risk_lines ADD COLUMN accepted_by VARCHAR NOT NULL DEFAULT '';
ALTER TABLE risk_lines ADD COLUMN accepted_on DATE;
ALTER TABLE risk_lines ADD COLUMN acceptance_ref VARCHAR NOT NULL DEFAULT '';
ALTER TABLE risk_lines ADD COLUMN acceptance_expires DATE;

CREATE SEQUENCE seq_workshops START 1;
CREATE SEQUENCE seq_participants START 1;
CREATE SEQUENCE seq_votes START 1;
CREATE SEQUENCE seq_decisions START 1;
CREATE SEQUENCE seq_approvals START 1;

-- A workshop runs on one assessment. Its join code admits people only while it is open.
-- phase: 'stemmer' (votes are private) or 'vist' (votes revealed). round grows each
-- time the facilitator moves to a threat or asks for a new vote, so votes of an earlier
-- round never mix with the current one.
CREATE TABLE workshops (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_workshops'),
    assessment_id INTEGER NOT NULL,
    code VARCHAR NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'aaben',
    require_admission BOOLEAN NOT NULL DEFAULT false,
    current_line_id INTEGER,
    phase VARCHAR NOT NULL DEFAULT 'stemmer',
    round INTEGER NOT NULL DEFAULT 1,
    opened_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    opened_by VARCHAR NOT NULL,
    closed_at TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Who took part in an assessment: joined a workshop (token_hash set), or added by hand.
CREATE TABLE participants (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_participants'),
    assessment_id INTEGER NOT NULL,
    workshop_id INTEGER,
    name VARCHAR NOT NULL,
    role_title VARCHAR NOT NULL DEFAULT '',
    username VARCHAR,
    attended_on DATE NOT NULL,
    token_hash VARCHAR,
    admitted BOOLEAN NOT NULL DEFAULT true,
    removed BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    updated_by VARCHAR NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

-- Append-only: a participant who changes their mind casts a new vote; the latest of a
-- round counts, and every vote stays on record.
CREATE TABLE votes (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_votes'),
    workshop_id INTEGER NOT NULL,
    line_id INTEGER NOT NULL,
    round INTEGER NOT NULL,
    participant_id INTEGER NOT NULL,
    likelihood INTEGER,
    cons_c INTEGER,
    cons_i INTEGER,
    cons_a INTEGER,
    cast_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The value the room agreed on for a threat, with its rationale.
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_decisions'),
    workshop_id INTEGER NOT NULL,
    line_id INTEGER NOT NULL,
    round INTEGER NOT NULL,
    likelihood INTEGER,
    cons_c INTEGER,
    cons_i INTEGER,
    cons_a INTEGER,
    rationale VARCHAR NOT NULL,
    votes INTEGER NOT NULL,
    decided_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    decided_by VARCHAR NOT NULL
);

-- Sign-off: who approved, when, and every line's scores at that moment. A later score
-- change marks the approval outdated (outdated_at) and returns the assessment to review.
CREATE TABLE approvals (
    id INTEGER PRIMARY KEY DEFAULT nextval('seq_approvals'),
    assessment_id INTEGER NOT NULL,
    approved_by VARCHAR NOT NULL,
    approver_name VARCHAR NOT NULL,
    approver_role VARCHAR NOT NULL,
    on_behalf_of VARCHAR NOT NULL DEFAULT '',
    comment VARCHAR NOT NULL DEFAULT '',
    approved_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    snapshot_json VARCHAR NOT NULL,
    outdated_at TIMESTAMP,
    outdated_by VARCHAR,
    outdated_reason VARCHAR
);

-- The view gains the acceptance, the rationale and the floor reason (registers and the
-- Excel pack show them).
DROP VIEW current_lines;
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
    a.year AS assessment_year,
    rl.score_rationale,
    rl.floor_reason,
    rl.accepted_by,
    rl.accepted_on,
    rl.acceptance_ref,
    rl.acceptance_expires
FROM risk_lines rl
JOIN assessments a ON a.id = rl.assessment_id AND a.is_current
JOIN systems s ON s.id = a.system_id AND s.status = 'aktiv'
WHERE NOT rl.removed;
