# Size: one argparse front for every command (demo, import, export, audit, backup, doctor, users); the work is elsewhere.
"""Command line: python -m riskmodel <command> [--db PATH] ...

Commands:
  init      create or upgrade the database (migrations) and load the default catalogue
  demo      build a fictional municipality with scored assessments
  export    write the committee's Excel pack for the annual review (--year)
  report    write one system's risk report (--system ID or name)
  import    read an edited risk register (or another tool's register) from .xlsx: check, preview, apply
  users     add | list | disable | enable | unbind-sso | set-password | set-role: accounts and roles
  audit     verify: check the audit trail's hash chain (exit 1 on a break)
  backup    --out DIR | --into DIR [--keep N]: an exact, verified backup (asks the running app to take it if it
            holds the file); --into writes a dated folder and --keep N removes the oldest beyond N
  doctor    check a server set-up (sign-in vs address, secrets, database, audit trail, backups); exit 0 when all hold
  restore   DIR [--force]: restore a backup after checking every table against its manifest
"""

from __future__ import annotations

import argparse
import getpass
import sys
import time
from pathlib import Path

from riskmodel.domain.errors import ValidationError, WorkbenchError
from riskmodel.domain.model import LOCAL_ACTOR, ROLES, Actor
from riskmodel.store.db import default_db_path
from riskmodel.store.readonly import DatabaseInUse

# The command line is run by whoever administers the server: it acts as coordinator, and says so in the audit trail.
CLI_ACTOR = Actor(username="kommandolinje", display_name="Kommandolinjen", role="koordinator")


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
    p.add_argument("--year", type=int, default=None, help="the year of the annual review (default: this year)")

    p = sub.add_parser("report", help="write one system's risk report (Excel) for its owner and the DPO")
    _db_arg(p)
    p.add_argument("--system", required=True, help="the system's id or exact name")
    p.add_argument("--out", type=Path, required=True, help="the .xlsx file to write")

    p = sub.add_parser("import", help="import a risk register from .xlsx (checked first; all or nothing)")
    _db_arg(p)
    p.add_argument("file", type=Path, help="the .xlsx file: an exported Risikoregister, or a register with a header row")
    p.add_argument("--dry-run", action="store_true", help="check and show the changes, write nothing")
    p.add_argument("--sheet", default=None, help="the sheet to read (default: Risikoregister, else the first sheet)")
    p.add_argument("--mapping", default=None,
                   help="a plain register's mapping file (.json, as written by --mapping-out: columns, value "
                        "conversions, defaults for department/classification/owner, consequence_to), or just its "
                        'columns as JSON {"field": "header"}; fields: system, threat, department, likelihood, '
                        "consequence, cons_c, ... (default: the mapping saved for these headers, else guessed)")
    p.add_argument("--ignore-saved-mapping", action="store_true",
                   help="do not use the mapping saved in the database for a file with the same headers (the page "
                        "saves one after each import of a plain register; without --mapping it is used by default)")
    p.add_argument("--mapping-out", type=Path, default=None,
                   help="write the mapping used, with a proposed conversion for every value that is not one of ours "
                        "(check and edit it, then import with --mapping FILE)")
    p.add_argument("--create-missing", action="store_true",
                   help="create systems (a department column is needed) and threats that do not exist")
    p.add_argument("--show", type=int, default=20, help="how many changes and problems to print (default 20)")

    users = sub.add_parser("users", help="local accounts and roles").add_subparsers(dest="users_command", required=True)
    u = users.add_parser("add", help="add an account (asks for the password, or --password-stdin)")
    _db_arg(u)
    u.add_argument("username")
    u.add_argument("--name", required=True, help="the person's name as shown in the app")
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--email", default="", help="e-mail (matches single sign-on accounts)")
    u.add_argument("--department", action="append", default=[], help="a department the person leads (repeatable)")
    u.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    u.add_argument("--no-password", action="store_true", help="no local password (single sign-on only)")
    u = users.add_parser("list", help="list accounts")
    _db_arg(u)
    for name, helptext in (("disable", "block an account"), ("enable", "unblock an account"),
                           ("unbind-sso", "forget the identity the account's first single sign-on bound it to")):
        u = users.add_parser(name, help=helptext)
        _db_arg(u)
        u.add_argument("username")
    u = users.add_parser("set-password", help="set a new password (asks, or --password-stdin)")
    _db_arg(u)
    u.add_argument("username")
    u.add_argument("--password-stdin", action="store_true")
    u = users.add_parser("set-role", help="change role and departments")
    _db_arg(u)
    u.add_argument("username")
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--department", action="append", default=None, help="replaces the departments (repeatable)")

    audit_p = sub.add_parser("audit", help="the audit trail").add_subparsers(dest="audit_command", required=True)
    a = audit_p.add_parser("verify", help="check the hash chain; exit 1 and name the first bad row on a break")
    _db_arg(a)

    p = sub.add_parser("backup", help="back up the database to a new folder (works while the app runs)")
    _db_arg(p)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--out", type=Path, help="the backup folder to create (must be new or empty)")
    where.add_argument("--into", type=Path,
                       help="a folder of dated backups: writes INTO/risiko-<UTC time> (for the nightly timer)")
    p.add_argument("--keep", type=int, default=None,
                   help="with --into: after the new backup is verified, keep only the newest N dated backups")
    p.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the running app (default 120)")
    p = sub.add_parser("restore", help="restore a backup folder to the database file (the app must be stopped)")
    _db_arg(p)
    p.add_argument("backup", type=Path, help="the backup folder (with manifest.json)")
    p.add_argument("--force", action="store_true",
                   help="replace an existing database; the old file is kept as <file>.before-restore-<time>")

    p = sub.add_parser("doctor", help="check a server set-up; exit 0 only when every check holds")
    _db_arg(p)
    p.add_argument("--backups", type=Path, default=None,
                   help="the folder of backups (default: $RISK_BACKUP_DIR): the newest must be < 26 h old")
    p.add_argument("--address", default=None,
                   help="the app's listening address (default: $STREAMLIT_SERVER_ADDRESS, else .streamlit/config.toml)")
    p.add_argument("--auth", default=None, help="the sign-in mode none|local|oidc (default: $RISK_AUTH, else none)")
    p.add_argument("--secrets", type=Path, action="append", default=None,
                   help="the secrets.toml the app reads (default: $RISK_SECRETS_FILE, else Streamlit's places)")
    p.add_argument("--env-file", type=Path, default=None,
                   help="the service's EnvironmentFile, read over this environment (RISK_DB, RISK_AUTH, ...)")
    p.add_argument("--lang", choices=("da", "en"), default="da", help="the language of the report (default da)")
    return parser


def _doctor(args, db_path: Path) -> int:
    import os

    from riskmodel import doctor

    env = dict(os.environ)
    if args.env_file is not None:
        try:
            env.update(doctor.read_env_file(args.env_file))
        except (OSError, UnicodeDecodeError) as err:
            print(f"Fejl: miljøfilen {args.env_file} kan ikke læses ({err}).", file=sys.stderr)
            return 2
        if args.db is None and env.get("RISK_DB"):
            db_path = Path(env["RISK_DB"])
    backups = args.backups or (Path(env["RISK_BACKUP_DIR"]) if env.get("RISK_BACKUP_DIR") else None)
    setup = doctor.setup_from(db_path, auth=args.auth, address=args.address, secrets=args.secrets,
                              backups=backups, env=env, lang=args.lang)
    checks = doctor.run_checks(setup)
    print(doctor.report(checks, args.lang))
    return 0 if all(c.ok for c in checks) else 1


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Adgangskode: ")
    if getpass.getpass("Gentag adgangskode: ") != first:
        raise ValidationError("De to adgangskoder er ikke ens", "password")
    return first


def _users(wb, args) -> int:
    svc = wb.users
    cmd = args.users_command
    if cmd == "add":
        password = None if args.no_password else _read_password(args.password_stdin)
        svc.add(CLI_ACTOR, args.username, args.name, args.role, email=args.email, departments=args.department,
                password=password)
        print(f"Brugeren {args.username.lower()} er oprettet som {args.role}.")
    elif cmd == "list":
        for u in svc.list(CLI_ACTOR):
            state = "spærret" if u.disabled else "aktiv"
            deps = ", ".join(u.departments) or "-"
            print(f"{u.username:20} {u.role:15} {state:8} {u.display_name} <{u.email}> [{deps}]")
    elif cmd in ("disable", "enable"):
        svc.set_disabled(CLI_ACTOR, args.username, cmd == "disable")
        print(f"Brugeren {args.username} er {'spærret' if cmd == 'disable' else 'genåbnet'}.")
    elif cmd == "unbind-sso":
        svc.unbind_sign_on(CLI_ACTOR, args.username)
        print(f"Brugeren {args.username} er ikke længere knyttet til en identitet hos udbyderen; "
              "næste login med kontoens e-mail knytter den igen.")
    elif cmd == "set-password":
        svc.get(args.username)
        svc.set_password(CLI_ACTOR, args.username, _read_password(args.password_stdin))
        print(f"Ny adgangskode sat for {args.username}.")
    elif cmd == "set-role":
        svc.set_role(CLI_ACTOR, args.username, args.role, args.department)
        print(f"{args.username} har nu rollen {args.role}.")
    return 0


def _audit(db_path: Path) -> int:
    """Verify the audit trail of the file, opened read-only: nothing is repaired, re-chained or migrated."""
    from riskmodel.store import audit, readonly

    if not db_path.is_file():
        print(f"Fejl: databasen {db_path} findes ikke.", file=sys.stderr)
        return 2
    try:
        key = audit.resolve_key(db_path, create=False)
    except audit.AuditKeyError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    try:
        with readonly.connect(db_path) as conn:
            try:
                result = audit.verify(conn, key, anchor=audit.anchor_path(db_path.absolute()))
            except readonly.DatabaseError as err:
                print(f"BRUD i revisionssporet: loggen kan ikke læses ({err}).", file=sys.stderr)
                return 1
    except readonly.DatabaseError as err:
        print(f"Fejl: databasen {db_path} kan ikke åbnes skrivebeskyttet. Er den i brug af den kørende app? ({err})",
              file=sys.stderr)
        return 2
    if result.ok:
        print(f"Revisionssporet er intakt: {result.rows} rækker, kæden hænger sammen med nøglen og ankeret, "
              "og tabellerne svarer til sporet.")
        return 0
    where = f" ved række {result.bad_id}" if result.bad_id is not None else ""
    print(f"BRUD i revisionssporet{where}: {result.reason}.", file=sys.stderr)
    for problem in result.unexplained[1:]:
        print(f"  også: {problem}", file=sys.stderr)
    return 1


def _import(wb, args) -> int:
    """Check the file; print the problems (exit 1) or the preview, then apply unless --dry-run."""
    import json

    from riskmodel.excel.importer import (
        CREATE_HINT_CLI,
        KIND_PLAIN,
        SKIP_REASONS,
        apply_import,
        detect,
        plan_import,
        problem_groups,
    )
    from riskmodel.formats.mapping import MappingSpec
    from riskmodel.formats.xlsx_safety import open_xlsx
    from riskmodel.i18n import plural

    mapping = None
    if args.mapping:
        text = args.mapping
        if not text.lstrip().startswith("{") and Path(text).is_file():
            text = Path(text).read_text(encoding="utf-8")
        try:
            mapping = MappingSpec.from_obj(json.loads(text))
        except json.JSONDecodeError as err:
            print(f"Fejl: --mapping er ikke gyldig JSON ({err}).", file=sys.stderr)
            return 2
        except ValueError as err:
            print(f"Fejl: --mapping {err}.", file=sys.stderr)
            return 2
    try:
        book = open_xlsx(args.file)
        found = detect(book, args.sheet)
    except ValidationError as err:
        print(f"Filen afvist: {err}", file=sys.stderr)
        return 1
    saved = None  # (json, version) of the mapping saved for these headers (by the page or an earlier import)
    if found.kind == KIND_PLAIN and found.header_row is not None:
        saved = wb.settings.import_mapping(CLI_ACTOR, found.header_names)
    if mapping is None and saved is not None and not args.ignore_saved_mapping:
        try:
            mapping = MappingSpec.from_json(saved[0])
            print("Bruger den mapping, der er gemt for en fil med de samme overskrifter (kolonner, omregninger og "
                  "standardværdier); --ignore-saved-mapping ser bort fra den, --mapping FILE bruger en anden.")
        except ValueError as err:
            print(f"Bemærk: den gemte mapping for disse overskrifter kan ikke læses ({err}); den bruges ikke.")
    elif saved is not None and args.ignore_saved_mapping:
        print("Der er gemt en mapping for disse overskrifter; den bruges ikke (--ignore-saved-mapping).")
    plan = plan_import(wb, CLI_ACTOR, book, sheet=args.sheet, mapping=mapping, create_missing=args.create_missing,
                       create_hint=CREATE_HINT_CLI)
    kind = "eksporteret risikoregister" if plan.kind == "register" else "risikoregister fra et andet værktøj"
    print(f"{args.file}: {kind}, arket '{plan.sheet}', {plural(plan.rows, 'række', 'rækker')} kontrolleret "
          f"({plan.seconds:.1f} s).")
    if plan.kind != "register" and plan.mapping:
        print("Kolonner: " + ", ".join(f"{k}={v}" for k, v in plan.mapping.items()))
        if "consequence" in plan.mapping:
            print(f"Én konsekvenskolonne: consequence_to={plan.spec.consequence_to or '(ikke valgt)'} "
                  "(harms: de af F, I og T, truslen berører; c, i eller a: kun den dimension; "
                  "overall: gemt som samlet konsekvens)")
    if plan.hidden_columns:
        print(f"{plural(len(plan.hidden_columns), 'skjult kolonne', 'skjulte kolonner')} i Excel (foreslås ikke; "
              "vælg med --mapping): " + ", ".join(f"'{h}'" for h in plan.hidden_columns))
    if plan.hidden_sheets:
        print(f"{plural(len(plan.hidden_sheets), 'skjult ark', 'skjulte ark')} (læses kun med --sheet): "
              + ", ".join(f"'{s}'" for s in plan.hidden_sheets))
    for fld, conv in plan.proposals.items():
        print(f"Omregning af {fld}: " + ", ".join(f"'{k}' → {v if v is not None else '?'}" for k, v in conv.items()))
    for row, why in plan.skipped:
        print(f"Sprunget over: række {row} ({SKIP_REASONS.get(why, why)})")
    for row, short, _full in plan.shortened:
        print(f"Forkortet titel (række {row}): '{short}'; hele teksten står i scenariet")
    for w in plan.warnings:
        print(f"Bemærk: {w}")
    if args.mapping_out is not None and plan.kind != "register":
        spec = MappingSpec(columns=plan.mapping, conversions={**plan.proposals}, defaults=dict(plan.spec.defaults),
                           consequence_to=plan.spec.consequence_to, headers=plan.spec.headers)
        for fld in ("department", "classification", "owner"):
            if fld not in plan.mapping:
                spec.defaults.setdefault(fld, "")
        args.mapping_out.write_text(spec.to_json() + "\n", encoding="utf-8")
        print(f"Mappingen er skrevet til {args.mapping_out}: gennemse omregninger og standardværdier, og importér "
              f"med --mapping {args.mapping_out}")
    if plan.problems:
        print(f"{plural(len(plan.problems), 'problem', 'problemer')}; intet er importeret:", file=sys.stderr)
        for group in problem_groups(plan.problems):
            print(f"  {group}", file=sys.stderr)
        for p in plan.problems[:args.show]:
            print(f"  {p}", file=sys.stderr)
        if len(plan.problems) > args.show:
            print(f"  ... og {len(plan.problems) - args.show} flere", file=sys.stderr)
        return 1
    print(f"{plural(len(plan.changes), 'ændring', 'ændringer')} på "
          f"{plural(plan.lines_changed, 'risikolinje', 'risikolinjer')}, "
          f"{plural(plan.lines_added, 'ny risikolinje', 'nye risikolinjer')}, "
          f"{plural(len(plan.new_systems), 'nyt system', 'nye systemer')}.")
    for s in plan.new_systems:
        print(f"  nyt system (række {s.row}): {s.name} · {s.department}")
    for c in plan.changes[:args.show]:
        print(f"  række {c.row} · {c.system} · {c.threat} · {c.describe()}")
    if len(plan.changes) > args.show:
        print(f"  ... og {len(plan.changes) - args.show} flere")
    if plan.empty:
        print("Filen ændrer intet.")
        return 0
    if args.dry_run:
        print("--dry-run: intet er gemt.")
        return 0
    result = apply_import(wb, CLI_ACTOR, plan)
    print(f"Importeret: {plural(result.changes, 'ændring', 'ændringer')} på "
          f"{plural(result.lines_changed, 'risikolinje', 'risikolinjer')}, "
          f"{plural(result.lines_added, 'ny risikolinje', 'nye risikolinjer')}, "
          f"{plural(result.systems_created, 'nyt system', 'nye systemer')} ({result.seconds:.1f} s).")
    if plan.kind == KIND_PLAIN and plan.mapping:  # offered again for the next file with these headers, as the page does
        spec = MappingSpec(columns=plan.mapping, conversions=dict(plan.spec.conversions),
                           defaults=dict(plan.spec.defaults), consequence_to=plan.spec.consequence_to,
                           headers=plan.spec.headers)
        if saved is None or saved[0].strip() != spec.to_json().strip():
            try:
                wb.settings.save_import_mapping(CLI_ACTOR, plan.spec.headers, spec.to_json(), saved[1] if saved else 0)
                print("Mappingen er gemt for filer med de samme overskrifter.")
            except WorkbenchError as err:
                print(f"Bemærk: mappingen blev ikke gemt ({err}).")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db_path = args.db or default_db_path()
    if args.command == "doctor":  # opens the database read-only, never migrates it
        return _doctor(args, db_path)
    if args.command == "audit":  # read-only: verifying never changes the file
        return _audit(db_path)
    if args.command in ("backup", "restore"):  # never opens the file for writing: the app may hold it
        from riskmodel.store.backup_cli import run_cli

        return run_cli(args, db_path)
    from riskmodel.services import open_workbench

    try:
        wb = open_workbench(db_path)
    except DatabaseInUse as err:
        print(f"Fejl: databasen {db_path} kan ikke åbnes. Er den i brug af en anden proces, fx den kørende app? ({err})",
              file=sys.stderr)
        return 2
    except WorkbenchError as err:  # e.g. the audit key is missing (required with sign-in)
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    try:
        if args.command == "init":
            print(f"Database {db_path} er klar (skemaversion {wb.db.schema_version()}).")
        elif args.command == "demo":
            from riskmodel.services.demo import build_demo

            if args.if_empty and not wb.is_empty():
                print(f"{db_path} har allerede data; demodata er ikke indlæst.")
                return 0
            started = time.perf_counter()
            result = build_demo(wb, LOCAL_ACTOR, systems=args.systems, seed=args.seed)
            print(f"Demodata indlæst i {db_path}: {result.systems} systemer, {result.lines} risikolinjer "
                  f"({time.perf_counter() - started:.1f} s).")
        elif args.command == "users":
            return _users(wb, args)
        elif args.command == "import":
            return _import(wb, args)
        elif args.command == "export":
            from riskmodel.reports.export import export_workbook

            args.out.parent.mkdir(parents=True, exist_ok=True)
            rows = export_workbook(wb, LOCAL_ACTOR, args.out, year=args.year)  # written to a temp file, then renamed
            print(f"Skrev {args.out} ({rows} risikolinjer).")
        elif args.command == "report":
            return _report(wb, args)
    except WorkbenchError as err:
        print(f"Fejl: {err}", file=sys.stderr)
        return 2
    finally:
        wb.db.close()
    return 0


def _report(wb, args) -> int:
    from riskmodel.reports.system_report import export_system_report

    matches = [sid for sid, name, _ in wb.systems.names(CLI_ACTOR, include_retired=True)
               if str(sid) == args.system.strip() or name.casefold() == args.system.strip().casefold()]
    if len(matches) != 1:
        what = "findes ikke" if not matches else f"er tvetydigt ({len(matches)} systemer hedder sådan; brug id)"
        print(f"Fejl: systemet '{args.system}' {what}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = export_system_report(wb, CLI_ACTOR, matches[0], args.out)
    print(f"Skrev {args.out} ({rows} risikolinjer).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
