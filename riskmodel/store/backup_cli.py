"""``python -m riskmodel backup|restore|verify``: the command line over riskmodel.store.backup."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from riskmodel.domain.errors import WorkbenchError
from riskmodel.store.backup import BackupError, Manifest, _check_keep, dated_backup_dir, prune_backups, verify_backup
from riskmodel.store.backup_requests import backup_path
from riskmodel.store.restore import restore


def run_cli(args: Any, db_path: Path) -> int:
    """``backup`` and ``restore`` of ``python -m riskmodel``: exit 0, or 2 with a Danish error."""
    def say(text: str) -> None:
        print(text, end="", file=sys.stderr, flush=True)

    try:
        if args.command == "backup":
            started = time.perf_counter()
            into = getattr(args, "into", None)
            keep = getattr(args, "keep", None)
            if keep is not None and into is None:
                raise BackupError("--keep gælder kun sammen med --into MAPPE (en mappe med daterede "
                                  "sikkerhedskopier); med --out slettes intet.")
            if keep is not None:
                _check_keep(keep)
            out = dated_backup_dir(into) if into is not None else args.out
            manifest = backup_path(db_path, out, timeout=args.timeout, progress=say)
            if into is not None:
                manifest = verify_backup(out)  # the files as they lie on disk now, before anything older goes
            by = "appen" if manifest.source.get("taken_by") == "app" else "kommandolinjen"
            print(f"Sikkerhedskopi af {db_path} (skemaversion {manifest.schema_version}), taget af {by} "
                  f"på {time.perf_counter() - started:.1f} s:")
            _print_tables(manifest)
            print(f"Manifest: {manifest.manifest_path}")
            if keep is not None:
                removed = prune_backups(into, keep)
                print(f"Beholder de {keep} nyeste sikkerhedskopier i {Path(into).absolute()}; "
                      f"slettede {len(removed)} ældre" + (": " + ", ".join(p.name for p in removed) if removed else "."))
        else:
            done = restore(db_path, args.backup, force=args.force)
            print(f"Gendannet {done.db} fra {done.manifest.path} (taget {done.manifest.created_at}, "
                  f"skemaversion {done.manifest.schema_version}); alle tabeller stemmer med manifestet:")
            _print_tables(done.manifest)
            if done.schema_version != done.manifest.schema_version:
                print(f"Databasen er opgraderet til skemaversion {done.schema_version}.")
            if done.moved_aside:
                print(f"Den tidligere database er gemt som {done.moved_aside}.")
    except WorkbenchError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    return 0


def _print_tables(manifest: Manifest) -> None:
    width = max((len(t) for t in manifest.tables), default=0)
    for name, entry in sorted(manifest.tables.items()):
        print(f"  {name:{width}}  {entry.rows:>8} rækker")
