"""Municipality settings: name, matrix preset, default language."""

from __future__ import annotations

from dataclasses import dataclass

from riskmodel.domain.errors import Text, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import DEFAULT_PRESET, Level, Preset, get_preset, presets
from riskmodel.services.common import audit_denials, require, text, version_of
from riskmodel.store import settings
from riskmodel.store.db import Database
from riskmodel.store.queries import scores
from riskmodel.store.uow import unit_of_work

DEFAULTS = {"preset": DEFAULT_PRESET, "municipality": "Min kommune", "language": "da"}


@dataclass(frozen=True)
class CellMove:
    """One matrix cell whose level changes with a switch: the lines scored in it, inherent and residual."""

    likelihood: int
    consequence: int
    before: Level
    after: Level
    inherent: int
    residual: int


@dataclass(frozen=True)
class PresetChange:
    """What a switch of matrix would move: the cells whose level changes, and the lines they hold."""

    current: Preset
    target: Preset
    cells: tuple[CellMove, ...]
    lines: int  # current organisational risk lines whose inherent or residual level changes
    scored: int  # current organisational risk lines scored at all


def _mapping_key(headers: list[str]) -> str:
    from hashlib import sha256

    from riskmodel.formats.mapping import headers_key

    return "import_mapping:" + sha256(headers_key(headers).encode("utf-8")).hexdigest()[:32]


def _moves(before: Level, after: Level) -> bool:
    """A level moves when its name or its colour changes; keys differ between matrices."""
    return (before.da, before.tone or before.color) != (after.da, after.tone or after.color)


class _PresetName(Text):
    """A matrix's name as an error's parameter, in the reader's language."""

    def __init__(self, preset: Preset):
        super().__init__(f"preset.{preset.id}")
        self.preset = preset

    def text(self, lang: str) -> str:
        return self.preset.name(lang)


def _other_scale(other: dict[int, int], target: Preset) -> ValidationError:
    """The refusal of a matrix with another number of steps than the lines already scored (scale size -> lines)."""
    size, n = next(iter(other.items()))
    return ValidationError("err.settings.other_scale", "preset", n=n, size=size, name=_PresetName(target),
                           steps=target.size)


@audit_denials
class SettingsService:
    def __init__(self, db: Database):
        self.db = db

    def get(self, actor: Actor, key: str) -> tuple[str, int]:
        """(value, version) of a municipality setting (preset, municipality, language); version 0 means the
        default, never saved. For anyone who may read the workbench; import mappings have their own read
        (:meth:`import_mapping`), and what the pages need before sign-in, :meth:`language`."""
        require(actor, "read")
        if key not in DEFAULTS:
            raise ValidationError("err.settings.unknown_key", "key", key=str(key)[:40])
        return self._get(key)

    def language(self) -> str:
        """The municipality's default UI language: the one setting read with no one signed in (the sign-in
        form and the public join page are drawn in it). It tells nothing about the municipality's data."""
        return self._get("language")[0]

    def _get(self, key: str) -> tuple[str, int]:
        def load():
            with self.db.read() as cur:
                row = settings.get(cur, key)
            return row if row else (DEFAULTS[key], 0)

        return self.db.cached(("setting", key), load)

    def preset(self) -> Preset:
        """The municipality's matrix: configuration every service scores with (their own reads check access)."""
        return get_preset(self._get("preset")[0])

    def municipality(self) -> str:
        return self._get("municipality")[0]

    def scored_sizes(self) -> dict[int, int]:
        """Scale size -> number of risk lines with any score in live assessments of that size."""
        with self.db.read() as cur:
            return scores.scored_sizes(cur)

    def can_choose(self, preset_id: str, lang: str = "da") -> tuple[bool, str]:
        """Whether a preset may be chosen now, and why not (in ``lang``)."""
        target = get_preset(preset_id)
        other = {s: n for s, n in self.scored_sizes().items() if s != target.size}
        if other:
            return False, _other_scale(other, target).text(lang)
        return True, ""

    def preview_preset(self, actor: Actor, preset_id: str) -> PresetChange:
        """What switching to ``preset_id`` would move, before anything is saved: the cells whose level
        changes (old and new level, lines in each) and the number of current lines affected."""
        require(actor, "settings.write")
        current, target = self.preset(), get_preset(preset_id)
        if current.size != target.size:  # can_choose refuses; nothing is moved cell for cell
            return PresetChange(current, target, (), 0, 0)
        moved = {(lik, con) for lik, con, lvl in current.cells() if _moves(lvl, target.level(lik, con))}
        with self.db.read() as cur:
            rows = scores.current_cells(cur)
        inherent: dict[tuple[int, int], int] = {}
        residual: dict[tuple[int, int], int] = {}
        affected = scored = 0
        for lik, con, rlik, rcon, n in rows:
            scored += n
            if (lik, con) in moved or (rlik, rcon) in moved:
                affected += n
            inherent[(lik, con)] = inherent.get((lik, con), 0) + n
            residual[(rlik, rcon)] = residual.get((rlik, rcon), 0) + n
        cells = tuple(
            CellMove(lik, con, current.level(lik, con), target.level(lik, con), inherent.get((lik, con), 0),
                     residual.get((lik, con), 0))
            for lik, con, _ in current.cells() if (lik, con) in moved
        )
        return PresetChange(current, target, cells, affected, scored)

    def set_preset(self, actor: Actor, preset_id: str, expected_version: int) -> None:
        require(actor, "settings.write")
        if not isinstance(preset_id, str) or preset_id not in presets():
            raise ValidationError("err.settings.unknown_preset", "preset", preset=preset_id)

        def check() -> None:  # under the write lock, so no line can be scored between check and write
            target = get_preset(preset_id)
            other = {s: n for s, n in self.scored_sizes().items() if s != target.size}
            if other:
                raise _other_scale(other, target)

        self._put(actor, "preset", preset_id, expected_version, check)

    # -- import mappings: one per set of headers, offered again for the next file that has them
    def import_mapping(self, actor: Actor, headers: list[str]) -> tuple[str, int] | None:
        """(mapping JSON, version) saved for a register with these headers, or None."""
        require(actor, "assessment.write")
        with self.db.read() as cur:
            return settings.get(cur, _mapping_key(headers))

    def save_import_mapping(self, actor: Actor, headers: list[str], spec_json: str, expected_version: int) -> None:
        from riskmodel.formats.mapping import MappingSpec

        require(actor, "assessment.write")
        if not isinstance(spec_json, str) or len(spec_json) > 200_000:
            raise ValidationError("err.settings.mapping_too_big", "mapping")
        if not isinstance(headers, list) or not all(isinstance(h, str) for h in headers):
            raise ValidationError("err.settings.mapping_headers", "mapping")
        try:
            MappingSpec.from_json(spec_json)
        except ValueError as err:
            raise ValidationError("err.settings.mapping_invalid", "mapping", reason=str(err)) from None
        self._put(actor, _mapping_key(headers), spec_json, expected_version)

    def set_municipality(self, actor: Actor, name: str, expected_version: int) -> None:
        require(actor, "settings.write")
        self._put(actor, "municipality", text(name, "Kommunens navn", max_len=120, required=True), expected_version)

    def set_language(self, actor: Actor, lang: str, expected_version: int) -> None:
        require(actor, "settings.write")
        if lang not in ("da", "en"):
            raise ValidationError("err.settings.unknown_language", "language", lang=lang)
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
