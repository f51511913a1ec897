"""Municipality settings: name, matrix preset, default language."""

from __future__ import annotations

from riskmodel.errors import ValidationError
from riskmodel.model import Actor
from riskmodel.scales import DEFAULT_PRESET, Preset, get_preset, presets
from riskmodel.services.common import audit_denials, require, text, version_of
from riskmodel.store.db import Database
from riskmodel.store.uow import unit_of_work

DEFAULTS = {"preset": DEFAULT_PRESET, "municipality": "Min kommune", "language": "da"}


@audit_denials
class SettingsService:
    def __init__(self, db: Database):
        self.db = db

    def get(self, key: str) -> tuple[str, int]:
        """(value, version); version 0 means the default, never saved."""

        def load():
            with self.db.read() as cur:
                row = cur.execute("SELECT value, version FROM settings WHERE key = ?", [key]).fetchone()
            return (row[0], row[1]) if row else (DEFAULTS[key], 0)

        return self.db.cached(("setting", key), load)

    def preset(self) -> Preset:
        return get_preset(self.get("preset")[0])

    def municipality(self) -> str:
        return self.get("municipality")[0]

    def scored_sizes(self) -> dict[int, int]:
        """Scale size -> number of risk lines with any score in live assessments of that size."""
        with self.db.read() as cur:
            rows = cur.execute(
                "SELECT a.scale_size, count(*) FROM risk_lines rl JOIN assessments a ON a.id = rl.assessment_id "
                "WHERE NOT rl.removed AND a.is_current AND coalesce(rl.likelihood, rl.cons_c, rl.cons_i, rl.cons_a, "
                "rl.residual_likelihood, rl.residual_consequence) IS NOT NULL GROUP BY 1"
            ).fetchall()
        return {size: n for size, n in rows}

    def can_choose(self, preset_id: str) -> tuple[bool, str]:
        """Whether a preset may be chosen now, and why not."""
        target = get_preset(preset_id)
        other = {s: n for s, n in self.scored_sizes().items() if s != target.size}
        if other:
            size, n = next(iter(other.items()))
            return False, (
                f"{n} risikolinjer er scoret på en {size}-trinsskala; {target.name_da} bruger {target.size} trin. "
                "Scorer skal ikke omregnes i det skjulte: vælg en matrix med samme antal trin."
            )
        return True, ""

    def set_preset(self, actor: Actor, preset_id: str, expected_version: int) -> None:
        require(actor, "settings.write")
        if not isinstance(preset_id, str) or preset_id not in presets():
            raise ValidationError(f"Ukendt matrix '{preset_id}'", "preset")

        def check() -> None:  # under the write lock, so no line can be scored between check and write
            ok, why = self.can_choose(preset_id)
            if not ok:
                raise ValidationError(why, "preset")

        self._put(actor, "preset", preset_id, expected_version, check)

    def set_municipality(self, actor: Actor, name: str, expected_version: int) -> None:
        require(actor, "settings.write")
        self._put(actor, "municipality", text(name, "Kommunens navn", max_len=120, required=True), expected_version)

    def set_language(self, actor: Actor, lang: str, expected_version: int) -> None:
        require(actor, "settings.write")
        if lang not in ("da", "en"):
            raise ValidationError(f"Ukendt sprog '{lang}'", "language")
        self._put(actor, "language", lang, expected_version)

    def _put(self, actor: Actor, key: str, value: str, expected_version: int, check=None) -> None:
        if expected_version != 0:  # 0: the default, never saved
            version_of(expected_version)
        with unit_of_work(self.db, actor) as uow:
            if check is not None:
                check()
            before = uow.settings.get(key)
            uow.settings.put(key, value, expected_version, actor)
            uow.audit("update", "settings", key, before and {"value": before[0]}, {"value": value})
