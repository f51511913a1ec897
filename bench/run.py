"""Risikoværkstedet's benchmarks: one command, one table of figures (not tests).

    .venv/bin/python -m bench [--quick] [--only pages,save,export,import,memory,browser,room,scoring] [--runs 7]

Builds (or takes from .bench-cache/) a small (50 systems) and a large municipality (1,500 systems,
about 45,000 risk lines, 5 yearly baselines), then measures:

* pages   - AppTest render time of overview, heatmap, register (the systems page) and annual review,
            small and large (median and p90 of ``--runs`` runs after a warm-up);
* export  - the committee Excel export of the large register against a bare openpyxl write-only
            workbook of the same cells, in the same run;
* import  - open + check + apply of the exported large register (unedited, and 1,000 edited cells), against
            a bare openpyxl read (read_only, values_only) of the same file in the same run;
* memory  - a real server's RSS with 20 browser sessions open on the overview;
* browser - a score change on the assessment page until the heatmap of another session shows it;
* room    - the workshop room's four latencies (vote -> facilitator, next -> participants, decide ->
            projector, reveal -> participants) in Chromium, small and large (bench/room.py).
* save    - one score saved through the service (commit and seal), small and large, against the whole-table
            digest each save paid before the seal followed the changed rows, in the same run (bench/save.py);
* scoring - step 3 in Chromium, small and large: how soon it opens (a new page load, and from step 2
            through the stepper), and click → settled page in the guided view and in the compact grid
            (bench/scoring.py; median and p90 of ``--clicks`` clicks after a warm-up).

The table is printed and written to bench/results/latest.md with the load average.
``--quick`` uses 12 and 150 systems, 2 runs and 3 sessions: a smoke run, not figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTIONS = ("pages", "save", "export", "import", "memory", "browser", "room", "scoring")
RESULTS = ROOT / "bench" / "results"


def loadavg() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} (1/5/15 min) on {os.cpu_count()} CPUs"


class Table:
    def __init__(self):
        self.rows: list[tuple[str, str, str, str, str, str]] = []

    def add(self, measure: str, small: str = "", large: str = "", ratio: str = "", target: str = "",
            met: bool | None = None) -> None:
        self.rows.append((measure, small, large, ratio, target, "" if met is None else ("ja" if met else "nej")))

    def markdown(self, head: tuple[str, str]) -> str:
        header = ("Måling", head[0], head[1], "Forhold", "Mål", "Nået")
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines)

    def text(self, head: tuple[str, str]) -> str:
        header = ("measure", head[0], head[1], "ratio", "target", "met")
        rows = [header, *self.rows]
        widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
        return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def s(x: float) -> str:
    return f"{x:.3f} s" if x < 10 else f"{x:.1f} s"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run, not figures")
    parser.add_argument("--only", default=",".join(SECTIONS), help=f"comma-separated sections of {', '.join(SECTIONS)}")
    parser.add_argument("--runs", type=int, default=7, help="timed AppTest runs per page (after one warm-up)")
    parser.add_argument("--clicks", type=int, default=15, help="timed clicks per view and size in 'scoring'")
    args = parser.parse_args(argv)
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    if bad := [x for x in only if x not in SECTIONS]:
        parser.error(f"unknown section(s): {', '.join(bad)}")
    small_n, large_n = (12, 150) if args.quick else (50, 1500)
    runs, sessions, export_runs = (2, 3, 1) if args.quick else (args.runs, 20, 1)

    from bench import data

    table = Table()
    notes: list[str] = []
    started = time.perf_counter()
    load_before = loadavg()
    print(f"load average at start: {load_before}")
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        work = Path(tmp)
        small_db = data.municipality(small_n, work)
        large_db = data.municipality(large_n, work)
        c = data.counts(large_db)
        notes.append(f"Large: {c['systems']} systems, {c['lines']} risk lines, {c['baselines']} baselines; "
                     f"small: {data.counts(small_db)['systems']} systems.")

        if "pages" in only:
            from bench import pages

            print(f"pages: {runs} runs + 1 warm-up per page and size …")
            sm = pages.measure(small_db, runs)
            lg = pages.measure(large_db, runs)
            for name in pages.PAGES:
                a, b = statistics.median(sm[name]), statistics.median(lg[name])
                table.add(f"side: {name} (median; p90)", f"{s(a)}; {s(pages.p90(sm[name]))}",
                          f"{s(b)}; {s(pages.p90(lg[name]))}", f"{b / a:.2f}×", "≤ 0,5 s og ≤ 1,5×",
                          b <= 0.5 and b / a <= 1.5)

        if "save" in only:
            from bench import pages, save

            n = 5 if args.quick else 25
            print(f"save: {n} score saves per size, against the whole-table digest …")
            sv = {label: save.run(db, work, n) for label, db in (("small", small_db), ("large", large_db))}
            a, b = statistics.median(sv["small"]["save"]), statistics.median(sv["large"]["save"])
            table.add(f"gem én score (commit og segl; median; p90; n={n})",
                      f"{s(a)}; {s(pages.p90(sv['small']['save']))}", f"{s(b)}; {s(pages.p90(sv['large']['save']))}",
                      f"{b / a:.2f}×", "≤ 0,1 s", b <= 0.1)
            wa, wl = statistics.median(sv["small"]["whole"]), statistics.median(sv["large"]["whole"])
            table.add("før: hele risk_lines og assessments digestet ved hver gemning (median)", s(wa), s(wl),
                      f"gem nu / før: {b / wl:.2f}×", "(grundlinje)")
            notes.append("save: første gemning i processen (læser de berørte tabellers rækker én gang): "
                         + ", ".join(f"{k} {s(v['first'])} ({v['lines']} risikolinjer)" for k, v in sv.items()))

        xlsx = None
        if "export" in only or "import" in only:
            from bench import excel

            print("export: committee workbook vs bare openpyxl writer (large) …")
            ex = excel.export(large_db, work, runs=export_runs)
            xlsx = ex["xlsx"]
            if "export" in only:
                e, bare = statistics.median(ex["export"]), statistics.median(ex["bare"])
                table.add(f"Excel-eksport ({ex['rows']} rækker, {ex['cells']} celler, {ex['sheets']} ark)",
                          f"bar openpyxl: {s(bare)}", f"export_workbook: {s(e)}", f"{e / bare:.2f}×", "≤ 1,5×",
                          e / bare <= 1.5)
            if "import" in only:
                print("import: open_xlsx + plan_import + apply_import of the large register …")
                im = excel.import_register(large_db, xlsx, work)
                # Baseline in the same run: openpyxl alone reading the same sheet (read_only, values_only).
                bare = im["bare_read"]
                for label, key, goal in (("uændret", "unedited", 5), (f"{im['edits']} rettede celler", "edited", 15)):
                    r = im[key]
                    table.add(f"import af registret, {label} ({r['rows']} linjer, {r['changes']} ændringer)",
                              f"bar openpyxl-læsning: {s(bare)} (CPU {s(im['bare_cpu'])})",
                              f"{s(r['total'])} (CPU {s(r['cpu'])}; åbn {s(r['open'])}, tjek {s(r['plan'])} heraf "
                              f"arket læst {s(im['sheet_read'])}, skriv {s(r['apply'])})",
                              f"{r['total'] / bare:.2f}×", f"≤ {goal} s", r["total"] <= goal)

        if "memory" in only or "browser" in only:
            from bench import live

            print(f"server: {sessions} browser sessions, then the score-to-heatmap latency …")
            lv = live.run(large_db, work, sessions=sessions, rounds=2 if args.quick else 3, log=print)
            if "memory" in only:
                per = (lv["rss_all"] - lv["rss_one"]) / max(1, sessions - 1)
                table.add(f"serverens hukommelse (RSS), {sessions} sessioner på oversigten",
                          f"start {lv['rss_start']:.0f} MB; 1 session {lv['rss_one']:.0f} MB",
                          f"{lv['rss_all']:.0f} MB", f"{per:+.1f} MB pr. ekstra session", "(intet mål)")
                table.add("første indlæsning af oversigten i Chromium (median)", "",
                          s(statistics.median(lv["overview_load"])), "", "(intet mål)")
            if "browser" in only:
                lat = statistics.median(lv["latency"])
                table.add("scoreændring → åben heatmap i anden session (median)", "",
                          f"{s(lat)} (heraf gem {s(statistics.median(lv['save']))})", "", "≤ 1 s", lat <= 1.0)
                table.add("scoreændring → heatmap via menuen i samme session (median)", "",
                          s(statistics.median(lv["same_session"])), "", "≤ 1 s", statistics.median(lv["same_session"]) <= 1.0)

        if "room" in only:
            from bench import pages, room

            threats = 2 if args.quick else 5
            rm = {}
            for label, db in (("small", small_db), ("large", large_db)):
                print(f"room: facilitator, projector and 3 participants over {threats} threats ({label}) …")
                rm[label] = room.run(db, work, rounds=threats, log=print)
            names = {"vote": "stemme → facilitatorens skærm", "next": "næste trussel → deltagerne",
                     "decide": "registreret → projektoren", "reveal": "vis stemmerne → deltagerne"}
            for key, name in names.items():
                sm, lg = rm["small"][key], rm["large"][key]
                a, b = statistics.median(sm), statistics.median(lg)
                miss = rm["small"]["missed"][key], rm["large"]["missed"][key]
                table.add(f"workshop: {name} (median; p90; n={len(sm)}/{len(lg)})",
                          f"{s(a)}; {s(pages.p90(sm))}" + (f"; {miss[0]} ikke vist inden 60 s" if miss[0] else ""),
                          f"{s(b)}; {s(pages.p90(lg))}" + (f"; {miss[1]} ikke vist inden 60 s" if miss[1] else ""),
                          f"{b / a:.2f}×", "≤ 1 s (median)", b <= 1.0 and not miss[1])
            cpu = rm["small"]["idle_cpu"], rm["large"]["idle_cpu"]
            table.add("workshop: serverens CPU med fem åbne skærme, ingen handling (andel af én kerne)",
                      f"{100 * cpu[0]:.0f} %", f"{100 * cpu[1]:.0f} %", f"{cpu[1] / max(cpu[0], 1e-9):.2f}×",
                      "(intet mål; vokser med antal skærme)")

        if "scoring" in only:
            from bench import scoring
            from bench.pages import p90

            clicks, opens = (3, 2) if args.quick else (args.clicks, 5)
            print(f"scoring: step 3 in Chromium, {opens} opens and {clicks} clicks per view and size …")
            sc = {n: scoring.run(db, work, clicks=clicks, opens=opens, log=print)
                  for n, db in (("small", small_db), ("large", large_db))}
            for label, key, target in (("trin 3 åbnet, ny sideindlæsning", "open_load", 1.0),
                                       ("trin 3 åbnet fra trin 2 (trinvælgeren)", "open_stepper", 1.0),
                                       ("klik → færdig side, trin 3 én trussel ad gangen", "guided", 0.6),
                                       ("klik → færdig side, trin 3 tabellen", "grid", 0.6)):
                a, b = sc["small"][key], sc["large"][key]
                ma, mb = statistics.median(a), statistics.median(b)
                table.add(f"{label} (median; p90)", f"{s(ma)}; {s(p90(a))}", f"{s(mb)}; {s(p90(b))}", f"{mb / ma:.2f}×",
                          f"p90 ≤ {target:.1f} s".replace(".", ","), p90(b) <= target and p90(a) <= target)
            notes.append("scoring: trin 3 ved ny sideindlæsning som Playwright så det fra goto (median; p90): "
                         + ", ".join(f"{n} {s(statistics.median(r['open_load_seen']))}; {s(p90(r['open_load_seen']))}"
                                     for n, r in sc.items()))
            notes.append("scoring: kørsler pr. klik (median) "
                         + ", ".join(f"{n} {statistics.median(r['runs']):.0f}" for n, r in sc.items()))

    head = (f"{small_n} systemer", f"{large_n} systemer")
    load_after = loadavg()
    elapsed = time.perf_counter() - started
    print()
    print(table.text(head))
    print(f"\nload average: start {load_before}; end {load_after}. {elapsed:.0f} s in all.")
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    out = RESULTS / ("quick.md" if args.quick else "latest.md")
    out.write_text(f"# Benchmark {stamp}{' (--quick)' if args.quick else ''}\n\n{table.markdown(head)}\n\n"
                   f"Load average: start {load_before}; slut {load_after}. {elapsed:.0f} s i alt.\n\n"
                   + "\n".join(notes) + "\n", encoding="utf-8")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
