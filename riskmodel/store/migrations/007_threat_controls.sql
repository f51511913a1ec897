-- 007: the Annex A mapping of the threat catalogue. Each catalogue threat names the
-- ISO/IEC 27001:2013 Annex A controls that address it (ids as in data/annex_a.json; the
-- service checks them). The builtin threats get a default mapping from
-- data/threat_controls.json when the catalogue service seeds (CatalogueService.ensure_seeded).
-- Risk lines copy a threat when it is added to an assessment; the mapping is the
-- catalogue's only and never changes an assessment.
ALTER TABLE threats ADD COLUMN controls VARCHAR[] NOT NULL DEFAULT [];
