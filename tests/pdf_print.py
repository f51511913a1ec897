"""What a reader of a printed PDF would notice: type too small to read, and text printed over other text."""

from __future__ import annotations

from collections import defaultdict

MIN_POINTS = 8.0
CELL = 12.0  # points: the grid the overlap search buckets characters into


def _overlap(a: dict, b: dict) -> bool:
    """Two characters' boxes share more than a sliver: both ways at least 30 % of the smaller box."""
    w = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if w <= 0 or h <= 0:
        return False
    return (w > 0.3 * min(a["x1"] - a["x0"], b["x1"] - b["x0"])
            and h > 0.3 * min(a["bottom"] - a["top"], b["bottom"] - b["top"]))


def print_problems(page) -> dict:
    """A pdfplumber page's characters below 8 pt, and pairs of characters printed over each other."""
    chars = [c for c in page.chars if c["text"].strip()]
    small = [c for c in chars if round(c["size"], 1) < MIN_POINTS]
    grid: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for c in chars:
        grid[(int(c["x0"] // CELL), int(c["top"] // CELL))].append(c)
    overlaps = []
    for c in chars:
        gx, gy = int(c["x0"] // CELL), int(c["top"] // CELL)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for o in grid.get((gx + dx, gy + dy), ()):
                    if o is not c and id(o) > id(c) and _overlap(c, o):
                        overlaps.append((c["text"], o["text"], round(c["x0"]), round(c["top"])))
    return {"chars": len(chars), "small": len(small), "min_size": min((c["size"] for c in chars), default=None),
            "overlaps": overlaps}
