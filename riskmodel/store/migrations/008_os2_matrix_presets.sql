-- 008: the preset ids "standard", "kl" and "datatilsynet" now name OS2compliance's 4x4 scale
-- types, reproduced cell by cell. The matrices that carried those ids before were our own
-- (3, 11 and every cell differed) and live on as own_traffic_light, own_five_levels and
-- own_five_consequence. A municipality that already scores on one of them keeps exactly the
-- levels and colours it had: its setting, its assessments and its frozen baselines are moved to
-- the new id of the same matrix. Switching to an OS2compliance matrix is then its own choice,
-- on the settings page, with the preview of what moves.
--
-- A database that never saved the setting ran on the default "standard"; if it has any
-- assessment, the old default is written down first so that the rename below keeps it.
INSERT INTO settings (key, value, updated_by)
SELECT 'preset', 'standard', 'migration 008'
WHERE NOT EXISTS (SELECT 1 FROM settings WHERE key = 'preset')
  AND EXISTS (SELECT 1 FROM assessments WHERE preset_id IN ('standard', 'kl', 'datatilsynet'));

UPDATE settings
SET value = CASE value WHEN 'standard' THEN 'own_traffic_light' WHEN 'kl' THEN 'own_five_levels'
                       ELSE 'own_five_consequence' END,
    version = version + 1, updated_at = current_timestamp, updated_by = 'migration 008'
WHERE key = 'preset' AND value IN ('standard', 'kl', 'datatilsynet');

UPDATE assessments
SET preset_id = CASE preset_id WHEN 'standard' THEN 'own_traffic_light' WHEN 'kl' THEN 'own_five_levels'
                               ELSE 'own_five_consequence' END
WHERE preset_id IN ('standard', 'kl', 'datatilsynet');

UPDATE baselines
SET preset_id = CASE preset_id WHEN 'standard' THEN 'own_traffic_light' WHEN 'kl' THEN 'own_five_levels'
                               ELSE 'own_five_consequence' END
WHERE preset_id IN ('standard', 'kl', 'datatilsynet');
