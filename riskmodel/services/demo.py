# Size: the demo municipality's generator (systems, lines, workshops, approvals, activities); its SQL is in store/demo_writes.py.
"""The demo municipality: a fictional inventory of systems with scored assessments.

Everything is drawn from ``data/demo/vocabulary.json`` with one ``random.Random(seed)``,
so the same seed gives the same data (ids included, in a fresh database). Dates are
relative to a fixed base date, never to today.

For speed the rows are built in Python and written in bulk inside ONE unit of work
(a few ``INSERT ... SELECT`` from registered DataFrames), not through the services
line by line: 1,500 systems with about 45,000 risk lines load in seconds. The rules the
services apply are followed here too: the catalogue threats that fit a system's profile
(``system_tags`` against the threat tags, as ``AssessmentService.start`` does), scores
inside the preset's scale, consequence NULL where a threat cannot harm that property,
the confidentiality floor (with a written reason where a line is scored below it), and
a residual risk never above the inherent one. Ids come from the sequences, so later
inserts through the services carry on after the demo rows.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from riskmodel.domain import dpia
from riskmodel.domain.errors import PermissionDenied, Text, ValidationError, WorkbenchError
from riskmodel.domain.model import SUBJECT_BANDS, Actor, SystemInput, confidentiality_floor, system_tags
from riskmodel.domain.scales import DATA_DIR, Preset
from riskmodel.services import Workbench, demo_review
from riskmodel.services.common import record_denial, require
from riskmodel.services.systems import validate_system
from riskmodel.store import demo_writes
from riskmodel.store.uow import UnitOfWork, unit_of_work

VOCABULARY_FILE = DATA_DIR / "demo" / "vocabulary.json"
MAX_SYSTEMS = 5000
# Every date of the demo (deadlines, data processing agreements, assessment years) is
# relative to this day, so the data do not depend on when the demo is built.
DEMO_BASE_DATE = date(2026, 1, 1)

UNASSESSED_SHARE = 0.10  # active systems left without an assessment ("ikke vurderet")
RETIRED_PER = 50  # one system in this many is retired (udfaset), without an assessment
LINES_MIN, LINES_MAX = 27, 42  # threats sampled per assessment (capped by the fitting ones)
BELOW_FLOOR_SHARE = 0.04  # confidentiality lines scored below the floor, with a reason
STATUS_WEIGHTS = (("kladde", 0.30), ("til_godkendelse", 0.20), ("godkendt", 0.50))

# Where a department entry in the vocabulary has no "units", reused system templates are
# told apart by these units (then by a number: "Booking af lokaler 2").
_UNITS_BY_AFDELING: dict[str, tuple[str, ...]] = {
    "Voksen og Handicap": ("Bostedet Lærkereden", "Bostøtten", "Socialpsykiatrien"),
    "Sundhed og Omsorg": ("Hjemmeplejen Nord", "Hjemmeplejen Syd", "Plejecenter Egebakken", "Sygeplejen"),
    "Familie og Forebyggelse": ("Familiehuset", "Ungeindsatsen", "Sundhedsplejen"),
    "Skole og Dagtilbud": ("Nørreskolen", "Søndermarksskolen", "Dagtilbud Øst", "Dagtilbud Vest"),
    "Borgerservice": ("Borgerservice Centrum", "Borgerservice Nørreby"),
    "Kultur og Fritid": ("Hovedbiblioteket", "Kulturhuset", "Idrætscentret"),
    "Byg, Plan og Miljø": ("Vej og Park", "Materielgården", "Genbrugspladsen"),
    "Økonomi": ("Regnskab", "Opkrævning", "Indkøb"),
    "HR og Løn": ("Lønteamet", "Arbejdsmiljø"),
    "IT og Digitalisering": ("Drift", "Infrastruktur", "Digitalisering"),
}
_GENERIC_UNITS = ("Område Nord", "Område Syd", "Område Øst", "Område Vest")

# A template only names its forvaltning; where that has several afdelinger, these words
# in the system's name place it (first match in the vocabulary's order), otherwise the
# forvaltning's first afdeling without hints takes it. A template's own "afdeling" wins.
_AFDELING_HINTS: dict[str, tuple[str, ...]] = {
    "Voksen og Handicap": ("handicap", "psykiatri", "bosted", "rusmiddel", "hjælpemiddel"),
    "Familie og Forebyggelse": ("børnesag", "underretning", "ppr", "plejefamilie", "familie"),
    "Borgerservice": ("hjemmeside", "selvbetjening", "borgerservice", "kontaktcenter", "chat", "cpr"),
    "Kultur og Fritid": ("bibliotek", "booking", "forening", "musikskole", "svømmehal", "kultur"),
    "Økonomi": ("økonomi", "opkrævning", "faktura", "budget", "ledelsesinformation", "indkøb"),
    "HR og Løn": ("løn", "personale", "rekruttering", "fravær", "arbejdsskade", "kursus"),
}

_FLOOR_REASONS = (
    "Truslen rammer kun medarbejdernes kontaktoplysninger, ikke borgernes sager.",
    "Udtræk fra systemet indeholder kun aggregerede tal uden CPR-numre.",
    "Oplysningerne er pseudonymiserede i den del af systemet, truslen rammer.",
    "Kun få og ældre oplysninger er tilgængelige ad denne vej; vurderet på workshoppen.",
)

# Mean consequence on a 4-step scale (scaled for 5 steps) per F/I/T and profile.
_MEAN_C = {"offentlig": 1.3, "intern": 1.8, "fortrolig": 2.5, "følsom": 3.1}
_MEAN_I = {"lav": 1.5, "middel": 2.0, "høj": 2.6, "kritisk": 3.0}
_MEAN_A = {"lav": 1.3, "middel": 2.0, "høj": 2.8, "kritisk": 3.4}
_CRITICALITY_STEPS = ("lav", "middel", "høj", "kritisk")



@dataclass(frozen=True)
class DemoResult:
    systems: int
    assessments: int  # of systems
    lines: int  # of the systems' assessments
    activities: int = 0
    ds_assessments: int = 0  # of processing activities (the data-subject lens)


def load_vocabulary(path: Path = VOCABULARY_FILE) -> dict[str, Any]:
    try:
        vocab = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValidationError("err.demo.vocabulary_missing", "vocabulary", path=str(path)) from None
    except ValueError as err:  # malformed JSON or not UTF-8
        raise ValidationError("err.demo.vocabulary_unreadable", "vocabulary", name=path.name, reason=str(err)) from None
    if not isinstance(vocab, dict):
        raise ValidationError("err.demo.vocabulary_not_object", "vocabulary", name=path.name)
    missing = [k for k in ("municipality", "departments", "system_templates", "suppliers", "owner_first_names",
                           "owner_last_names", "scenarios", "existing_measures", "planned_measures") if not vocab.get(k)]
    if missing:
        raise ValidationError("err.demo.vocabulary_lacks", "vocabulary", name=path.name, keys=", ".join(missing))
    return vocab


def build_demo(
    wb: Workbench,
    actor: Actor,
    systems: int = 40,
    seed: int = 1,
    progress: Callable[[float, str], None] | None = None,
) -> DemoResult:
    """Fill an empty database with a fictional municipality of ``systems`` systems.

    About nine in ten active systems get an assessment of some 30 scored threats. The
    database must have no systems yet; otherwise nothing is written.
    """
    try:
        require(actor, "demo.load")
    except PermissionDenied as err:
        record_denial(wb.db, actor, "build_demo", str(err))
        raise
    if isinstance(systems, bool) or not isinstance(systems, int) or not 1 <= systems <= MAX_SYSTEMS:
        raise ValidationError("err.demo.systems", "systems", max=MAX_SYSTEMS, systems=systems)
    if not wb.is_empty():
        raise ValidationError("err.demo.not_empty", "systems")

    def report(fraction: float, message: str) -> None:
        if progress is not None:
            progress(fraction, message)

    report(0.0, "Forbereder demodata …")
    vocab = load_vocabulary()
    preset = wb.settings.preset()
    with wb.db.read() as cur:
        catalogue = demo_writes.catalogue(cur)

    # Workshops, acceptances and approvals draw from a second stream, so that adding them
    # left the systems and scores of every seed as they were.
    gen = _Generator(random.Random(seed), vocab, preset, catalogue, random.Random(seed + 100_003))
    report(0.1, f"Opretter {systems} systemer …")
    system_rows = gen.systems(systems)
    report(0.3, "Scorer risikolinjer …")
    assessment_rows, line_cols = gen.assessments(system_rows)
    activity_rows, activity_links, screening_rows = gen.activities(system_rows)
    ds_rows, ds_cols, ds_people = gen.ds_assessments(activity_rows)
    n_lines = len(line_cols["assessment_id"])

    report(0.6, f"Gemmer {len(system_rows)} systemer og {n_lines} risikolinjer …")
    with unit_of_work(wb.db, actor) as uow:
        # Under the write lock: nobody can add systems or change the matrix before this commits.
        if demo_writes.has_systems(uow):
            raise ValidationError("err.demo.not_empty", "systems")
        if wb.settings.preset().id != preset.id:
            raise ValidationError("err.demo.matrix_changed", "preset")
        demo_writes.assign_ids(uow, "seq_systems", system_rows)
        demo_writes.assign_ids(uow, "seq_assessments", assessment_rows)
        for a in assessment_rows:
            a["system_id"] = system_rows[a["system_index"]]["id"]
        index_to_id = [a["id"] for a in assessment_rows]
        line_cols["assessment_id"] = [index_to_id[i] for i in line_cols["assessment_id"]]

        demo_writes.insert_systems(uow, system_rows)
        report(0.7, "Gemmer risikovurderinger …")
        demo_writes.insert_assessments(uow, assessment_rows)
        demo_writes.insert_lines(uow, line_cols)
        demo_writes.insert_participants(uow, gen.participants, index_to_id)
        _insert_approvals(uow, gen, assessment_rows, system_rows)
        demo_writes.insert_activities(uow, activity_rows, activity_links, screening_rows, system_rows)
        demo_writes.insert_ds(uow, ds_rows, ds_cols, ds_people, activity_rows)
        report(0.85, "Danner handlingsplan, dispensationer og tidligere års baselines …")
        review_counts = demo_review.build(uow, seed, vocab, preset, DEMO_BASE_DATE)
        report(0.9, "Skriver revisionsspor …")
        demo_writes.insert_audit(uow, system_rows, assessment_rows)
        before = uow.settings.get("municipality")
        uow.settings.put("municipality", vocab["municipality"], before[1] if before else 0, actor)
        uow.audit("demo", "settings", "municipality", before and {"value": before[0]}, {"value": vocab["municipality"]})
        result = DemoResult(systems=len(system_rows), assessments=len(assessment_rows), lines=n_lines,
                            activities=len(activity_rows), ds_assessments=len(ds_rows))
        uow.audit("demo", "demo", None, None,
                  {"seed": seed, "municipality": vocab["municipality"], "preset": preset.id,
                   "systems": result.systems, "assessments": result.assessments, "lines": result.lines,
                   **review_counts})
    report(1.0, f"Demodata er indlæst: {result.systems} systemer, {result.lines} risikolinjer.")
    return result




class _ErrorText(Text):
    """Another error's message as a parameter, in the reader's language."""

    def __init__(self, err: WorkbenchError):
        super().__init__(err.key or "err.demo.template")
        self.err = err

    def text(self, lang: str) -> str:
        return self.err.text(lang)


# -- generation (pure Python, one Random) ----------------------------------------------------

class _Generator:
    def __init__(self, rng: random.Random, vocab: dict, preset: Preset, catalogue: list[dict],
                 extra: random.Random | None = None):
        self.rng = rng
        self.extra = extra or random.Random(0)
        self.participants: list[dict] = []  # assessment index, name, role_title, attended_on
        self.meetings: dict[int, date] = {}  # assessment index -> the workshop's date
        self.vocab = vocab
        self.preset = preset
        self.n = preset.size
        self.catalogue = catalogue
        self.people = [f"{f} {last}" for f in vocab["owner_first_names"] for last in vocab["owner_last_names"]]
        self.departments = _department_labels(vocab["departments"])
        self.leaders: dict[str, str] = {}  # department label -> its manager, set by systems()
        # requires_action per (likelihood, consequence), 1-based
        self.action = [[False] * (self.n + 1)] + [
            [False] + [preset.level(lik, con).requires_action for con in range(1, self.n + 1)]
            for lik in range(1, self.n + 1)
        ]

    def person(self) -> str:
        return self.rng.choice(self.people)

    # -- systems -----------------------------------------------------------------------
    def systems(self, count: int) -> list[dict]:
        rng = self.rng
        templates = self.vocab["system_templates"]
        placed = [self._place(t) for t in templates]  # (department label, units) per template
        # each department's manager: the usual risk owner of its systems
        self.leaders = {label: self.person() for label in sorted({label for label, _ in placed})}

        order: list[tuple[int, int]] = []  # (template index, round)
        rnd = 0
        while len(order) < count:
            idx = list(range(len(templates)))
            rng.shuffle(idx)
            order += [(i, rnd) for i in idx[: count - len(order)]]
            rnd += 1

        used: set[str] = set()
        unit_orders: dict[int, list[str]] = {}
        rows = []
        for i, rnd in order:
            t = templates[i]
            department, units = placed[i]
            if i not in unit_orders:
                unit_orders[i] = rng.sample(list(units), len(units))
            name, unit = _variant_name(t["name"], rnd, unit_orders[i], used)
            used.add(name)
            description = t.get("description", "")
            criticality, band = t["criticality"], t["subjects_band"]
            if unit:
                description = f"{description} Anvendes af {unit}.".strip()
            if rnd:  # a local variant: often fewer data subjects, sometimes another criticality
                if rng.random() < 0.5 and band in SUBJECT_BANDS and SUBJECT_BANDS.index(band) > 1:
                    band = SUBJECT_BANDS[SUBJECT_BANDS.index(band) - 1]
                if rng.random() < 0.25 and criticality in _CRITICALITY_STEPS:
                    step = _CRITICALITY_STEPS.index(criticality) + rng.choice((-1, 1))
                    criticality = _CRITICALITY_STEPS[min(max(step, 0), len(_CRITICALITY_STEPS) - 1)]
            cats = list(t["data_categories"]) or ["ingen"]
            hosting = t["hosting"]
            if hosting in ("leverandør", "cloud") or rng.random() < 0.2:
                supplier = rng.choice(self.vocab["suppliers"])
            else:
                supplier = ""
            personal = bool(set(cats) - {"ingen"})
            dpa = bool(supplier) and personal and rng.random() < 0.9
            dpa_date = (DEMO_BASE_DATE - timedelta(days=rng.randint(60, 2000))).isoformat() if dpa else None
            row = {
                "name": name, "description": description, "department": department, "owner": self.person(),
                "supplier": supplier, "dpa": dpa, "dpa_date": dpa_date, "classification": t["classification"],
                "data_categories": cats, "subjects_band": band, "criticality": criticality, "hosting": hosting,
            }
            try:  # the rules a system created through the service must follow
                row = validate_system(SystemInput(**row))
            except ValidationError as err:
                raise ValidationError("err.demo.template", "vocabulary", template=t["name"], error=_ErrorText(err)) from None
            row["dpa_date"] = dpa_date
            row["status"] = "aktiv"
            row["template"] = t["name"]
            rows.append(row)

        n_retired = count // RETIRED_PER
        n_unassessed = round((count - n_retired) * UNASSESSED_SHARE)
        picked = rng.sample(range(count), n_retired + n_unassessed)
        for k, i in enumerate(picked):
            rows[i]["assessed"] = False
            if k < n_retired:
                rows[i]["status"] = "udfaset"
        return rows

    def _place(self, template: dict) -> tuple[str, tuple[str, ...]]:
        """(department label, units for variants) of a template."""
        options = [d for d in self.vocab["departments"] if d["forvaltning"] == template.get("forvaltning")]
        chosen = None
        if template.get("afdeling"):
            chosen = next((d for d in options if d["afdeling"] == template["afdeling"]), None)
        if chosen is None and len(options) > 1:
            name = template["name"].lower()
            chosen = next((d for d in options if any(w in name for w in _AFDELING_HINTS.get(d["afdeling"], ()))), None)
            if chosen is None:
                chosen = next((d for d in options if d["afdeling"] not in _AFDELING_HINTS), options[0])
        if chosen is None and options:
            chosen = options[0]
        if chosen is None:  # a forvaltning without afdelinger in the vocabulary
            label = template.get("afdeling") or template.get("forvaltning") or "Fællesfunktioner"
            return label, _GENERIC_UNITS
        units = tuple(chosen.get("units") or _UNITS_BY_AFDELING.get(chosen["afdeling"], _GENERIC_UNITS))
        return self.departments[(chosen["forvaltning"], chosen["afdeling"])], units

    # -- assessments and lines ---------------------------------------------------------------
    def assessments(self, systems: list[dict]) -> tuple[list[dict], dict[str, list]]:
        rng = self.rng
        cols: dict[str, list] = {c: [] for c in demo_writes.LINE_COLS}
        rows = []
        tagged = [(t, set(t["tags"])) for t in self.catalogue]
        for si, s in enumerate(systems):
            if not s.get("assessed", True) or s["status"] != "aktiv":
                continue
            status = rng.choices([st for st, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
            year = DEMO_BASE_DATE.year - (1 if status == "godkendt" and rng.random() < 0.5 else 0)
            profile = SystemInput(name=s["name"], department=s["department"], supplier=s["supplier"],
                                  classification=s["classification"], data_categories=s["data_categories"],
                                  criticality=s["criticality"], hosting=s["hosting"])
            tags = system_tags(profile)
            fitting = [t for t, ttags in tagged if ttags & tags]
            k = min(len(fitting), rng.randint(LINES_MIN, LINES_MAX))
            chosen = [fitting[i] for i in sorted(rng.sample(range(len(fitting)), k))]
            ai = len(rows)
            rows.append({"system_index": si, "year": year, "status": status, "preset_id": self.preset.id,
                         "scale_size": self.n, "lines": k})
            self._workshop(ai, s, year)
            self._lines(cols, ai, s, status, chosen)
        return rows, cols

    def _lines(self, cols: dict[str, list], ai: int, s: dict, status: str, threats: list[dict]) -> None:
        rng, n = self.rng, self.n
        floor = confidentiality_floor(s["classification"], s["data_categories"], n)
        scale = n / 4
        mu_l = (n + 1) / 2 - 0.4 + rng.uniform(-0.6, 0.6)  # this system's maturity
        mu_c = _MEAN_C.get(s["classification"], 2.0) * scale
        mu_i = _MEAN_I.get(s["criticality"], 2.0) * scale
        mu_a = _MEAN_A.get(s["criticality"], 2.0) * scale
        risk_owner = self.leaders.get(s["department"]) if rng.random() < 0.75 else s["owner"]
        risk_owner = risk_owner or s["owner"]
        scenarios = self.vocab["scenarios"]
        existing = self.vocab["existing_measures"]
        planned = self.vocab["planned_measures"]
        if status == "kladde":  # a workshop in progress: the first lines are scored
            n_scored = round(len(threats) * rng.uniform(0.3, 1.0))
            treat_share = 0.7
        else:
            n_scored, treat_share = len(threats), 1.0

        def draw(mu: float) -> int:
            return min(max(round(rng.gauss(mu, 0.8)), 1), n)

        for pos, t in enumerate(threats, start=1):
            scored = pos <= n_scored
            texts = scored or rng.random() < 0.5
            options = scenarios.get(t["category"]) or ()
            scenario = rng.choice(options) if texts and options else ""
            measures = "; ".join(rng.sample(existing, rng.randint(1, min(3, len(existing))))) if texts else ""
            lik = cc = ci = ca = treatment = res_l = res_c = deadline = None
            plan = owner = reason = ""
            if scored:
                lik = draw(mu_l)
                if t["harms_c"]:
                    cc = draw(mu_c)
                    if floor > 1 and rng.random() < BELOW_FLOOR_SHARE:
                        cc = rng.randint(1, floor - 1)
                        reason = rng.choice(_FLOOR_REASONS)
                    else:
                        cc = max(cc, floor)
                ci = draw(mu_i) if t["harms_i"] else None
                ca = draw(mu_a) if t["harms_a"] else None
                con = max(v for v in (cc, ci, ca) if v is not None)
                if rng.random() < treat_share:
                    treatment = self._treatment(self.action[lik][con])
                    if treatment in ("reducer", "undgå") or (treatment == "overfør" and rng.random() < 0.5):
                        plan = rng.choice(planned)
                        owner = self.person() if rng.random() < 0.6 else s["owner"]
                        deadline = (DEMO_BASE_DATE + timedelta(days=rng.randint(14, 365))).isoformat()
                    if treatment == "reducer":
                        res_l = max(1, lik - rng.choice((0, 1, 1, 2)))
                        res_c = max(1, con - rng.choice((0, 0, 1)))
                    elif treatment == "overfør":
                        res_l, res_c = lik, max(1, con - 1)
                    elif treatment == "undgå":
                        res_l, res_c = 1, con
            accepted: tuple = ("", None, "", None)
            if treatment is not None:
                rl, rc = (res_l, res_c) if res_l is not None and res_c is not None else (lik, con)
                # A residual that requires action needs a measure or an acceptance; in a draft
                # (a workshop in progress) some are still open.
                if self.action[rl][rc] and not plan and (status != "kladde" or self.extra.random() < 0.5):
                    accepted = self._acceptance(ai, risk_owner)
            values = (ai, t["id"], t["code"], t["title"], t["description"], t["category"],
                      t["harms_c"], t["harms_i"], t["harms_a"], pos, scenario, measures, lik,
                      cc, ci, ca, treatment, plan, owner, deadline,
                      res_l, res_c, risk_owner if scored else "", reason, *accepted)
            for c, v in zip(demo_writes.LINE_COLS, values, strict=True):
                cols[c].append(v)

    def activities(self, systems: list[dict]) -> tuple[list[dict], list[tuple[int, int]], list[tuple]]:
        """The municipality's processing activities (from the vocabulary), linked to every active
        system made from the templates they name, with their DPIA screening and DPIA record.
        Returns (activity rows, (activity index, system index) links, (activity index, criterion, answer, note))."""
        x = self.extra
        rows, links, answers = [], [], []
        for t in self.vocab.get("activities", []):
            used = [i for i, s in enumerate(systems) if s.get("template") in t["systems"] and s["status"] == "aktiv"]
            if not used:
                continue
            ai = len(rows)
            department = systems[used[0]]["department"]
            dpia_day = DEMO_BASE_DATE - timedelta(days=x.randint(30, 700)) if t.get("dpia_done") else None
            rows.append({
                "name": t["name"], "purpose": t["purpose"], "department": department,
                "responsible": self.leaders.get(department) or systems[used[0]]["owner"],
                "legal_bases": t["legal_bases"], "data_categories": t["data_categories"],
                "subject_categories": t["subject_categories"], "subjects_band": t["subjects_band"],
                "dpia_done": bool(dpia_day), "dpia_date": dpia_day.isoformat() if dpia_day else None,
                "dpia_ref": f"Sag {dpia_day.year}-{x.randint(100, 999)}" if dpia_day else "",
            })
            links += [(ai, i) for i in used]
            rows[-1]["floor"] = dpia.severity_floor(
                list(t["data_categories"]) + [c for i in used for c in systems[i]["data_categories"]],
                t["subject_categories"], [systems[i]["classification"] for i in used])
            for key in dpia.criterion_keys():
                answer = "ja" if key in t["yes"] else "ved_ikke" if key in t["unknown"] else "nej"
                note = "Afklares med databeskyttelsesrådgiveren" if answer == "ved_ikke" else ""
                answers.append((ai, key, answer, note))
        return rows, links, answers

    def ds_assessments(self, activities: list[dict]) -> tuple[list[dict], dict[str, list], list[dict]]:
        """Data-subject assessments of most activities: (assessment rows, line columns, participants).
        Rows carry ``activity_index``; lines and participants carry the index of their assessment."""
        x, ds = self.extra, dpia.ds_preset()
        cols: dict[str, list] = {c: [] for c in (*demo_writes.LINE_COLS, "harms")}
        rows, people = [], []
        fitting = [t for t in self.catalogue if {"personal_data", "sensitive"} & set(t["tags"])]
        action = {(lik, con): lvl.requires_action for lik, con, lvl in ds.cells()}
        harms = dpia.keys("harms")
        for ai, act in enumerate(activities):
            if x.random() < 0.2:
                continue  # not assessed yet
            status = x.choices([st for st, _ in STATUS_WEIGHTS], weights=[w for _, w in STATUS_WEIGHTS])[0]
            day = DEMO_BASE_DATE + timedelta(days=x.randint(20, 290))
            di = len(rows)
            threats = [fitting[i] for i in sorted(x.sample(range(len(fitting)), min(len(fitting), x.randint(6, 10))))]
            rows.append({"activity_index": ai, "year": day.year, "status": status, "preset_id": ds.id, "scale_size": 4,
                         "lines": len(threats), "day": day})
            for name, role in ((self.vocab.get("coordinator", "Kim Koordinator"), "facilitator"),
                               (act["responsible"], "leder"), (self.person(), "databeskyttelsesraadgiver"),
                               (self.person(), "fagperson")):
                people.append({"assessment_index": di, "name": name, "role_title": role, "attended_on": day})
            floor = act["floor"]  # as the service proposes it: from the activity and its systems
            n_scored = len(threats) if status != "kladde" else round(len(threats) * x.uniform(0.3, 1.0))
            for pos, t in enumerate(threats, start=1):
                lik = cc = ci = ca = treatment = res_l = res_c = deadline = None
                plan = owner = reason = ""
                chosen: list[str] = []
                accepted: tuple = ("", None, "", None)
                if pos <= n_scored:
                    lik = min(4, max(1, round(x.gauss(2.2, 0.8))))
                    if t["harms_c"]:
                        cc = max(floor, min(4, max(1, round(x.gauss(2.8, 0.7)))))
                    ci = min(4, max(1, round(x.gauss(2.0, 0.7)))) if t["harms_i"] else None
                    ca = min(4, max(1, round(x.gauss(1.8, 0.7)))) if t["harms_a"] else None
                    con = max(v for v in (cc, ci, ca) if v is not None)
                    chosen = sorted(x.sample(harms, x.randint(1, 3)), key=harms.index)
                    if action[(lik, con)]:
                        treatment = "reducer" if x.random() < 0.8 else "accepter"
                    else:
                        treatment = "accepter"
                    if treatment == "reducer":
                        plan = x.choice(self.vocab["planned_measures"])
                        owner = act["responsible"]
                        deadline = (day + timedelta(days=x.randint(30, 300))).isoformat()
                        res_l, res_c = max(1, lik - 1), con
                    elif action[(lik, con)]:
                        accepted = (act["responsible"], (day + timedelta(days=3)).isoformat(),
                                    f"Ledermøde {day.strftime('%d-%m-%Y')}", None)
                values = (di, t["id"], t["code"], t["title"], t["description"], t["category"], t["harms_c"],
                          t["harms_i"], t["harms_a"], pos, "", "", lik, cc, ci, ca, treatment, plan, owner, deadline,
                          res_l, res_c, act["responsible"] if lik else "", reason, *accepted, chosen)
                for c, v in zip((*demo_writes.LINE_COLS, "harms"), values, strict=True):
                    cols[c].append(v)
        return rows, cols, people

    def _workshop(self, ai: int, s: dict, year: int) -> None:
        """The people who scored the assessment in a workshop, with their roles and its date."""
        x = self.extra
        start = date(year, 1, 10)
        last = min(date(year, 12, 15), DEMO_BASE_DATE + timedelta(days=300))
        day = start + timedelta(days=x.randint(0, max(0, (last - start).days)))
        self.meetings[ai] = day
        leader = self.leaders.get(s["department"]) or s["owner"]
        people = [(self.vocab.get("coordinator", "Kim Koordinator"), "facilitator"), (s["owner"], "systemejer")]
        if leader != s["owner"]:
            people.append((leader, "leder"))
        people += [(self.people[x.randrange(len(self.people))], role)
                   for role in x.sample(("fagperson", "fagperson", "it", "databeskyttelsesraadgiver"), x.randint(1, 3))]
        seen = set()
        for name, role in people:
            if name and name not in seen:
                seen.add(name)
                self.participants.append({"assessment_index": ai, "name": name, "role_title": role, "attended_on": day})

    def _acceptance(self, ai: int, owner: str) -> tuple[str, str, str, str | None]:
        """An explicit acceptance of a residual risk that requires action: who, when, which decision."""
        x = self.extra
        day = self.meetings[ai] + timedelta(days=x.randint(0, 14))
        expires = (day + timedelta(days=365)).isoformat() if x.random() < 0.6 else None
        return owner, day.isoformat(), f"Ledermøde {day.strftime('%d-%m-%Y')}, pkt. {x.randint(2, 9)}", expires

    def _treatment(self, requires_action: bool) -> str:
        r = self.rng.random()
        if requires_action:
            return "reducer" if r < 0.70 else "overfør" if r < 0.80 else "undgå" if r < 0.85 else "accepter"
        return "accepter" if r < 0.70 else "reducer" if r < 0.92 else "overfør" if r < 0.98 else "undgå"


def _department_labels(departments: list[dict]) -> dict[tuple[str, str], str]:
    """The afdeling's own name where it is unique, else "forvaltning – afdeling"."""
    counts = Counter(d["afdeling"] for d in departments)
    return {
        (d["forvaltning"], d["afdeling"]): d["afdeling"] if counts[d["afdeling"]] == 1
        else f"{d['forvaltning']} – {d['afdeling']}"
        for d in departments
    }


def _variant_name(base: str, rnd: int, units: list[str], used: set[str]) -> tuple[str, str]:
    """(unique name, unit or '') of a template's ``rnd``-th use: the plain name, then
    "name – unit" for each unit, then "name 2", "name 3", ..."""
    unit = ""
    if rnd == 0:
        name = base
    elif rnd <= len(units):
        unit = units[rnd - 1]
        name = f"{base} – {unit}"
    else:
        name = f"{base} {rnd - len(units) + 1}"
    k = 2
    candidate = name
    while candidate in used:
        candidate = f"{name} ({k})"
        k += 1
    return candidate, unit


def _insert_approvals(uow: UnitOfWork, gen: _Generator, assessments: list[dict], systems: list[dict]) -> int:
    """Approve the assessments the demo marks approved: by the department's manager, with the snapshot."""
    approved = []
    for index, a in enumerate(assessments):
        if a["status"] == "godkendt":
            system = systems[a["system_index"]]
            approved.append((a["id"], gen.leaders.get(system["department"]) or system["owner"], gen.meetings[index]))
    return demo_writes.approve(uow, gen.preset, approved)
