-- 010: a register imported with one consequence column can keep it as what it is: an overall
-- consequence, not three invented figures for confidentiality, integrity and availability.
--
-- consequence_overall: the overall consequence given by an imported register (NULL otherwise).
--   A line's consequence is the highest of F, I and T; only when none of them is scored does
--   the overall consequence count (so scoring F/I/T later takes over from it).
-- consequence_source: how the import's single consequence column was applied to the line, the
--   coordinator's choice: 'harms' (the dimensions the threat affects), 'c', 'i', 'a' (that one
--   dimension) or 'overall' (kept as consequence_overall). NULL: not from such a column.
ALTER TABLE risk_lines ADD COLUMN consequence_overall INTEGER;
ALTER TABLE risk_lines ADD COLUMN consequence_source VARCHAR;

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
    coalesce(greatest(rl.cons_c, rl.cons_i, rl.cons_a), rl.consequence_overall) AS consequence,
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
         THEN rl.residual_consequence
         ELSE coalesce(greatest(rl.cons_c, rl.cons_i, rl.cons_a), rl.consequence_overall) END AS res_consequence,
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
    rl.acceptance_expires,
    rl.consequence_overall,
    rl.consequence_source
FROM risk_lines rl
JOIN assessments a ON a.id = rl.assessment_id AND a.is_current
JOIN systems s ON s.id = a.system_id AND s.status = 'aktiv'
WHERE NOT rl.removed;
