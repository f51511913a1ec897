"""Comparing year baselines: pure functions over frozen risk lines (no storage, no UI).

A baseline line is identified by its lens, its entity (system or processing activity) and
its threat code. Two states (two baselines, or a baseline and today) compare line by line:

- ``new``: scored in the later state and not (scored) in the earlier one;
- ``removed``: scored in the earlier state and gone (or no longer scored) in the later;
- ``up`` / ``down`` / ``unchanged``: present in both, by the level (residual by default).

Unscored lines are not risks yet and take no part in a comparison; they count in neither
state. Levels are indexes in the matrix (0 = lowest), so a comparison is meaningful only
between states scored on the same matrix; ``compare`` refuses to mix presets.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

STATUSES = ("new", "removed", "up", "down", "unchanged")


@dataclass(frozen=True)
class LineState:
    lens: str  # org | ds
    entity_id: int
    entity_name: str
    department: str
    threat_code: str
    threat_title: str
    likelihood: int | None
    consequence: int | None
    res_likelihood: int | None
    res_consequence: int | None
    level: int | None
    res_level: int | None

    @property
    def key(self) -> tuple[str, int, str]:
        return self.lens, self.entity_id, self.threat_code

    def level_of(self, residual: bool) -> int | None:
        return self.res_level if residual else self.level

    def cell(self, residual: bool) -> tuple[int, int] | None:
        lik, con = (self.res_likelihood, self.res_consequence) if residual else (self.likelihood, self.consequence)
        return None if lik is None or con is None else (lik, con)


@dataclass(frozen=True)
class LineChange:
    status: str
    before: LineState | None
    after: LineState | None

    @property
    def line(self) -> LineState:
        return self.after or self.before  # type: ignore[return-value]


def _scored(lines: Iterable[LineState], residual: bool) -> dict[tuple, LineState]:
    return {ln.key: ln for ln in lines if ln.level_of(residual) is not None}


def compare(before: Iterable[LineState], after: Iterable[LineState], residual: bool = True) -> list[LineChange]:
    """Every scored line of either state with its status, sorted by lens, entity name and threat code."""
    old, new = _scored(before, residual), _scored(after, residual)
    out: list[LineChange] = []
    for key in old.keys() | new.keys():
        b, a = old.get(key), new.get(key)
        if b is None:
            status = "new"
        elif a is None:
            status = "removed"
        else:
            lb, la = b.level_of(residual), a.level_of(residual)
            status = "up" if la > lb else "down" if la < lb else "unchanged"
        out.append(LineChange(status, b, a))
    out.sort(key=lambda c: (c.line.lens, c.line.entity_name.casefold(), c.line.entity_id, c.line.threat_code))
    return out


@dataclass(frozen=True)
class EntityChange:
    lens: str
    entity_id: int
    entity_name: str
    department: str
    counts: dict[str, int]  # status -> lines
    worst_before: int | None
    worst_after: int | None

    @property
    def status(self) -> str:
        """The entity's own movement: new/removed (no scored line on one side), else its worst level's move."""
        if self.worst_before is None and self.worst_after is not None:
            return "new"
        if self.worst_after is None:
            return "removed"
        if self.worst_after > self.worst_before:
            return "up"
        if self.worst_after < self.worst_before:
            return "down"
        return "unchanged"


def by_entity(changes: Iterable[LineChange], residual: bool = True) -> list[EntityChange]:
    """Per system (or activity): how many lines are new, removed, up, down, unchanged, and the worst level
    before and after."""
    groups: dict[tuple[str, int], list[LineChange]] = {}
    for c in changes:
        groups.setdefault((c.line.lens, c.line.entity_id), []).append(c)
    out = []
    for (lens, eid), items in groups.items():
        counts = Counter(c.status for c in items)
        before = [c.before.level_of(residual) for c in items if c.before is not None]
        after = [c.after.level_of(residual) for c in items if c.after is not None]
        latest = items[0].line
        out.append(EntityChange(lens, eid, latest.entity_name, latest.department,
                                {s: counts.get(s, 0) for s in STATUSES},
                                max(before) if before else None, max(after) if after else None))
    out.sort(key=lambda e: (e.lens, e.entity_name.casefold(), e.entity_id))
    return out


def movement(changes: Iterable[LineChange], residual: bool = True) -> Counter:
    """How lines present in both states moved between matrix cells: ((lik, con) before, (lik, con) after) -> count."""
    moves: Counter = Counter()
    for c in changes:
        if c.before is None or c.after is None:
            continue
        moves[(c.before.cell(residual), c.after.cell(residual))] += 1
    return moves


def status_counts(changes: Iterable[LineChange]) -> dict[str, int]:
    counts = Counter(c.status for c in changes)
    return {s: counts.get(s, 0) for s in STATUSES}


def level_counts(lines: Iterable[LineState], n_levels: int, residual: bool = True) -> list[int]:
    """Scored lines per level (index 0 = lowest)."""
    counts = [0] * n_levels
    for ln in lines:
        lvl = ln.level_of(residual)
        if lvl is not None:
            counts[lvl] += 1
    return counts
