"""Likelihood and consequence scales, matrix presets and level lookup.

Presets live as JSON files in ``data/scales/``. A preset names its scale file
(4 or 5 steps), lists its levels (lowest first) and gives the matrix as rows of
likelihood (1..n) by columns of consequence (1..n), each cell the index of a level.

A preset may reword the scale's steps (``likelihood_labels``, ``consequence_labels``:
the four OS2compliance scale types name their consequence steps differently) while the
definitions and examples stay those of the scale file. Each level names its ``tone``
(groen, lysegroen, gul, orange, roed), the colour word municipalities use for it.

The level of a risk always comes from the matrix lookup; the legend is derived
from the same matrix, so a legend can never contradict a colour.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from riskmodel.domain.errors import Text, WorkbenchError

DATA_DIR = Path(__file__).resolve().parents[2] / "data"
SCALES_DIR = DATA_DIR / "scales"
DEFAULT_PRESET = "standard"


class ScaleError(WorkbenchError, ValueError):
    """A score outside the scale, or a malformed preset: by key (riskmodel/locale/errors_catalogue.py), so a page
    shows ``err.text(lang)``; still a ValueError for the callers that catch one."""


def _malformed(preset_id: str, key: str, **params) -> ScaleError:
    """'<preset>: <problem>': a preset that breaks a rule of the scales (the problem alone is ``params["problem"]``)."""
    return ScaleError("err.scale.preset", preset=preset_id, problem=Text(key, **params))


@dataclass(frozen=True)
class Step:
    value: int
    da: str
    en: str
    def_da: str
    def_en: str
    example_da: str = ""
    example_en: str = ""

    def label(self, lang: str = "da") -> str:
        return self.da if lang == "da" else self.en

    def definition(self, lang: str = "da") -> str:
        return self.def_da if lang == "da" else self.def_en

    def example(self, lang: str = "da") -> str:
        """A concrete example of the step ('' when the scale file gives none)."""
        return self.example_da if lang == "da" else self.example_en


@dataclass(frozen=True)
class Level:
    index: int
    key: str
    da: str
    en: str
    color: str
    text_color: str
    requires_action: bool
    def_da: str
    def_en: str
    # The colour word (groen, lysegroen, gul, orange, roed). Descriptive only: the level is its key, label and
    # colour, so a preset read back from a catalogue exchange file (which does not carry it) is still the same.
    tone: str = field(default="", compare=False)

    def label(self, lang: str = "da") -> str:
        return self.da if lang == "da" else self.en

    def definition(self, lang: str = "da") -> str:
        return self.def_da if lang == "da" else self.def_en


@dataclass(frozen=True)
class LegendEntry:
    level: Level
    cells: tuple[tuple[int, int], ...]  # (likelihood, consequence) pairs


@dataclass(frozen=True)
class Preset:
    id: str
    name_da: str
    name_en: str
    description_da: str
    description_en: str
    size: int
    likelihood: tuple[Step, ...]
    consequence: tuple[Step, ...]
    levels: tuple[Level, ...]
    matrix: tuple[tuple[int, ...], ...]

    def name(self, lang: str = "da") -> str:
        return self.name_da if lang == "da" else self.name_en

    def description(self, lang: str = "da") -> str:
        return self.description_da if lang == "da" else self.description_en

    # -- scores -----------------------------------------------------------
    def check_score(self, value: int | None, field: str, *, allow_none: bool = True) -> int | None:
        """Return the score as int, or raise ScaleError naming the field."""
        if value is None:
            if allow_none:
                return None
            raise ScaleError("err.scale.no_value", field=field, size=self.size)
        if isinstance(value, (bool, bytes, bytearray)):
            raise ScaleError("err.scale.not_number", field=field, value=str(value), size=self.size)
        if not isinstance(value, int):
            try:
                as_float = float(value)
            except (TypeError, ValueError):
                raise ScaleError("err.scale.not_number", field=field, value=str(value), size=self.size) from None
            if not as_float.is_integer():
                raise ScaleError("err.scale.not_whole", field=field, value=str(value), size=self.size)
            value = int(as_float)
        if not 1 <= value <= self.size:
            raise ScaleError("err.scale.outside", field=field, value=value, size=self.size)
        return value

    def level(self, likelihood: int, consequence: int) -> Level:
        """The level of a cell, by matrix lookup."""
        likelihood = self.check_score(likelihood, "sandsynlighed", allow_none=False)
        consequence = self.check_score(consequence, "konsekvens", allow_none=False)
        return self.levels[self.matrix[likelihood - 1][consequence - 1]]

    def level_or_none(self, likelihood: int | None, consequence: int | None) -> Level | None:
        if likelihood is None or consequence is None:
            return None
        return self.level(likelihood, consequence)

    def level_by_key(self, key: str) -> Level:
        for lvl in self.levels:
            if lvl.key == key:
                return lvl
        raise ScaleError("err.scale.unknown_level", key=str(key), preset=self.id)

    def likelihood_step(self, value: int) -> Step:
        return self.likelihood[self.check_score(value, "sandsynlighed", allow_none=False) - 1]

    def consequence_step(self, value: int) -> Step:
        return self.consequence[self.check_score(value, "konsekvens", allow_none=False) - 1]

    def cells(self) -> list[tuple[int, int, Level]]:
        """Every (likelihood, consequence, level) of the matrix."""
        return [
            (lik, con, self.levels[self.matrix[lik - 1][con - 1]])
            for lik in range(1, self.size + 1)
            for con in range(1, self.size + 1)
        ]

    def legend(self) -> list[LegendEntry]:
        """Levels in order, each with the cells that carry it: derived from the matrix."""
        out = []
        for lvl in self.levels:
            cells = tuple((lik, con) for lik, con, cell_lvl in self.cells() if cell_lvl.index == lvl.index)
            out.append(LegendEntry(lvl, cells))
        return out

    def cell_rows(self) -> list[tuple[int, int, int]]:
        """(likelihood, consequence, level index) rows, for joining in SQL."""
        return [(lik, con, lvl.index) for lik, con, lvl in self.cells()]


def _steps(raw: list[dict]) -> tuple[Step, ...]:
    return tuple(
        Step(
            value=int(s["value"]),
            da=s["da"],
            en=s["en"],
            def_da=s["def_da"],
            def_en=s["def_en"],
            example_da=s.get("example_da", ""),
            example_en=s.get("example_en", ""),
        )
        for s in raw
    )


def _relabel(steps: tuple[Step, ...], labels: list[dict] | None, preset_id: str) -> tuple[Step, ...]:
    """The scale's steps with the preset's own wording of each step, where it gives one."""
    if not labels:
        return steps
    if [int(lb["value"]) for lb in labels] != [s.value for s in steps]:
        raise _malformed(preset_id, "err.scale.labels", size=len(steps))
    return tuple(replace(s, da=lb["da"], en=lb["en"]) for s, lb in zip(steps, labels, strict=True))


def load_preset_file(path: Path) -> Preset:
    raw = json.loads(path.read_text(encoding="utf-8"))
    scale = json.loads((path.parent / raw["scale"]).read_text(encoding="utf-8"))
    size = int(scale["size"])
    likelihood = _relabel(_steps(scale["likelihood"]), raw.get("likelihood_labels"), raw["id"])
    consequence = _relabel(_steps(scale["consequence"]), raw.get("consequence_labels"), raw["id"])
    levels = tuple(
        Level(
            index=i,
            key=lv["key"],
            da=lv["da"],
            en=lv["en"],
            color=lv["color"],
            text_color=lv["text_color"],
            requires_action=bool(lv["requires_action"]),
            def_da=lv["def_da"],
            def_en=lv["def_en"],
            tone=lv.get("tone", ""),
        )
        for i, lv in enumerate(raw["levels"])
    )
    matrix = tuple(tuple(int(c) for c in row) for row in raw["matrix"])
    preset = Preset(
        id=raw["id"],
        name_da=raw["name_da"],
        name_en=raw["name_en"],
        description_da=raw["description_da"],
        description_en=raw["description_en"],
        size=size,
        likelihood=likelihood,
        consequence=consequence,
        levels=levels,
        matrix=matrix,
    )
    validate_preset(preset)
    return preset


def validate_preset(p: Preset) -> None:
    if [s.value for s in p.likelihood] != list(range(1, p.size + 1)):
        raise _malformed(p.id, "err.scale.likelihood_steps", size=p.size)
    if [s.value for s in p.consequence] != list(range(1, p.size + 1)):
        raise _malformed(p.id, "err.scale.consequence_steps", size=p.size)
    if len(p.matrix) != p.size or any(len(row) != p.size for row in p.matrix):
        raise _malformed(p.id, "err.scale.matrix_size", size=p.size)
    used = {c for row in p.matrix for c in row}
    if not used <= set(range(len(p.levels))):
        raise _malformed(p.id, "err.scale.matrix_unknown_level")
    if used != set(range(len(p.levels))):
        raise _malformed(p.id, "err.scale.matrix_unused_level")
    # A higher score may never give a lower level (monotone in both directions).
    for i in range(p.size):
        for j in range(p.size):
            if i + 1 < p.size and p.matrix[i + 1][j] < p.matrix[i][j]:
                raise _malformed(p.id, "err.scale.falls_with_likelihood", row=i + 2)
            if j + 1 < p.size and p.matrix[i][j + 1] < p.matrix[i][j]:
                raise _malformed(p.id, "err.scale.falls_with_consequence", column=j + 2)


@lru_cache(maxsize=1)
def presets() -> dict[str, Preset]:
    """All presets shipped in data/scales, by id, in a stable order."""
    out: dict[str, Preset] = {}
    for path in sorted(SCALES_DIR.glob("*.json")):
        if path.name.startswith("scales_"):
            continue
        preset = load_preset_file(path)
        out[preset.id] = preset
    order = ["standard", "kl", "herning", "datatilsynet", "5x5", "own_traffic_light", "own_five_levels",
             "own_five_consequence"]
    return {k: out[k] for k in sorted(out, key=lambda k: (order.index(k) if k in order else 99, k))}


def get_preset(preset_id: str) -> Preset:
    try:
        return presets()[preset_id]
    except KeyError:
        raise ScaleError("err.scale.unknown_preset", preset=str(preset_id)) from None


def line_consequence(c: int | None, i: int | None, a: int | None) -> int | None:
    """The line's consequence is the highest of F/I/T; None where none is relevant."""
    scored = [v for v in (c, i, a) if v is not None]
    return max(scored) if scored else None


def score(likelihood: int | None, consequence: int | None) -> int | None:
    """Likelihood × consequence, for sorting only (the level comes from the matrix)."""
    if likelihood is None or consequence is None:
        return None
    return likelihood * consequence
