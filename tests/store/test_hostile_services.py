"""Hostile input through every public write method of every service (issue 8, point 4).

Each case calls one write method with one hostile value: out-of-range and wrong-typed scores, wrong types
where text or a flag belongs, over-long text, control characters, impossible dates, unknown ids, bad and
stale versions, a role that may not. Every case must raise a ``WorkbenchError`` subclass (never a raw
TypeError, KeyError or DuckDB error) whose Danish message names the field or the problem, and leave the
database exactly as it was: every table including the audit trail, except the one audit row a refused
*access* writes by design (``audit_denials``).

Text that is legitimately text (SQL-like, HTML/script, formula-looking, Danish letters, emoji) is not
refused: it is stored literally and read back identical, so nothing is ever interpreted.

The list of write methods is checked against the services by introspection: a new public method that is
neither a known read nor covered here fails :func:`test_every_public_method_is_classified`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from helpers import USER_TABLES, copy_db, data_digest, table_digest

from riskmodel.domain.dates import dk_today
from riskmodel.domain.errors import NotFoundError, PermissionDenied, StaleVersionError, ValidationError, WorkbenchError
from riskmodel.domain.model import LOCAL_ACTOR, ActivityInput, Actor, SystemInput, ThreatInput
from riskmodel.services import Workbench, open_workbench
from riskmodel.services.dispensations import DispensationInput

pytestmark = pytest.mark.slow  # not in `make test-fast`: every write method with every hostile value, the whole database compared

SERVICES = ("systems", "catalogue", "assessments", "signoff", "workshops", "activities", "review", "treatment",
            "dispensations", "baselines", "settings", "users")

# Public methods that only read (or are called by the app itself, not with user input).
READS = {
    "systems": {"get", "departments", "names", "search"},
    "catalogue": {"ensure_seeded", "list", "categories", "get", "diff"},
    "assessments": {"preset_of", "floor_of", "current_for_activity", "ds_floor", "current", "get", "lines", "line",
                    "summary", "previous", "floor", "matrix_counts", "ranked_catalogue",
                    "ranked_catalogue_for_activity"},
    "signoff": {"open_items", "approvals", "state"},
    "workshops": {"open_for", "open_workshops", "live", "pulse", "participant_view", "participants", "votes",
                  "decisions", "room_pulse", "projector"},
    "activities": {"get", "list", "dpia_missing", "for_system", "screening"},
    "review": {"changes", "systems", "due", "checklist", "open_high_risks"},
    "treatment": {"plan"},
    "dispensations": {"get", "list"},
    "baselines": {"list", "lines", "systems", "compare", "trend"},
    "settings": {"get", "language", "preset", "municipality", "scored_sizes", "can_choose", "preview_preset", "import_mapping"},
    "users": {"get", "list", "count", "by_email", "display_names"},
}

REVISOR = Actor(username="rita", display_name="Rita Revisor", role="revisor")
CHAIR = Actor(username="frida", display_name="Frida Formand", role="udvalgsformand")
LEDER = Actor(username="leo", display_name="Leo Leder", role="leder", departments=("Borgerservice",))

# -- hostile values -------------------------------------------------------------------------------------
LONG = "æ" * 100_000
# text -> (message part): refused wherever text goes
BAD_TEXT = {
    "meget lang": (LONG, "for lang"),
    "nul-tegn": ("abc\x00def", "kontroltegn"),
    "escape-tegn": ("rød\x1b[31m", "kontroltegn"),
    "liste": (["a", "b"], "tekst"),
    "ordbog": ({"a": 1}, "tekst"),
    "bytes": (b"abc", "tekst"),
}
# Literal text that must be stored as it is (the point is that nothing interprets it).
LITERAL_TEXT = [
    "'; DROP TABLE systems; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '=HYPERLINK("http://x","y")',
    "+1+1",
    "@SUM(A1)",
    "-2+3",
    "Ærø, Øster Åby — æøå ÆØÅ 😀👍",
]
BAD_SCORES = {
    "0": (0, "uden for skalaen"),
    "5 på 4 trin": (5, "uden for skalaen"),
    "-1": (-1, "uden for skalaen"),
    "10**9": (10**9, "uden for skalaen"),
    "2.5": (2.5, "helt tal"),
    "True": (True, "ikke et tal"),
    "tekst": ("tre", "ikke et tal"),
    "liste": ([3], "ikke et tal"),
    "ordbog": ({"v": 3}, "ikke et tal"),
    "bytes": (b"3", "ikke et tal"),
    "nan": (float("nan"), "helt tal"),
}
BAD_DATES = {
    "31-02-2026": ("31-02-2026", "ikke en dato"),
    "2026-13-01": ("2026-13-01", "ikke en dato"),
    "tekst": ("i morgen", "ikke en dato"),
    "tal": (20260101, "ikke en dato"),
    "liste": ([2026, 1, 1], "ikke en dato"),
    "bytes": (b"2026-01-01", "ikke en dato"),
}
BAD_VERSIONS = {"0": 0, "-1": -1, "True": True, "None": None, "tekst": "1", "float": 1.5, "liste": [1]}
BAD_IDS = {"-1": -1, "0": 0, "stor": 10**9, "enorm": 2**63 - 1}
BAD_FLAGS = {"tekst 'nej'": "nej", "tekst 'ja'": "ja", "liste": [True], "bytes": b"\x00"}


@dataclass
class World:
    """One of everything, in a state where each write method can be called."""

    wb: Workbench
    system: int
    assessment: int
    line: int
    threat: int
    activity: int
    workshop: int
    code: str
    token: str
    participant: int  # joined the workshop with the code (not yet admitted)
    manual: int  # added by hand to the assessment
    dispensation: int  # requested, undecided
    approved: int  # an approved dispensation (can be renewed)
    # The fast digest and denial count after the last checked case: the next case's "before" (a case that
    # changed nothing left them as they were). Reset to None by anything else that writes.
    seen: tuple[dict, int] | None = None
    # Tables a refused call may write by design (a wrong join code is logged for the throttle and audited).
    may_log: frozenset[str] = frozenset()

    def v(self, what: str) -> int:
        """The current version of one of the world's rows."""
        table, key = {
            "system": ("systems", self.system), "assessment": ("assessments", self.assessment),
            "line": ("risk_lines", self.line), "threat": ("threats", self.threat),
            "activity": ("activities", self.activity), "workshop": ("workshops", self.workshop),
            "manual": ("participants", self.manual), "dispensation": ("dispensations", self.dispensation),
            "approved": ("dispensations", self.approved),
        }[what]
        with self.wb.db.read() as cur:
            return cur.execute(f"SELECT version FROM {table} WHERE id = ?", [key]).fetchone()[0]

    def setting_version(self, key: str) -> int:
        return self.wb.settings.get(LOCAL_ACTOR, key)[1]


def _build_world(wb: Workbench) -> dict:
    """One of everything (the ids of :class:`World`), written through the services."""
    a = LOCAL_ACTOR
    sid = wb.systems.create(a, _system(name="Hostilt ESDH", supplier="Leverandør A/S", description="Et system til test",
                                       classification="intern", data_categories=["almindelige"], subjects_band="1-100",
                                       criticality="middel", hosting="leverandør"))
    aid = wb.assessments.start(a, sid)
    line = wb.assessments.lines(a, aid)[0]
    tid = wb.catalogue.create(a, ThreatInput(category="Egne", title="Testtrussel"))
    act = wb.activities.create(a, ActivityInput(name="Sagsbehandling", department="Borgerservice",
                                                purpose="Behandling af ansøgninger", responsible="Anne Andersen",
                                                legal_bases=["art6_1_e"], data_categories=["almindelige"],
                                                subject_categories=["borgere"]), [sid])
    wid = wb.workshops.open(a, aid, require_admission=True)
    code = wb.workshops.open_for(a, aid)["code"]
    pid, token = wb.workshops.join(code, "Bo Borger", "fagperson")
    manual = wb.workshops.add_participant(a, aid, "Åse Ørsted", "it")
    wb.users.add(a, "anne", "Anne Andersen", "leder", departments=["Borgerservice"], password="en-lang-adgangskode")
    disp = wb.dispensations.request(a, _disp(sid))
    approved = wb.dispensations.request(a, _disp(sid))
    wb.dispensations.decide(CHAIR, approved, 1, True)
    return dict(system=sid, assessment=aid, line=line.id, threat=tid, activity=act, workshop=wid, code=code, token=token,
                participant=pid, manual=manual, dispensation=disp, approved=approved)


@pytest.fixture(scope="session")
def _world_template(tmp_path_factory, open_copy) -> tuple[Path, dict]:
    """The world built once per session (~0.25 s of CPU); each test opens a copy of the file (~0.05 s)."""
    path = tmp_path_factory.mktemp("hostile-world") / "risk.duckdb"
    wb = open_copy(path)
    try:
        ids = _build_world(wb)
    finally:
        wb.db.close()
    return path, ids


@pytest.fixture
def world(_world_template, db_path) -> Iterator[World]:
    template, ids = _world_template
    copy_db(template, db_path)  # with its audit anchor
    wb = open_workbench(db_path)
    yield World(wb, **ids)
    wb.db.close()


def _disp(system_id: int, **kw) -> DispensationInput:
    fields = dict(system_id=system_id, requested_by="Anne Andersen", requirement_kind="annex_a",
                  requirement="A.9.4.1", justification="Systemet understøtter ikke to-faktor",
                  alternative_measures="Adgang kun fra rådhusets net", expires_on=dk_today() + timedelta(days=90))
    fields.update(kw)
    return DispensationInput(**fields)


def _system(**kw) -> SystemInput:
    fields = dict(name="Nyt system", department="Borgerservice", owner="Anne Andersen")
    fields.update(kw)
    return SystemInput(**fields)


def _activity(**kw) -> ActivityInput:
    fields = dict(name="Ny aktivitet", department="Borgerservice", purpose="Formål", responsible="Anne Andersen",
                  legal_bases=["art6_1_e"], data_categories=["almindelige"], subject_categories=["borgere"])
    fields.update(kw)
    return ActivityInput(**fields)


def _threat(**kw) -> ThreatInput:
    fields = dict(category="Egne", title="En trussel")
    fields.update(kw)
    return ThreatInput(**fields)


# -- the cases, per write method ---------------------------------------------------------------------------
# Each builder takes the world and yields (label, call, expected error class, part of the message).
Case = tuple[str, Callable[[], object], type[WorkbenchError], str]


def _texts(label: str, call: Callable[[object], object], field: str):
    """A case per refused text value; ``field`` must appear in the message."""
    for name, (value, part) in BAD_TEXT.items():
        yield f"{label}={name}", (lambda v=value: call(v)), ValidationError, (field, part)


def _versions(label: str, call: Callable[[object], object], stale: int = 999):
    for name, value in BAD_VERSIONS.items():
        yield f"{label}={name}", (lambda v=value: call(v)), ValidationError, ("version",)
    yield f"{label}=forældet", (lambda: call(stale)), StaleVersionError, ("ændret",)


def _ids(label: str, call: Callable[[object], object]):
    for name, value in BAD_IDS.items():
        yield f"{label}={name}", (lambda v=value: call(v)), NotFoundError, ("findes ikke",)


def _denied(call: Callable[[Actor], object], actor: Actor = REVISOR):
    yield "adgang nægtet", (lambda: call(actor)), PermissionDenied, ("adgang",)


def _scores(label: str, call: Callable[[object], object], field: str):
    for name, (value, part) in BAD_SCORES.items():
        yield f"{label}={name}", (lambda v=value: call(v)), ValidationError, (field, part)


def _dates(label: str, call: Callable[[object], object], field: str):
    for name, (value, part) in BAD_DATES.items():
        yield f"{label}={name}", (lambda v=value: call(v)), ValidationError, (field, part)


def _flags(label: str, call: Callable[[object], object], field: str):
    for name, value in BAD_FLAGS.items():
        yield f"{label}={name}", (lambda v=value: call(v)), ValidationError, (field,)


def systems_create(w: World):
    s, a = w.wb.systems, LOCAL_ACTOR
    yield from _texts("name", lambda v: s.create(a, _system(name=v)), "Systemets navn")
    yield from _texts("department", lambda v: s.create(a, _system(department=v)), "Afdeling")
    yield from _texts("description", lambda v: s.create(a, _system(description=v)), "Beskrivelse")
    yield "name tomt", lambda: s.create(a, _system(name="   ")), ValidationError, ("Systemets navn", "udfyldes")
    yield "name None", lambda: s.create(a, _system(name=None)), ValidationError, ("Systemets navn", "udfyldes")
    for value in ("hemmelig", ["intern"], None, 1):
        yield f"classification={value!r}", lambda v=value: s.create(a, _system(classification=v)), ValidationError, \
            ("Klassifikation",)
    for value in (["månen"], ["ingen", "cpr"], [], "cpr", [["cpr"]]):
        yield f"data_categories={value!r}", lambda v=value: s.create(a, _system(data_categories=v)), ValidationError, \
            ("Personoplysninger",)
    yield "subjects_band", lambda: s.create(a, _system(subjects_band="mange")), ValidationError, ("Antal registrerede",)
    yield "criticality", lambda: s.create(a, _system(criticality=5)), ValidationError, ("Kritikalitet",)
    yield "hosting", lambda: s.create(a, _system(hosting="<script>")), ValidationError, ("Drift",)
    yield from _dates("dpa_date", lambda v: s.create(a, _system(dpa=True, dpa_date=v)), "databehandleraftale")
    yield from _flags("dpa", lambda v: s.create(a, _system(dpa=v)), "databehandleraftale")
    yield from _denied(lambda who: s.create(who, _system()))


def systems_update(w: World):
    s, a = w.wb.systems, LOCAL_ACTOR
    yield from _texts("name", lambda v: s.update(a, w.system, w.v("system"), _system(name=v)), "Systemets navn")
    yield from _texts("owner", lambda v: s.update(a, w.system, w.v("system"), _system(owner=v)), "Systemejer")
    yield from _versions("version", lambda v: s.update(a, w.system, v, _system(name="Andet navn")))
    yield from _ids("system_id", lambda i: s.update(a, i, 1, _system()))
    yield from _denied(lambda who: s.update(who, w.system, w.v("system"), _system(name="Andet")))


def systems_set_status(w: World):
    s, a = w.wb.systems, LOCAL_ACTOR
    for value in ("slettet", None, ["udfaset"], 1):
        yield f"status={value!r}", lambda v=value: s.set_status(a, w.system, w.v("system"), v), ValidationError, \
            ("Status",)
    yield from _versions("version", lambda v: s.set_status(a, w.system, v, "udfaset"))
    yield from _ids("system_id", lambda i: s.set_status(a, i, 1, "udfaset"))
    yield from _denied(lambda who: s.set_status(who, w.system, w.v("system"), "udfaset"))


def catalogue_create(w: World):
    c, a = w.wb.catalogue, LOCAL_ACTOR
    yield from _texts("title", lambda v: c.create(a, _threat(title=v)), "Trusselens titel")
    yield from _texts("category", lambda v: c.create(a, _threat(category=v)), "Kategori")
    yield "ingen F/I/T", lambda: c.create(a, _threat(harms_c=False, harms_i=False, harms_a=False)), ValidationError, \
        ("fortrolighed",)
    yield from _flags("harms_c", lambda v: c.create(a, _threat(harms_c=v)), "fortrolighed")
    yield "tags", lambda: c.create(a, _threat(tags=["månen"])), ValidationError, ("profilmærker",)
    yield "tags tekst", lambda: c.create(a, _threat(tags="all")), ValidationError, ("profilmærker",)
    yield "controls", lambda: c.create(a, _threat(controls=["A.99"])), ValidationError, ("Annex A",)
    yield "controls ordbog", lambda: c.create(a, _threat(controls=[{"id": "A.9.2.3"}])), ValidationError, ("Annex A",)
    yield from _denied(lambda who: c.create(who, _threat()))


def catalogue_update(w: World):
    c, a = w.wb.catalogue, LOCAL_ACTOR
    yield from _texts("description", lambda v: c.update(a, w.threat, w.v("threat"), _threat(description=v)),
                      "Beskrivelse")
    yield from _versions("version", lambda v: c.update(a, w.threat, v, _threat(title="Nyt")))
    yield from _ids("threat_id", lambda i: c.update(a, i, 1, _threat()))
    yield from _denied(lambda who: c.update(who, w.threat, w.v("threat"), _threat(title="Nyt")))


def catalogue_set_hidden(w: World):
    c, a = w.wb.catalogue, LOCAL_ACTOR
    yield from _flags("hidden", lambda v: c.set_hidden(a, w.threat, w.v("threat"), v), "skjult")
    yield from _versions("version", lambda v: c.set_hidden(a, w.threat, v, True))
    yield from _ids("threat_id", lambda i: c.set_hidden(a, i, 1, True))
    yield from _denied(lambda who: c.set_hidden(who, w.threat, w.v("threat"), True))


def catalogue_import_threats(w: World):
    c, a = w.wb.catalogue, LOCAL_ACTOR
    good = {"code": "NY-01", "category": "Egne", "title": "Ny", "harms_c": True, "harms_i": True, "harms_a": True}
    yield "code med SQL", lambda: c.import_threats(a, [{**good, "code": "'; DROP TABLE threats; --"}]), \
        ValidationError, ("Trussel nr. 1", "Kode")
    yield "code tom", lambda: c.import_threats(a, [{**good, "code": ""}]), ValidationError, ("Kode", "udfyldes")
    yield "title lang", lambda: c.import_threats(a, [good, {**good, "code": "NY-02", "title": LONG}]), \
        ValidationError, ("Trussel nr. 2", "for lang")
    yield "tags", lambda: c.import_threats(a, [{**good, "tags": ["månen"]}]), ValidationError, ("profilmærker",)
    yield "dublet", lambda: c.import_threats(a, [good, good]), ValidationError, ("flere gange",)
    yield "trussel er tekst", lambda: c.import_threats(a, [good, "CYB-01"]), ValidationError, ("Trussel nr. 2",)
    yield "trussel er None", lambda: c.import_threats(a, [None]), ValidationError, ("Trussel nr. 1",)
    yield "ikke en liste", lambda: c.import_threats(a, None), ValidationError, ("trusler",)
    yield "ordbog", lambda: c.import_threats(a, {"code": "X"}), ValidationError, ("trusler",)
    yield from _denied(lambda who: c.import_threats(who, [good]))


def assessments_start(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _ids("system_id", lambda i: s.start(a, i))
    for value in (-1, 0, 1, 10**9, 2.5, "2026", True, [2026]):
        yield f"year={value!r}", lambda v=value: s.start(a, w.system, v), ValidationError, ("År",)
    yield from _denied(lambda who: s.start(who, w.system))


def assessments_start_activity(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _ids("activity_id", lambda i: s.start_activity(a, i))
    for value in (-5, 10**9, "i år", 2026.5):
        yield f"year={value!r}", lambda v=value: s.start_activity(a, w.activity, v), ValidationError, ("År",)
    yield from _denied(lambda who: s.start_activity(who, w.activity))


def assessments_add_threat(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _ids("assessment_id", lambda i: s.add_threat(a, i, w.threat))
    yield from _ids("threat_id", lambda i: s.add_threat(a, w.assessment, i))
    yield from _denied(lambda who: s.add_threat(who, w.assessment, w.threat))


def assessments_add_custom(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _texts("title", lambda v: s.add_custom(a, w.assessment, _threat(title=v)), "Trusselens titel")
    yield from _ids("assessment_id", lambda i: s.add_custom(a, i, _threat()))
    yield from _denied(lambda who: s.add_custom(who, w.assessment, _threat()))


def assessments_remove_line(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _versions("version", lambda v: s.remove_line(a, w.line, v))
    yield from _ids("line_id", lambda i: s.remove_line(a, i, 1))
    yield from _denied(lambda who: s.remove_line(who, w.line, w.v("line")))


def assessments_update_line(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    for fld, label in (("likelihood", "Sandsynlighed"), ("cons_c", "fortrolighed"),
                       ("residual_consequence", "Restrisiko")):
        yield from _scores(fld, lambda v, f=fld: s.update_line(a, w.line, w.v("line"), {f: v}), label)
    for fld, label in (("scenario", "Scenarie"), ("risk_owner", "Risikoejer")):
        yield from _texts(fld, lambda v, f=fld: s.update_line(a, w.line, w.v("line"), {f: v}), label)
    yield from _dates("measure_deadline", lambda v: s.update_line(a, w.line, w.v("line"), {"measure_deadline": v}),
                      "Frist")
    for value in ("ignorér", ["reducer"], 1):
        yield f"treatment={value!r}", lambda v=value: s.update_line(a, w.line, w.v("line"), {"treatment": v}), \
            ValidationError, ("Behandling",)
    yield "ukendt felt", lambda: s.update_line(a, w.line, w.v("line"), {"accepted_by": "x"}), ValidationError, \
        ("accepted_by",)
    yield "felt med SQL", lambda: s.update_line(a, w.line, w.v("line"), {"likelihood = 1; --": 1}), \
        ValidationError, ("kan ikke ændres",)
    yield "ingen ændringer", lambda: s.update_line(a, w.line, w.v("line"), {}), ValidationError, ("Ingen ændringer",)
    yield "én god, én dårlig", lambda: s.update_line(a, w.line, w.v("line"), {"likelihood": 2, "cons_c": 9}), \
        ValidationError, ("fortrolighed",)
    yield "changes ikke en ordbog", lambda: s.update_line(a, w.line, w.v("line"), [("likelihood", 2)]), \
        ValidationError, ("ændringer",)
    yield from _versions("version", lambda v: s.update_line(a, w.line, v, {"likelihood": 2}))
    yield from _ids("line_id", lambda i: s.update_line(a, i, 1, {"likelihood": 2}))
    yield from _denied(lambda who: s.update_line(who, w.line, w.v("line"), {"likelihood": 2}))


def assessments_save_fields(w: World):
    """Field-level saves (issue 14): the same refusals as update_line, and a save must say what the user saw."""
    s, a = w.wb.assessments, LOCAL_ACTOR

    def save(changes):
        return s.save_fields(a, w.line, changes, dict.fromkeys(changes) if isinstance(changes, dict) else {})

    for fld, label in (("likelihood", "Sandsynlighed"), ("cons_c", "fortrolighed")):
        yield from _scores(fld, lambda v, f=fld: save({f: v}), label)
    yield from _texts("scenario", lambda v: save({"scenario": v}), "Scenarie")
    yield from _dates("measure_deadline", lambda v: save({"measure_deadline": v}), "Frist")
    yield "ukendt felt", lambda: save({"accepted_by": "x"}), ValidationError, ("accepted_by",)
    yield "felt med SQL", lambda: save({"likelihood = 1; --": 1}), ValidationError, ("kan ikke ændres",)
    yield "ingen ændringer", lambda: save({}), ValidationError, ("Ingen ændringer",)
    yield "changes ikke en ordbog", lambda: save([("likelihood", 2)]), ValidationError, ("ændringer",)
    yield "uden det sete", lambda: s.save_fields(a, w.line, {"likelihood": 2}, {}), ValidationError, \
        ("Sandsynlighed", "så før")
    yield "seen ikke en ordbog", lambda: s.save_fields(a, w.line, {"likelihood": 2}, None), ValidationError, \
        ("ændringer",)
    yield from _ids("line_id", lambda i: s.save_fields(a, i, {"likelihood": 2}, {"likelihood": None}))
    yield from _denied(lambda who: s.save_fields(who, w.line, {"likelihood": 2}, {"likelihood": None}))


def assessments_accept_risk(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    today = dk_today()
    yield from _texts("accepted_by", lambda v: s.accept_risk(a, w.line, w.v("line"), v, today, "Udvalg 1"),
                      "Accepteret af")
    yield from _texts("reference", lambda v: s.accept_risk(a, w.line, w.v("line"), "Anne", today, v), "Henvisning")
    yield from _dates("accepted_on", lambda v: s.accept_risk(a, w.line, w.v("line"), "Anne", v, "Udvalg 1"),
                      "Dato for accept")
    yield from _dates("expires", lambda v: s.accept_risk(a, w.line, w.v("line"), "Anne", today, "Udvalg 1", v),
                      "udløber")
    yield "accepted_on i fremtiden", lambda: s.accept_risk(a, w.line, w.v("line"), "Anne",
                                                             today + timedelta(days=1), "U"), \
        ValidationError, ("fremtiden",)
    yield "udløber før accept", lambda: s.accept_risk(a, w.line, w.v("line"), "Anne", today, "U",
                                                      today - timedelta(days=1)), ValidationError, ("udløbe",)
    yield from _versions("version", lambda v: s.accept_risk(a, w.line, v, "Anne", today, "Udvalg 1"))
    yield from _ids("line_id", lambda i: s.accept_risk(a, i, 1, "Anne", today, "Udvalg 1"))
    yield from _denied(lambda who: s.accept_risk(who, w.line, w.v("line"), "Anne", today, "Udvalg 1"))


def assessments_clear_acceptance(w: World):
    s, a = w.wb.assessments, LOCAL_ACTOR
    yield from _versions("version", lambda v: s.clear_acceptance(a, w.line, v))
    yield from _ids("line_id", lambda i: s.clear_acceptance(a, i, 1))
    yield from _denied(lambda who: s.clear_acceptance(who, w.line, w.v("line")))


def signoff_submit(w: World):
    s, a = w.wb.signoff, LOCAL_ACTOR
    yield "åbne punkter", lambda: s.submit(a, w.assessment, w.v("assessment")), ValidationError, ("ikke scoret",)
    yield from _versions("version", lambda v: s.submit(a, w.assessment, v))
    yield from _ids("assessment_id", lambda i: s.submit(a, i, 1))
    yield from _denied(lambda who: s.submit(who, w.assessment, w.v("assessment")))


def signoff_return_to_draft(w: World):
    s, a = w.wb.signoff, LOCAL_ACTOR
    yield from _texts("comment", lambda v: s.return_to_draft(a, w.assessment, w.v("assessment"), v), "Begrundelse")
    yield "kladde", lambda: s.return_to_draft(a, w.assessment, w.v("assessment"), "fordi"), ValidationError, \
        ("Kun en vurdering til godkendelse",)
    yield from _versions("version", lambda v: s.return_to_draft(a, w.assessment, v, "fordi"))
    yield from _ids("assessment_id", lambda i: s.return_to_draft(a, i, 1, "fordi"))
    yield from _denied(lambda who: s.return_to_draft(who, w.assessment, w.v("assessment"), "fordi"))


def signoff_approve(w: World):
    s, a = w.wb.signoff, LOCAL_ACTOR
    yield from _texts("comment", lambda v: s.approve(a, w.assessment, w.v("assessment"), v, "Anne"), "Bemærkning")
    yield from _texts("on_behalf_of", lambda v: s.approve(a, w.assessment, w.v("assessment"), "", v),
                      "på vegne af")
    yield "koordinator uden vegne", lambda: s.approve(a, w.assessment, w.v("assessment")), ValidationError, \
        ("på vegne af",)
    yield "kladde", lambda: s.approve(a, w.assessment, w.v("assessment"), "", "Anne"), ValidationError, \
        ("sendt til godkendelse",)
    yield from _versions("version", lambda v: s.approve(a, w.assessment, v, "", "Anne"))
    yield from _ids("assessment_id", lambda i: s.approve(a, i, 1, "", "Anne"))
    yield from _denied(lambda who: s.approve(who, w.assessment, w.v("assessment")))


def workshops_open(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    yield from _ids("assessment_id", lambda i: s.open(a, i))
    yield from _flags("require_admission", lambda v: s.open(a, w.assessment, v), "adgang")
    yield from _denied(lambda who: s.open(who, w.assessment))


def workshops_close(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    yield from _ids("workshop_id", lambda i: s.close(a, i))
    yield from _denied(lambda who: s.close(who, w.workshop))


def _facilitator_moves(name: str):
    def cases(w: World):
        s, a = w.wb.workshops, LOCAL_ACTOR
        call = getattr(s, name)
        yield from _ids("workshop_id", lambda i: call(a, i))
        for value in (0, -1, "1", [1], 999):
            yield f"expected_version={value!r}", lambda v=value: call(a, w.workshop, expected_version=v), \
                ValidationError, ("anden skærm",)
        yield from _denied(lambda who: call(who, w.workshop))
    return cases


def workshops_goto(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    yield from _ids("workshop_id", lambda i: s.goto(a, i, w.line))
    yield from _ids("line_id", lambda i: s.goto(a, w.workshop, i))
    for value in (0, -1, "1", [1]):
        yield f"expected_version={value!r}", lambda v=value: s.goto(a, w.workshop, w.line, v), ValidationError, \
            ("anden skærm",)
    yield "forældet", lambda: s.goto(a, w.workshop, w.line, 999), ValidationError, ("anden skærm",)
    yield from _denied(lambda who: s.goto(who, w.workshop, w.line))


def workshops_decide(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    good = {"likelihood": 2, "cons_c": 3}
    yield from _texts("rationale", lambda v: s.decide(a, w.workshop, w.v("line"), good, v), "Begrundelse")
    yield from _scores("likelihood", lambda v: s.decide(a, w.workshop, w.v("line"), {**good, "likelihood": v}, "ok"),
                       "Sandsynlighed")
    yield from _scores("cons_a", lambda v: s.decide(a, w.workshop, w.v("line"), {**good, "cons_a": v}, "ok"),
                       "tilgængelighed")
    yield "ingen sandsynlighed", lambda: s.decide(a, w.workshop, w.v("line"), {"cons_c": 2}, "ok"), \
        ValidationError, ("Sandsynlighed",)
    yield "ukendt felt", lambda: s.decide(a, w.workshop, w.v("line"), {**good, "treatment": "accepter"}, "ok"), \
        ValidationError, ("Ukendt felt",)
    yield "values ikke en ordbog", lambda: s.decide(a, w.workshop, w.v("line"), [2, 3], "ok"), ValidationError, \
        ("aftalte værdi",)
    yield from _versions("line_version", lambda v: s.decide(a, w.workshop, v, good, "ok"))
    yield from _ids("workshop_id", lambda i: s.decide(a, i, 1, good, "ok"))
    yield from _denied(lambda who: s.decide(who, w.workshop, w.v("line"), good, "ok"))


def _participant_moves(name: str):
    def cases(w: World):
        s, a = w.wb.workshops, LOCAL_ACTOR
        call = getattr(s, name)
        yield from _ids("workshop_id", lambda i: call(a, i, w.participant))
        for label, value in BAD_IDS.items():
            yield f"participant_id={label}", lambda v=value: call(a, w.workshop, v), NotFoundError, \
                ("Deltageren", "ikke med i workshoppen")
        yield from _denied(lambda who: call(who, w.workshop, w.participant))
    return cases


def workshops_join(w: World):
    s = w.wb.workshops
    yield from _texts("name", lambda v: s.join(w.code, v, "fagperson"), "Navn")
    yield "name tomt", lambda: s.join(w.code, " ", "fagperson"), ValidationError, ("Navn", "udfyldes")
    for value in ("facilitator", "direktør", None, ["it"]):
        yield f"role_title={value!r}", lambda v=value: s.join(w.code, "Bo", v), ValidationError, ("Rolle",)
    for n, value in enumerate(("", "XXXXXX", "'; DROP TABLE workshops; --", None, ["ABC"], 123456, "Æ" * 10_000)):
        # each from a client of its own: one client's sixth wrong code is throttled (test_workshop_room.py)
        yield f"code={str(value)[:20]!r}", lambda v=value, n=n: s.join(v, "Bo", "fagperson", client=f"10.9.9.{n}"), \
            ValidationError, ("Koden",)


def workshops_leave(w: World):
    s = w.wb.workshops
    yield "forkert token", lambda: s.leave(w.code, "gæt"), ValidationError, ("findes ikke",)
    yield "token None", lambda: s.leave(w.code, None), ValidationError, ("findes ikke",)
    yield "forkert kode", lambda: s.leave("XXXXXX", w.token), ValidationError, ("findes ikke",)


def workshops_save_draft(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    yield from _texts("rationale", lambda v: s.save_draft(a, w.workshop, v), "Begrundelse")
    yield from _ids("workshop_id", lambda i: s.save_draft(a, i, "x"))
    yield from _denied(lambda who: s.save_draft(who, w.workshop, "x"))


def workshops_set_agenda(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    for value in ([], None, "1,2", [True], ["1"], [999_999], [w.line, w.line]):
        yield f"agenda={str(value)[:20]!r}", lambda v=value: s.set_agenda(a, w.workshop, v), ValidationError, \
            ("Dagsorden",)
    yield from _ids("workshop_id", lambda i: s.set_agenda(a, i, [w.line]))
    yield "expected_version=999", lambda: s.set_agenda(a, w.workshop, [w.line], expected_version=999), \
        ValidationError, ("anden skærm",)
    yield from _denied(lambda who: s.set_agenda(who, w.workshop, [w.line]))


def workshops_move_on_agenda(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    for value in (None, "1", True, 1.5):
        yield f"position={value!r}", lambda v=value: s.move_on_agenda(a, w.workshop, w.line, v), ValidationError, \
            ("Pladsen",)
    for value in (999_999, True, None, "1"):
        yield f"line_id={value!r}", lambda v=value: s.move_on_agenda(a, w.workshop, v, 1), ValidationError, \
            ("dagsordenen",)
    yield from _ids("workshop_id", lambda i: s.move_on_agenda(a, i, w.line, 1))
    yield "expected_version=999", lambda: s.move_on_agenda(a, w.workshop, w.line, 1, expected_version=999), \
        ValidationError, ("anden skærm",)
    yield from _denied(lambda who: s.move_on_agenda(who, w.workshop, w.line, 1))


def workshops_vote(w: World):
    s = w.wb.workshops

    def vote(values, line=None, rnd=None, token=None, code=None):
        with w.wb.db.read() as cur:
            cur_line, cur_round = cur.execute("SELECT current_line_id, round FROM workshops WHERE id = ?",
                                              [w.workshop]).fetchone()
        return s.vote(code or w.code, token or w.token, line or cur_line, rnd or cur_round, values)

    yield "ikke lukket ind", lambda: vote({"likelihood": 2}), ValidationError, ("venter",)
    yield "forkert token", lambda: vote({"likelihood": 2}, token="gæt"), ValidationError, ("findes ikke",)
    yield "token None", lambda: vote({"likelihood": 2}, token=[None]), ValidationError, ("findes ikke",)
    yield "ukendt felt", lambda: vote({"likelihood = 1; --": 2}), ValidationError, ("Ukendt felt",)
    yield "values ikke en ordbog", lambda: vote([("likelihood", 2)]), ValidationError, ("stemme",)


def workshops_vote_admitted(w: World):
    """Scores in a vote, from an admitted participant (see the fixture tweak in the test)."""
    s = w.wb.workshops

    def vote(values, line=None, rnd=None):
        with w.wb.db.read() as cur:
            cur_line, cur_round = cur.execute("SELECT current_line_id, round FROM workshops WHERE id = ?",
                                              [w.workshop]).fetchone()
        return s.vote(w.code, w.token, cur_line if line is None else line, cur_round if rnd is None else rnd, values)

    yield from _scores("likelihood", lambda v: vote({"likelihood": v}), "Sandsynlighed")
    yield "ingen værdi", lambda: vote({}), ValidationError, ("mindst én",)
    yield "forkert linje", lambda: vote({"likelihood": 2}, line=-1), ValidationError, ("gået videre",)
    yield "forkert runde", lambda: vote({"likelihood": 2}, rnd=10**9), ValidationError, ("gået videre",)


def workshops_add_participant(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    yield from _texts("name", lambda v: s.add_participant(a, w.assessment, v, "it"), "Navn")
    yield "role_title", lambda: s.add_participant(a, w.assessment, "Bo", "chef"), ValidationError, ("Rolle",)
    yield from _dates("attended_on", lambda v: s.add_participant(a, w.assessment, "Bo", "it", v), "Dato")
    yield "i fremtiden", lambda: s.add_participant(a, w.assessment, "Bo", "it", dk_today() + timedelta(days=2)), \
        ValidationError, ("fremtiden",)
    yield from _ids("assessment_id", lambda i: s.add_participant(a, i, "Bo", "it"))
    yield from _denied(lambda who: s.add_participant(who, w.assessment, "Bo", "it"))


def workshops_remove_participant(w: World):
    s, a = w.wb.workshops, LOCAL_ACTOR
    for name, value in BAD_VERSIONS.items():
        yield f"version={name}", lambda v=value: s.remove_participant(a, w.manual, v), ValidationError, ("version",)
    yield "forældet", lambda: s.remove_participant(a, w.manual, 999), ValidationError, ("ændret af en anden",)
    yield from _ids("participant_id", lambda i: s.remove_participant(a, i, 1))
    yield from _denied(lambda who: s.remove_participant(who, w.manual, w.v("manual")))


def activities_create(w: World):
    s, a = w.wb.activities, LOCAL_ACTOR
    yield from _texts("name", lambda v: s.create(a, _activity(name=v)), "Behandlingsaktivitetens navn")
    yield from _texts("purpose", lambda v: s.create(a, _activity(purpose=v)), "Formål")
    yield "legal_bases", lambda: s.create(a, _activity(legal_bases=["fordi"])), ValidationError, ("Retsgrundlag",)
    yield "legal_bases tom", lambda: s.create(a, _activity(legal_bases=[])), ValidationError, ("Retsgrundlag",)
    yield "data_categories 'ingen'", lambda: s.create(a, _activity(data_categories=["ingen"])), ValidationError, \
        ("Kategorier af personoplysninger",)
    yield "subject_categories", lambda: s.create(a, _activity(subject_categories=[{"x": 1}])), ValidationError, \
        ("Kategorier af registrerede",)
    yield "subjects_band", lambda: s.create(a, _activity(subjects_band=100)), ValidationError, ("Antal registrerede",)
    for name, value in BAD_IDS.items():
        yield f"system_ids={name}", lambda v=value: s.create(a, _activity(), [v]), ValidationError, ("Systemet",)
    for value in (["abc"], [None], [2.5], [[1]], "12"):
        yield f"system_ids={value!r}", lambda v=value: s.create(a, _activity(), v), ValidationError, ("system",)
    yield from _denied(lambda who: s.create(who, _activity()))


def activities_update(w: World):
    s, a = w.wb.activities, LOCAL_ACTOR
    yield from _texts("responsible", lambda v: s.update(a, w.activity, w.v("activity"), _activity(responsible=v)),
                      "Ansvarlig leder")
    yield "system_ids", lambda: s.update(a, w.activity, w.v("activity"), _activity(), ["x"]), ValidationError, \
        ("system",)
    yield from _versions("version", lambda v: s.update(a, w.activity, v, _activity(name="Andet")))
    yield from _ids("activity_id", lambda i: s.update(a, i, 1, _activity()))
    yield from _denied(lambda who: s.update(who, w.activity, w.v("activity"), _activity()))


def activities_set_status(w: World):
    s, a = w.wb.activities, LOCAL_ACTOR
    for value in ("slettet", None, ["ophørt"]):
        yield f"status={value!r}", lambda v=value: s.set_status(a, w.activity, w.v("activity"), v), ValidationError, \
            ("Status",)
    yield from _versions("version", lambda v: s.set_status(a, w.activity, v, "ophørt"))
    yield from _ids("activity_id", lambda i: s.set_status(a, i, 1, "ophørt"))
    yield from _denied(lambda who: s.set_status(who, w.activity, w.v("activity"), "ophørt"))


def activities_answer(w: World):
    s, a = w.wb.activities, LOCAL_ACTOR
    crit = "scoring"
    yield from _texts("note", lambda v: s.answer(a, w.activity, w.v("activity"), crit, "ja", v), "Note")
    for value in ("'; DROP TABLE screening_answers; --", None, ["scoring"]):
        yield f"criterion={value!r}", lambda v=value: s.answer(a, w.activity, w.v("activity"), v, "ja"), \
            ValidationError, ("Kriterium",)
    for value in ("måske", 1, ["ja"]):
        yield f"answer={value!r}", lambda v=value: s.answer(a, w.activity, w.v("activity"), crit, v), \
            ValidationError, ("Svar",)
    yield from _versions("version", lambda v: s.answer(a, w.activity, v, crit, "ja"))
    yield from _ids("activity_id", lambda i: s.answer(a, i, 1, crit, "ja"))
    yield from _denied(lambda who: s.answer(who, w.activity, w.v("activity"), crit, "ja"))


def activities_record_dpia(w: World):
    s, a = w.wb.activities, LOCAL_ACTOR
    today = dk_today()
    yield from _texts("reference", lambda v: s.record_dpia(a, w.activity, w.v("activity"), True, today, v),
                      "Henvisning")
    yield from _dates("on", lambda v: s.record_dpia(a, w.activity, w.v("activity"), True, v, "ref"),
                      "konsekvensanalyse")
    yield from _flags("done", lambda v: s.record_dpia(a, w.activity, w.v("activity"), v, today, "ref"),
                      "konsekvensanalyse")
    yield "i fremtiden", lambda: s.record_dpia(a, w.activity, w.v("activity"), True, today + timedelta(days=1), "r"), \
        ValidationError, ("fremtiden",)
    yield "uden henvisning", lambda: s.record_dpia(a, w.activity, w.v("activity"), True, today, ""), \
        ValidationError, ("henvisning",)
    yield from _versions("version", lambda v: s.record_dpia(a, w.activity, v, True, today, "ref"))
    yield from _ids("activity_id", lambda i: s.record_dpia(a, i, 1, True, today, "ref"))
    yield from _denied(lambda who: s.record_dpia(who, w.activity, w.v("activity"), True, today, "ref"))


def review_set_interval(w: World):
    s, a = w.wb.review, LOCAL_ACTOR
    for value in (0, -1, 10**9, 2.5, "12", True, None, [12]):
        yield f"months={value!r}", lambda v=value: s.set_interval(a, w.system, w.v("system"), v), ValidationError, \
            ("Interval for gennemgang",)
    yield from _versions("version", lambda v: s.set_interval(a, w.system, v, 6))
    yield from _ids("system_id", lambda i: s.set_interval(a, i, 1, 6))
    yield from _denied(lambda who: s.set_interval(who, w.system, w.v("system"), 6))


def review_record_change(w: World):
    s, a = w.wb.review, LOCAL_ACTOR
    today = dk_today()
    yield from _texts("reason", lambda v: s.record_change(a, w.system, "ny_leverandoer", v, today), "Begrundelse")
    yield from _dates("changed_on", lambda v: s.record_change(a, w.system, "ny_leverandoer", "ny", v),
                      "Dato for ændringen")
    yield "i fremtiden", lambda: s.record_change(a, w.system, "ny_leverandoer", "ny", today + timedelta(days=1)), \
        ValidationError, ("fremtiden",)
    for value in ("flytning", None, ["ny_leverandoer"]):
        yield f"kind={value!r}", lambda v=value: s.record_change(a, w.system, v, "ny", today), ValidationError, \
            ("Type af ændring",)
    yield from _ids("system_id", lambda i: s.record_change(a, i, "ny_leverandoer", "ny", today))
    yield from _denied(lambda who: s.record_change(who, w.system, "ny_leverandoer", "ny", today))


def treatment_update_measure(w: World):
    s, a = w.wb.treatment, LOCAL_ACTOR
    yield from _texts("measure", lambda v: s.update_measure(a, w.line, w.v("line"), measure=v), "Foranstaltning")
    yield from _texts("owner", lambda v: s.update_measure(a, w.line, w.v("line"), owner=v), "Ansvarlig")
    yield from _dates("deadline", lambda v: s.update_measure(a, w.line, w.v("line"), deadline=v), "Frist")
    yield "status uden foranstaltning", lambda: s.update_measure(a, w.line, w.v("line"), status="i_gang"), \
        ValidationError, ("Beskriv foranstaltningen",)
    for value in ("færdig", ["i_gang"], 1):
        yield f"status={value!r}", lambda v=value: s.update_measure(a, w.line, w.v("line"), measure="MFA",
                                                                    status=v), ValidationError, ("Status",)
    for value in (["A.99"], ["'; DROP TABLE risk_lines; --"], "A.9.2.3"):
        yield f"controls={value!r}", lambda v=value: s.update_measure(a, w.line, w.v("line"), controls=v), \
            ValidationError, ("Annex A",)
    yield "ingen ændringer", lambda: s.update_measure(a, w.line, w.v("line")), ValidationError, ("Ingen ændringer",)
    yield from _versions("version", lambda v: s.update_measure(a, w.line, v, measure="MFA"))
    yield from _ids("line_id", lambda i: s.update_measure(a, i, 1, measure="MFA"))
    yield from _denied(lambda who: s.update_measure(who, w.line, w.v("line"), measure="MFA"))


def treatment_confirm_residual(w: World):
    s, a = w.wb.treatment, LOCAL_ACTOR
    yield from _scores("residual_likelihood", lambda v: s.confirm_residual(a, w.line, w.v("line"), v, 2),
                       "Restrisiko: sandsynlighed")
    yield from _scores("residual_consequence", lambda v: s.confirm_residual(a, w.line, w.v("line"), 2, v),
                       "Restrisiko: konsekvens")
    yield from _versions("version", lambda v: s.confirm_residual(a, w.line, v))
    yield from _ids("line_id", lambda i: s.confirm_residual(a, i, 1))
    yield from _denied(lambda who: s.confirm_residual(who, w.line, w.v("line")))


def dispensations_request(w: World):
    s, a = w.wb.dispensations, LOCAL_ACTOR
    yield from _texts("justification", lambda v: s.request(a, _disp(w.system, justification=v)), "Begrundelse")
    yield from _texts("requirement", lambda v: s.request(a, _disp(w.system, requirement_kind="haandbog",
                                                                   requirement=v)), "Kravet")
    yield "requirement ukendt kontrol", lambda: s.request(a, _disp(w.system, requirement="A.99.1")), \
        ValidationError, ("Annex A-kontrol",)
    yield "requirement_kind", lambda: s.request(a, _disp(w.system, requirement_kind="lov")), ValidationError, \
        ("Krav",)
    yield from _dates("expires_on", lambda v: s.request(a, _disp(w.system, expires_on=v)), "Udløbsdato")
    yield "udløb om 2 år", lambda: s.request(a, _disp(w.system, expires_on=dk_today() + timedelta(days=730))), \
        ValidationError, ("12 måneder",)
    yield "udløb i går", lambda: s.request(a, _disp(w.system, expires_on=dk_today() - timedelta(days=1))), \
        ValidationError, ("Udløbsdatoen",)
    yield "uden udløb", lambda: s.request(a, _disp(w.system, expires_on=None)), ValidationError, ("Udløbsdato",)
    for name, value in BAD_IDS.items():
        yield f"system_id={name}", lambda v=value: s.request(a, _disp(v)), NotFoundError, ("findes ikke",)
    yield "renews_id ukendt", lambda: s.request(a, _disp(w.system), renews_id=10**9), NotFoundError, \
        ("findes ikke",)
    yield from _denied(lambda who: s.request(who, _disp(w.system)))


def dispensations_update(w: World):
    s, a = w.wb.dispensations, LOCAL_ACTOR
    yield from _texts("alternative_measures",
                      lambda v: s.update(a, w.dispensation, w.v("dispensation"), _disp(w.system, alternative_measures=v)),
                      "Alternative")
    yield "afgjort", lambda: s.update(a, w.approved, w.v("approved"), _disp(w.system)), ValidationError, \
        ("ikke er afgjort",)
    yield from _versions("version", lambda v: s.update(a, w.dispensation, v, _disp(w.system, justification="Ny")))
    yield from _ids("dispensation_id", lambda i: s.update(a, i, 1, _disp(w.system)))
    yield "system_id ukendt", lambda: s.update(a, w.dispensation, w.v("dispensation"), _disp(10**9)), \
        NotFoundError, ("findes ikke",)
    yield from _denied(lambda who: s.update(who, w.dispensation, w.v("dispensation"), _disp(w.system)))


def dispensations_decide(w: World):
    s = w.wb.dispensations
    yield from _texts("note", lambda v: s.decide(CHAIR, w.dispensation, w.v("dispensation"), True, v),
                      "Bemærkning til afgørelsen")
    yield "afvist uden begrundelse", lambda: s.decide(CHAIR, w.dispensation, w.v("dispensation"), False), \
        ValidationError, ("Bemærkning til afgørelsen", "udfyldes")
    yield from _flags("approve", lambda v: s.decide(CHAIR, w.dispensation, w.v("dispensation"), v, "ok"),
                      "afgørelse")
    yield "allerede afgjort", lambda: s.decide(CHAIR, w.approved, w.v("approved"), True), ValidationError, \
        ("allerede",)
    yield from _versions("version", lambda v: s.decide(CHAIR, w.dispensation, v, True))
    yield from _ids("dispensation_id", lambda i: s.decide(CHAIR, i, 1, True))
    yield from _denied(lambda who: s.decide(who, w.dispensation, w.v("dispensation"), True), LOCAL_ACTOR)


def dispensations_renew(w: World):
    s, a = w.wb.dispensations, LOCAL_ACTOR
    later = dk_today() + timedelta(days=60)
    yield from _dates("expires_on", lambda v: s.renew(a, w.approved, v), "Udløbsdato")
    yield from _texts("justification", lambda v: s.renew(a, w.approved, later, v), "Begrundelse")
    yield "ikke godkendt", lambda: s.renew(a, w.dispensation, later), ValidationError, ("Kun en godkendt",)
    yield from _ids("dispensation_id", lambda i: s.renew(a, i, later))
    yield from _denied(lambda who: s.renew(who, w.approved, later))


def baselines_freeze(w: World):
    s, a = w.wb.baselines, LOCAL_ACTOR
    for value in (0, -1, 1999, 10**9, dk_today().year + 1, "2026", 2026.0, True, None, [2026]):
        yield f"year={value!r}", lambda v=value: s.freeze(a, v), ValidationError, ("År for baseline",)
    yield from _texts("note", lambda v: s.freeze(a, dk_today().year, v), "Bemærkning")
    yield from _denied(lambda who: s.freeze(who, dk_today().year))


def settings_set_preset(w: World):
    s, a = w.wb.settings, LOCAL_ACTOR
    for value in ("findes-ikke", "'; DROP TABLE settings; --", None, ["standard"], {"id": "standard"}, 5):
        yield f"preset={str(value)[:20]!r}", lambda v=value: s.set_preset(a, v, w.setting_version("preset")), \
            ValidationError, ("matrix",)
    for name, value in BAD_VERSIONS.items():
        if name != "0":  # version 0 is the never-saved default
            yield f"version={name}", lambda v=value: s.set_preset(a, "kl", v), ValidationError, ("version",)
    yield "forældet", lambda: s.set_preset(a, "kl", 999), StaleVersionError, ("Indstillingen",)
    yield from _denied(lambda who: s.set_preset(who, "kl", 0))


def settings_set_municipality(w: World):
    s, a = w.wb.settings, LOCAL_ACTOR
    yield from _texts("name", lambda v: s.set_municipality(a, v, 0), "Kommunens navn")
    yield "tomt", lambda: s.set_municipality(a, " ", 0), ValidationError, ("Kommunens navn", "udfyldes")
    yield "forældet", lambda: s.set_municipality(a, "Ærø Kommune", 999), StaleVersionError, ("Indstillingen",)
    yield from _denied(lambda who: s.set_municipality(who, "Ærø Kommune", 0))


def settings_save_import_mapping(w: World):
    s, a = w.wb.settings, LOCAL_ACTOR
    heads = ["System", "Trussel"]
    for value in (None, 42, ["x"], "x" * 200_001, "{nope", "[1, 2]", '{"columns": {"system": 1}}'):
        yield f"spec={str(value)[:20]!r}", lambda v=value: s.save_import_mapping(a, heads, v, 0), ValidationError, \
            ("Mappingen kan ikke gemmes",)
    yield "overskrifter", lambda: s.save_import_mapping(a, "System", "{}", 0), ValidationError, ("overskrifterne",)
    yield "forældet", lambda: s.save_import_mapping(a, heads, "{}", 999), StaleVersionError, ("Indstillingen",)
    yield from _denied(lambda who: s.save_import_mapping(who, heads, "{}", 0))


def settings_set_language(w: World):
    s, a = w.wb.settings, LOCAL_ACTOR
    for value in ("sv", "DA", None, ["da"], {"da": 1}):
        yield f"lang={value!r}", lambda v=value: s.set_language(a, v, 0), ValidationError, ("sprog",)
    yield "forældet", lambda: s.set_language(a, "en", 999), StaleVersionError, ("Indstillingen",)
    yield from _denied(lambda who: s.set_language(who, "en", 0))


def users_add(w: World):
    s, a = w.wb.users, LOCAL_ACTOR
    for value in ("'; DROP TABLE users; --", "<script>", "æ bc", "", None, ["bo"], "x" * 81):
        yield f"username={str(value)[:20]!r}", lambda v=value: s.add(a, v, "Bo", "leder"), ValidationError, \
            ("Brugernavn",)
    yield "username i brug", lambda: s.add(a, "ANNE", "Anne", "leder"), ValidationError, ("allerede i brug",)
    yield from _texts("display_name", lambda v: s.add(a, "bo", v, "leder"), "Navn")
    for value in ("admin", None, ["leder"], {"leder": 1}):
        yield f"role={value!r}", lambda v=value: s.add(a, "bo", "Bo", v), ValidationError, ("Rolle",)
    yield from _texts("email", lambda v: s.add(a, "bo", "Bo", "leder", email=v), "E-mail")
    for value in ("Borgerservice", None, [""], [["HR"]], {"HR": 1}):
        yield f"departments={value!r}", lambda v=value: s.add(a, "bo", "Bo", "leder", departments=v), \
            ValidationError, ("Afdeling",)
    for value in ("kort", " mellemrum-foran-og-bag ", ["en-lang-adgangskode"], 123456789012, b"en-lang-adgangskode"):
        yield f"password={value!r}", lambda v=value: s.add(a, "bo", "Bo", "leder", password=v), ValidationError, \
            ("Adgangskode",)
    yield from _denied(lambda who: s.add(who, "bo", "Bo", "leder"))


def users_set_role(w: World):
    s, a = w.wb.users, LOCAL_ACTOR
    for value in ("gud", None, ["koordinator"]):
        yield f"role={value!r}", lambda v=value: s.set_role(a, "anne", v), ValidationError, ("Rolle",)
    for value in ("HR", [""], [None], ["x" * 201]):
        yield f"departments={value!r}", lambda v=value: s.set_role(a, "anne", "leder", v), ValidationError, \
            ("Afdeling",)
    for value in ("findes-ikke", "'; DROP TABLE users; --"):
        yield f"username={value!r}", lambda v=value: s.set_role(a, v, "leder"), NotFoundError, ("findes ikke",)
    for value in (None, ["anne"], 42):
        yield f"username={value!r}", lambda v=value: s.set_role(a, v, "leder"), ValidationError, ("Brugernavn",)
    yield from _denied(lambda who: s.set_role(who, "anne", "koordinator"))


def users_unbind_sign_on(w: World):
    s, a = w.wb.users, LOCAL_ACTOR
    yield "findes ikke", lambda: s.unbind_sign_on(a, "findes-ikke"), NotFoundError, ("findes ikke",)
    for value in (None, ["anne"], 42):
        yield f"username={value!r}", lambda v=value: s.unbind_sign_on(a, v), ValidationError, ("Brugernavn",)
    yield from _denied(lambda who: s.unbind_sign_on(who, "anne"))


def users_set_disabled(w: World):
    s, a = w.wb.users, LOCAL_ACTOR
    yield from _flags("disabled", lambda v: s.set_disabled(a, "anne", v), "spærret")
    yield "egen konto", lambda: s.set_disabled(a, " LOKAL ", True), ValidationError, ("egen konto",)
    yield "findes ikke", lambda: s.set_disabled(a, "findes-ikke", True), NotFoundError, ("findes ikke",)
    for value in (None, ["anne"], 42):
        yield f"username={value!r}", lambda v=value: s.set_disabled(a, v, True), ValidationError, ("Brugernavn",)
    yield from _denied(lambda who: s.set_disabled(who, "anne", True))


def users_set_password(w: World):
    s, a = w.wb.users, LOCAL_ACTOR
    for value in ("kort", "", None, ["en-lang-adgangskode"], b"en-lang-adgangskode", 123456789012):
        yield f"password={str(value)[:12]!r}", lambda v=value: s.set_password(a, "anne", v), ValidationError, \
            ("Adgangskode",)
    yield "findes ikke", lambda: s.set_password(a, "findes-ikke", "en-lang-adgangskode"), NotFoundError, \
        ("findes ikke",)
    for value in (None, ["anne"]):
        yield f"username={value!r}", lambda v=value: s.set_password(a, v, "en-lang-adgangskode"), ValidationError, \
            ("Brugernavn",)
    yield from _denied(lambda who: s.set_password(who, "anne", "en-lang-adgangskode"))


WRITE_CASES: dict[str, Callable[[World], object]] = {
    "systems.create": systems_create,
    "systems.update": systems_update,
    "systems.set_status": systems_set_status,
    "catalogue.create": catalogue_create,
    "catalogue.update": catalogue_update,
    "catalogue.set_hidden": catalogue_set_hidden,
    "catalogue.import_threats": catalogue_import_threats,
    "assessments.start": assessments_start,
    "assessments.start_activity": assessments_start_activity,
    "assessments.add_threat": assessments_add_threat,
    "assessments.add_custom": assessments_add_custom,
    "assessments.remove_line": assessments_remove_line,
    "assessments.update_line": assessments_update_line,
    "assessments.save_fields": assessments_save_fields,
    "assessments.accept_risk": assessments_accept_risk,
    "assessments.clear_acceptance": assessments_clear_acceptance,
    "signoff.submit": signoff_submit,
    "signoff.return_to_draft": signoff_return_to_draft,
    "signoff.approve": signoff_approve,
    "workshops.open": workshops_open,
    "workshops.close": workshops_close,
    "workshops.goto": workshops_goto,
    "workshops.reveal": _facilitator_moves("reveal"),
    "workshops.revote": _facilitator_moves("revote"),
    "workshops.decide": workshops_decide,
    "workshops.admit": _participant_moves("admit"),
    "workshops.dismiss": _participant_moves("dismiss"),
    "workshops.join": workshops_join,
    "workshops.leave": workshops_leave,
    "workshops.save_draft": workshops_save_draft,
    "workshops.set_agenda": workshops_set_agenda,
    "workshops.move_on_agenda": workshops_move_on_agenda,
    "workshops.vote": workshops_vote,
    "workshops.add_participant": workshops_add_participant,
    "workshops.remove_participant": workshops_remove_participant,
    "activities.create": activities_create,
    "activities.update": activities_update,
    "activities.set_status": activities_set_status,
    "activities.answer": activities_answer,
    "activities.record_dpia": activities_record_dpia,
    "review.set_interval": review_set_interval,
    "review.record_change": review_record_change,
    "treatment.update_measure": treatment_update_measure,
    "treatment.confirm_residual": treatment_confirm_residual,
    "dispensations.request": dispensations_request,
    "dispensations.update": dispensations_update,
    "dispensations.decide": dispensations_decide,
    "dispensations.renew": dispensations_renew,
    "baselines.freeze": baselines_freeze,
    "settings.set_preset": settings_set_preset,
    "settings.set_municipality": settings_set_municipality,
    "settings.save_import_mapping": settings_save_import_mapping,
    "settings.set_language": settings_set_language,
    "users.add": users_add,
    "users.set_role": users_set_role,
    "users.set_disabled": users_set_disabled,
    "users.unbind_sign_on": users_unbind_sign_on,
    "users.set_password": users_set_password,
}
# authenticate and sign_on are writes (they audit every attempt by design): their own tests below.
SPECIAL = {"users.authenticate", "users.sign_on"}


def _public_methods(wb: Workbench) -> set[str]:
    out = set()
    for name in SERVICES:
        # A service in parts (services/workshops/: one class per role) has its methods on its bases
        for cls in type(getattr(wb, name)).__mro__:
            if cls.__module__.startswith("riskmodel."):
                out |= {f"{name}.{attr}" for attr, fn in vars(cls).items() if not attr.startswith("_") and callable(fn)}
    return out


def test_every_public_method_is_classified(wb):
    """A new public service method must be listed as a read or get hostile cases here."""
    public = _public_methods(wb)
    reads = {f"{s}.{m}" for s, ms in READS.items() for m in ms}
    covered = set(WRITE_CASES) | SPECIAL
    assert not reads & covered
    assert public - reads - covered == set(), "public methods without hostile cases (or not listed as reads)"
    assert (reads | covered) - public == set(), "listed methods that no longer exist"


_FAST_SQL = " UNION ALL ".join(f"SELECT '{t}', count(*), sum(hash(x)) FROM {t} x" for t in USER_TABLES)


def _fast_digest(wb: Workbench) -> dict[str, tuple]:
    """(rows, sum of row hashes) per user table in one query: cheap enough for every case. Each method's test
    ends with the exact :func:`helpers.table_digest` comparison as well."""
    with wb.db.read() as cur:
        return {t: (n, h) for t, n, h in cur.execute(_FAST_SQL).fetchall()}


def _denials(wb: Workbench) -> int:
    with wb.db.read() as cur:
        return cur.execute("SELECT count(*) FROM audit_log WHERE action = 'denied'").fetchone()[0]


def _check(w: World, label: str, call, expected: type[WorkbenchError], parts: tuple[str, ...]) -> str | None:
    """Run one hostile call; return a description of what went wrong, or None."""
    before, denials_before = w.seen if w.seen is not None else (_fast_digest(w.wb), _denials(w.wb))
    w.seen = None
    try:
        result = call()
    except WorkbenchError as err:
        msg = str(err)
        problems = []
        if not isinstance(err, expected):
            problems.append(f"{type(err).__name__} instead of {expected.__name__}")
        missing = [p for p in parts if p.casefold() not in msg.casefold()]
        if missing:
            problems.append(f"message lacks {missing}")
        after = _fast_digest(w.wb)
        if w.may_log:
            after = {t: h for t, h in after.items() if t not in w.may_log}
            before = {t: h for t, h in before.items() if t not in w.may_log}
        if isinstance(err, PermissionDenied):
            if {t: h for t, h in after.items() if t != "audit_log"} != {t: h for t, h in before.items()
                                                                          if t != "audit_log"}:
                problems.append("data changed")
            if _denials(w.wb) != denials_before + 1:
                problems.append("denial not audited once")
        elif after != before:
            problems.append("database changed")
        if not problems:
            w.seen = (after, _denials(w.wb) if isinstance(err, PermissionDenied) else denials_before)
        return f"{label}: {'; '.join(problems)} [{msg[:160]}]" if problems else None
    except Exception as err:  # noqa: BLE001 - the point: anything but a WorkbenchError is a finding
        return f"{label}: raw {type(err).__name__}: {str(err)[:160]}"
    changed = "changed" if _fast_digest(w.wb) != before else "unchanged"
    return f"{label}: accepted (returned {result!r:.60}); database {changed}"


@pytest.mark.parametrize("method", list(WRITE_CASES))
def test_hostile_input_is_refused_and_nothing_changes(world: World, method: str):
    if method == "workshops.join":  # a wrong code is logged for the throttle (and audited): by design
        world.may_log = frozenset({"audit_log", "join_attempts"})
    before = {t: h for t, h in data_digest(world.wb).items() if t not in world.may_log}
    failures = [_check(world, *case) for case in WRITE_CASES[method](world)]
    if method == "workshops.vote":  # let the participant in, then the scores of a vote
        world.wb.workshops.admit(LOCAL_ACTOR, world.workshop, world.participant)
        world.seen = None
        before = data_digest(world.wb)
        failures += [_check(world, *case) for case in workshops_vote_admitted(world)]
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)
    after = {t: h for t, h in data_digest(world.wb).items() if t not in world.may_log}
    assert after == before  # the exact comparison, over every case of the method


def test_authenticate_with_hostile_input(world: World):
    """A sign-in always audits (by design); hostile input is a refused sign-in, and no account changes."""
    users = world.wb.users
    for username, password in [(None, None), (["anne"], "x"), ({"u": 1}, "x"), ("anne", None), ("anne", ["x"]),
                               ("anne", b"x"), (LONG, LONG), ("'; DROP TABLE users; --", "' OR 1=1 --"),
                               ("<script>alert(1)</script>", "x"), ("anne\x00", "x"), (42, 42)]:
        before = data_digest(world.wb)
        with pytest.raises(PermissionDenied, match="Forkert brugernavn eller adgangskode"):
            users.authenticate(username, password)
        changed = {t for t, h in data_digest(world.wb).items() if before[t] != h}
        # A wrong password for a real account counts towards the lockout (users); nothing else moves.
        assert changed <= ({"users"} if username == "anne" else set()), (username, password, changed)


def test_sign_on_with_hostile_claims(world: World):
    """A single sign-on always audits (by design); hostile claims are a refused sign-on, and no account changes."""
    users = world.wb.users
    for claims, client_id in [(None, "app"), ([], "app"), ({"email": None, "aud": "app"}, "app"),
                              ({"email": ["anne@x"], "aud": "app"}, "app"), ({"email": LONG, "aud": "app"}, "app"),
                              ({"email": "' OR 1=1 --", "aud": "app"}, "app"), ({"email": "a\x00@x", "aud": "app"}, "app"),
                              ({"email": "%", "aud": "app"}, "app"), ({"email": "x@y", "aud": {"app": 1}}, "app"),
                              ({"email": "x@y", "aud": ["app"]}, None), ({"email": "x@y", "aud": ""}, ""),
                              ({"email": "<script>alert(1)</script>", "aud": ["app", 42]}, "app")]:
        before = data_digest(world.wb)
        with pytest.raises(PermissionDenied):
            users.sign_on(claims, client_id)
        changed = {t for t, h in data_digest(world.wb).items() if before[t] != h}
        assert changed == set(), (claims, client_id, changed)


# -- literal text: stored as typed, read back identical ----------------------------------------------
def test_literal_text_round_trips_through_every_text_field(world: World):
    wb, a = world.wb, LOCAL_ACTOR
    for n, value in enumerate(LITERAL_TEXT):
        sid = wb.systems.create(a, _system(name=f"{value} {n}", description=value, owner=value, supplier=value))
        s = wb.systems.get(a, sid)
        assert (s.name, s.description, s.owner, s.supplier) == (f"{value} {n}", value, value, value)

        line = wb.assessments.line(a, world.line)
        wb.assessments.update_line(a, line.id, line.version, {f: value for f in (
            "scenario", "existing_measures", "planned_measures", "measure_owner", "risk_owner", "score_rationale")})
        line = wb.assessments.line(a, world.line)
        assert {line.scenario, line.existing_measures, line.planned_measures, line.measure_owner, line.risk_owner,
                line.score_rationale} == {value}

        tid = wb.catalogue.create(a, _threat(category=value, title=value, description=value))
        t = wb.catalogue.get(LOCAL_ACTOR, tid)
        assert (t.category, t.title, t.description) == (value, value, value)

        act = wb.activities.create(a, _activity(name=value, purpose=value))
        got = wb.activities.get(a, act)
        assert (got.name, got.purpose) == (value, value)

        pid = wb.workshops.add_participant(a, world.assessment, value, "andet")
        assert value in set(wb.workshops.participants(a, world.assessment)["name"])
        assert pid

        did = wb.dispensations.request(a, _disp(world.system, requested_by=value, justification=value,
                                                alternative_measures=value, requirement_kind="haandbog",
                                                requirement=value))
        d = wb.dispensations.get(a, did)
        assert (d["requested_by"], d["justification"], d["alternative_measures"], d["requirement"]) == (value,) * 4

        wb.settings.set_municipality(a, value, world.setting_version("municipality"))
        assert wb.settings.municipality() == value

        wb.users.set_role(a, "anne", "leder", [value])
        assert wb.users.get("anne").departments == (value,)
    # Every table is still there and readable: nothing was executed.
    with wb.db.read() as cur:
        assert cur.execute("SELECT count(*) FROM systems").fetchone()[0] == 1 + len(LITERAL_TEXT)


def test_numeric_strings_and_whole_floats_are_scores(world: World):
    """A score typed as text ("3") or a whole float (3.0, as from a DataFrame) is the whole number; stored as int."""
    wb, a = world.wb, LOCAL_ACTOR
    line = wb.assessments.line(a, world.line)
    wb.assessments.update_line(a, line.id, line.version, {"likelihood": "3", "cons_c": 2.0})
    line = wb.assessments.line(a, world.line)
    assert (line.likelihood, line.cons_c) == (3, 2)
    assert all(type(v) is int for v in (line.likelihood, line.cons_c))


def test_a_refusal_in_the_middle_of_a_batch_writes_nothing(world: World):
    """One good field and one bad field: neither is written."""
    wb, a = world.wb, LOCAL_ACTOR
    line = wb.assessments.line(a, world.line)
    before = table_digest(wb)
    with pytest.raises(ValidationError, match="Scenarie"):
        wb.assessments.update_line(a, line.id, line.version, {"likelihood": 2, "scenario": "a\x00b"})
    assert table_digest(wb) == before
    assert replace(wb.assessments.line(a, world.line)) == line
