"""Command line: python -m riskmodel <command> [--db PATH] ...

Commands:
  init      create or upgrade the database (migrations) and load the default catalogue
  demo      build a fictional municipality with scored assessments
  export    write the Excel workbook (risk register and heatmap)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import duckdb

from riskmodel.errors import WorkbenchError
from riskmodel.model import LOCAL_ACTOR
from riskmodel.store.db import default_db_path


def _db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", type=Path, default=None,
                   help="DuckDB file (default: $RISK_DB or data/risk.duckdb)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m riskmodel", description="Risikoværkstedet command line")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init", help="create or upgrade the database and load the default threat catalogue")
    _db_arg(p)

    p = sub.add_parser("demo", help="build a fictional demo municipality")
    _db_arg(p)
    p.add_argument("--systems", type=int, default=40, help="number of systems (default 40)")
    p.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")
    p.add_argument("--if-empty", action="store_true", help="do nothing if the database already has systems")

    p = sub.add_parser("export", help="write the Excel workbook")
    _db_arg(p)
    p.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path = args.db or default_db_path()
    from riskmodel.services import open_workbench

    try:
        wb = open_workbench(db_path)
    except duckdb.IOException as err:
        print(f"Fejl: databasen {db_path} kan ikke åbnes. Er den i brug af en anden proces, fx den kørende app? ({err})",
              file=sys.stderr)
        return 2
    try:
        if args.command == "init":
            print(f"Database {db_path} er klar (skemaversion {wb.db.schema_version()}).")
        elif args.command == "demo":
            from riskmodel.demo import build_demo

            if args.if_empty and not wb.is_empty():
                print(f"{db_path} har allerede data; demodata er ikke indlæst.")
                return 0
            started = time.perf_counter()
            result = build_demo(wb, LOCAL_ACTOR, systems=args.systems, seed=args.seed)
            print(f"Demodata indlæst i {db_path}: {result.systems} systemer, {result.lines} risikolinjer "
                  f"({time.perf_counter() - started:.1f} s).")
        elif args.command == "export":
            from riskmodel.excel.export import export_workbook

            args.out.parent.mkdir(parents=True, exist_ok=True)
            rows = export_workbook(wb, LOCAL_ACTOR, args.out)  # written to a temp file, then renamed
            print(f"Skrev {args.out} ({rows} risikolinjer).")
    except WorkbenchError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    finally:
        wb.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
