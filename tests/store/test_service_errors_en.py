"""Errors the services raise read in English for an English reader (``err.text("en")``) and stay word for word
what they were in Danish (``str(err)``): issue 18. Each case calls the service the way a page does."""

from __future__ import annotations

import io
from datetime import date

import pytest

from riskmodel.domain.errors import WorkbenchError
from riskmodel.domain.model import Actor, SystemInput, ThreatInput
from riskmodel.reports.export import export_workbook as _export_workbook
from riskmodel.services.catalogue_exchange import export_catalogue as _export_catalogue
from riskmodel.services.demo import MAX_SYSTEMS
from riskmodel.services.demo import build_demo as _build_demo
from riskmodel.services.portfolio import PortfolioFilter
from riskmodel.services.users import SIGN_IN_REFUSED

ANNE = Actor(username="anne", display_name="Anne Koordinator", role="koordinator")


def _system(**overrides) -> SystemInput:
    fields = {"name": "Sagssystem", "department": "Borgerservice", "classification": "intern",
              "data_categories": ["ingen"], "subjects_band": "0", "criticality": "middel", "hosting": "leverandør"}
    return SystemInput(**{**fields, **overrides})


CASES = {
    # users
    "user: bad username": (
        lambda wb, actor: wb.users.add(actor, "an ne", "Anne", "leder"),
        "Brugernavn må kun indeholde bogstaver, tal og . _ - @",
        "Username may only contain letters, digits and . _ - @"),
    "user: unknown": (
        lambda wb, actor: wb.users.get("ingen"),
        "Brugeren 'ingen' findes ikke",
        "The user 'ingen' does not exist"),
    "user: bad role": (
        lambda wb, actor: wb.users.add(actor, "bo", "Bo", "chef"),
        "Rolle: 'chef' er ikke en gyldig rolle (koordinator, leder, udvalgsformand, udvalgsmedlem, revisor, deltager)",
        "Role: 'chef' is not a valid role (koordinator, leder, udvalgsformand, udvalgsmedlem, revisor, deltager)"),
    "user: a short password": (
        lambda wb, actor: wb.users.add(actor, "bo", "Bo Hansen", "leder", password="kort"),
        "Adgangskoden skal være mindst 12 tegn",
        "The password must be at least 12 characters"),
    "user: a weak password": (
        lambda wb, actor: wb.users.add(actor, "bo", "Bo Hansen", "leder", password="123456789012"),
        "Adgangskoden er for let at gætte (styrke 1 af 4, der kræves mindst 3): undgå almindelige ord, navne og "
        "kendte adgangskoder; undgå rækkefølger som 1234 eller abcd. Brug fx tre-fire tilfældige ord med bindestreg "
        "imellem",
        "The password is too easy to guess (strength 1 of 4, at least 3 is required): avoid common words, names and "
        "known passwords; avoid sequences such as 1234 or abcd. Use e.g. three or four random words joined by "
        "hyphens"),
    "user: wrong password": (
        lambda wb, actor: wb.users.authenticate("ingen", "forkert-kodeord"),
        SIGN_IN_REFUSED,
        "Wrong username or password, or the account is locked for a while after too many attempts. "
        "Try again later (up to 15 minutes), or ask the coordinator for a new password."),
    "user: single sign-on, unknown e-mail": (
        lambda wb, actor: wb.users.sign_on({"email": "x@kommune.dk", "aud": "app", "iss": "i", "sub": "s"}, "app"),
        "x@kommune.dk er ikke oprettet som bruger af Risikoværkstedet. Bed informationssikkerhedskoordinatoren om "
        "adgang.",
        "x@kommune.dk is not a user of Risikoværkstedet. Ask the information security coordinator for access."),
    # treatment
    "treatment: unknown control": (
        lambda wb, actor: wb.treatment.update_measure(actor, 1, 1, controls=["A.99.9"]),
        "Annex A-kontrol 'A.99.9' findes ikke i kataloget (fx A.9.2.3)",
        "Annex A control 'A.99.9' is not in the catalogue (e.g. A.9.2.3)"),
    # demo data
    "demo: number of systems": (
        lambda wb, actor: _build_demo(wb, actor, systems="mange"),
        f"Antal systemer skal være et helt tal mellem 1 og {MAX_SYSTEMS} (fik 'mange')",
        f"The number of systems must be a whole number from 1 to {MAX_SYSTEMS} (got 'mange')"),
    # settings
    "settings: unknown language": (
        lambda wb, actor: wb.settings.set_language(actor, "sv", 0),
        "Ukendt sprog 'sv'",
        "Unknown language 'sv'"),
    "settings: unknown matrix": (
        lambda wb, actor: wb.settings.set_preset(actor, "7x7", 0),
        "Ukendt matrix '7x7'",
        "Unknown matrix '7x7'"),
    "settings: stale": (
        lambda wb, actor: wb.settings.set_municipality(actor, "Ny kommune", 5),
        "Indstillingen 'municipality' findes ikke længere. Genindlæs og prøv igen.",
        "The setting 'municipality' no longer exists. Reload and try again."),
    # systems
    "system: 'ingen' with others": (
        lambda wb, actor: wb.systems.create(actor, _system(data_categories=["ingen", "almindelige"])),
        "Personoplysninger: 'ingen' kan ikke kombineres med andre kategorier",
        "Personal data: 'none' cannot be combined with other categories"),
    "system: agreement date without agreement": (
        lambda wb, actor: wb.systems.create(actor, _system(dpa=False, dpa_date=date(2026, 1, 5))),
        "Dato for databehandleraftale er udfyldt, men der er ikke markeret en aftale",
        "A date of the data processing agreement is filled in, but no agreement is ticked"),
    "system: no name (the field named in the reader's language)": (
        lambda wb, actor: wb.systems.create(actor, _system(name="  ")),
        "Systemets navn skal udfyldes",
        "System name must be filled in"),
    "system: a supplier name too long": (
        lambda wb, actor: wb.systems.create(actor, _system(supplier="x" * 201)),
        "Leverandør er for lang (201 tegn, højst 200)",
        "Supplier is too long (201 characters, at most 200)"),
    # catalogue
    "catalogue: a code twice in the file": (
        lambda wb, actor: wb.catalogue.import_threats(actor, [_threat("X-01"), _threat("X-01")]),
        "Koden X-01 står flere gange i filen",
        "The code X-01 occurs more than once in the file"),
    "catalogue: a threat that affects nothing": (
        lambda wb, actor: wb.catalogue.create(actor, ThreatInput(category="Teknik", title="Ingenting", harms_c=False,
                                                                 harms_i=False, harms_a=False)),
        "Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed",
        "The threat must be able to affect at least one of confidentiality, integrity and availability"),
    "catalogue: unknown profile tags": (
        lambda wb, actor: wb.catalogue.create(actor, ThreatInput(category="Teknik", title="T", harms_c=True,
                                                                 tags=["all", "månen"])),
        "Ukendte profilmærker: månen",
        "Unknown profile tags: månen"),
    "catalogue: a threat of a file with a bad code": (
        lambda wb, actor: wb.catalogue.import_threats(actor, [_threat("X-01"), _threat("X 02")]),
        "Trussel nr. 2 (X 02): Kode 'X 02' må kun indeholde bogstaver, tal, punktum, bindestreg og understreg",
        "Threat no. 2 (X 02): Code 'X 02' may only contain letters, digits, full stops, hyphens and underscores"),
    "catalogue: a threat of a file without a title": (
        lambda wb, actor: wb.catalogue.import_threats(actor, [{**_threat("X-01"), "title": ""}]),
        "Trussel nr. 1 (X-01): Trusselens titel skal udfyldes",
        "Threat no. 1 (X-01): Threat title must be filled in"),
    "catalogue: not a threat": (
        lambda wb, actor: wb.catalogue.import_threats(actor, [_threat("X-01"), "X-02"]),
        "Trussel nr. 2: er ikke en trussel (kode, kategori, titel ...)",
        "Threat no. 2: is not a threat (code, category, title ...)"),
    # portfolio
    "portfolio: a level of another matrix": (
        lambda wb, actor: wb.portfolio.heatmap(actor, PortfolioFilter(levels=("lav", "blaa"))),
        "Ukendt risikoniveau 'blaa' i matrixen standard",
        "Unknown risk level 'blaa' in the matrix standard"),
    "catalogue: unknown file format": (
        lambda wb, actor: _export_catalogue(wb, actor, "csv"),
        "Ukendt filformat 'csv' (json eller xlsx)",
        "Unknown file format 'csv' (json or xlsx)"),
    # the committee workbook
    "export: a year before 2000": (
        lambda wb, actor: _export_workbook(wb, actor, io.BytesIO(), year=1999, today=date(2026, 11, 28)),
        "År: '1999' skal være et år fra 2000 til 2027",
        "Year: '1999' must be a year from 2000 to 2027"),
    # baselines
    "baseline: year in the future": (
        lambda wb, actor: wb.baselines.freeze(actor, 2099, today=date(2026, 11, 28)),
        "År for baseline: '2099' skal være et år fra 2000 til 2026",
        "Baseline year: '2099' must be a year from 2000 to 2026"),
    "baseline: unknown": (
        lambda wb, actor: wb.baselines.systems(actor, 999),
        "Baselinen med id 999 findes ikke",
        "The baseline with id 999 does not exist"),
    "system: unknown id": (
        lambda wb, actor: wb.systems.get(actor, 99999),
        "Systemet med id 99999 findes ikke",
        "The system with id 99999 does not exist"),
    "risk line: unknown id in a versioned update": (
        lambda wb, actor: _versioned_update_of_nothing(wb),
        "Risikolinjen med id 99999 findes ikke",
        "The risk line with id 99999 does not exist"),
    "baseline: today against today": (
        lambda wb, actor: wb.baselines.compare(actor, None, None),
        "Vælg to forskellige tilstande at sammenligne",
        "Choose two different states to compare"),
}


def _versioned_update_of_nothing(wb) -> None:
    from riskmodel.store.versioned import versioned_update

    with wb.db.read() as cur:
        versioned_update(cur, "risk_lines", 99999, {"likelihood": 2}, "lokal", 1)


def _threat(code: str) -> dict:
    return {"code": code, "category": "Teknik", "title": f"Trussel {code}", "description": "", "harms_c": True}


@pytest.mark.parametrize("case", list(CASES))
def test_a_service_error_reads_in_english_and_stays_danish(wb, actor, case):
    call, da, en = CASES[case]
    with pytest.raises(WorkbenchError) as caught:
        call(wb, actor)
    err = caught.value
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key and err.key.startswith("err.")


CHAIR = Actor(username="ulla", display_name="Ulla Udvalgsformand", role="udvalgsformand")
TODAY = date(2026, 11, 28)


def _request(sid, **kw):
    from riskmodel.services.dispensations import DispensationInput

    data = {"system_id": sid, "requested_by": "Lene Leder", "requirement_kind": "annex_a", "requirement": "A.9.4.2",
            "justification": "Ingen tofaktor før version 5", "alternative_measures": "Logning gennemgås månedligt",
            "expires_on": date(2027, 5, 31), **kw}
    return DispensationInput(**data)


def _decided_twice(wb, actor, make_system):
    did = wb.dispensations.request(actor, _request(make_system()), today=TODAY)
    wb.dispensations.decide(CHAIR, did, 1, True, today=TODAY)
    wb.dispensations.decide(CHAIR, did, 2, False, "Nej", today=TODAY)


def _retired(wb, actor, make_system):
    sid = make_system(name="Gammelt system")
    wb.systems.set_status(actor, sid, 1, "udfaset")
    wb.dispensations.request(actor, _request(sid), today=TODAY)


SETUP_CASES = {
    "dispensation: unknown control": (
        lambda wb, actor, make_system: wb.dispensations.request(actor, _request(make_system(), requirement="A.99.1"),
                                                                today=TODAY),
        "Annex A-kontrol 'A.99.1' findes ikke i kataloget (fx A.9.4.1)",
        "Annex A control 'A.99.1' is not in the catalogue (e.g. A.9.4.1)"),
    "dispensation: decided twice": (
        _decided_twice,
        "Dispensationen er allerede godkendt",
        "The dispensation is already approved"),
    "review: a change in the future": (
        lambda wb, actor, make_system: wb.review.record_change(actor, make_system(), "ny_leverandoer", "Ny leverandør",
                                                               date(2026, 12, 1), today=TODAY),
        "Dato for ændringen kan ikke ligge i fremtiden",
        "The date of the change cannot be in the future"),
    "signoff: a coordinator approves without naming the manager": (
        lambda wb, actor, make_system: wb.signoff.approve(actor, 1, 1),
        "Den ansvarlige leder godkender. Som koordinator kan du kun registrere en godkendelse på vegne af en "
        "navngiven leder: udfyld 'Godkendt på vegne af'",
        "The responsible manager approves. As coordinator you can only record an approval on behalf of a named "
        "manager: fill in 'Approved on behalf of'"),
    "treatment: a status without a measure": (
        lambda wb, actor, make_system: wb.treatment.update_measure(
            actor, (line := wb.assessments.lines(actor, wb.assessments.start(actor, make_system()))[0]).id,
            line.version, status="i_gang"),
        "Beskriv foranstaltningen, før den får en status",
        "Describe the measure before it gets a status"),
    "demo: not an empty database": (
        lambda wb, actor, make_system: (make_system(), _build_demo(wb, actor, systems=3)),
        "Databasen indeholder allerede systemer. Demodata kan kun indlæses i en tom database; intet er ændret.",
        "The database already holds systems. Demo data can only be loaded into an empty database; nothing was "
        "changed."),
    "review: interval of a confidential system": (
        lambda wb, actor, make_system: wb.review.set_interval(actor, make_system(classification="fortrolig"), 1, 13),
        "Interval for gennemgang skal være 1-12 måneder for et fortrolig system (fik 13)",
        "The review interval must be 1-12 months for a confidential system (got 13)"),
    "dispensation: expiry too far ahead": (
        lambda wb, actor, make_system: wb.dispensations.request(actor, _request(make_system(),
                                                                                expires_on=date(2028, 1, 5)),
                                                                today=TODAY),
        "En dispensation kan højst gælde i 12 måneder (senest 28-11-2027)",
        "A dispensation can apply for at most 12 months (until 28-11-2027 at the latest)"),
    "dispensation: retired system": (
        _retired,
        "Systemet 'Gammelt system' er udfaset",
        "The system 'Gammelt system' is retired"),
}


@pytest.mark.parametrize("case", list(SETUP_CASES))
def test_an_error_after_some_work_reads_in_english_and_stays_danish(wb, actor, make_system, case):
    call, da, en = SETUP_CASES[case]
    with pytest.raises(WorkbenchError) as caught:
        call(wb, actor, make_system)
    err = caught.value
    assert (str(err), err.text("da"), err.text("en")) == (da, da, en)
    assert err.key and err.key.startswith("err.")


def test_the_open_items_of_a_submission_read_in_english(wb, actor, make_system):
    aid = wb.assessments.start(actor, make_system())
    titles = [i.threat for i in wb.signoff.open_items(actor, aid)]
    assert len(titles) > 5
    with pytest.raises(WorkbenchError) as caught:
        wb.signoff.submit(actor, aid, 1)
    err = caught.value
    first = titles[:5]
    assert str(err) == (f"Vurderingen kan ikke sendes til godkendelse: {len(titles)} punkt(er) mangler en beslutning: "
                        + "; ".join(f"{t} er ikke scoret" for t in first) + f" (og {len(titles) - 5} til)")
    assert err.text("en") == (f"The assessment cannot be sent for approval: {len(titles)} item(s) lack a decision: "
                              + "; ".join(f"{t} is not scored" for t in first) + f" (and {len(titles) - 5} more)")


@pytest.mark.parametrize("n, da_word, en_word", [(1, "problem", "problem"), (2, "problemer", "problems")])
def test_an_import_with_problems_is_refused_in_the_readers_language(wb, actor, n, da_word, en_word):
    from riskmodel.formats.register import Problem
    from riskmodel.services.imports.apply import apply_import
    from riskmodel.services.imports.model import ImportPlan

    problems = [Problem("Ark1", 3 + i, "Titel", "Titel skal udfyldes") for i in range(n)]
    with pytest.raises(WorkbenchError) as caught:
        apply_import(wb, actor, ImportPlan("register.xlsx", "plain", "Ark1", problems=problems))
    err = caught.value
    assert str(err) == f"Filen har {n} {da_word}; intet er importeret. Første: {problems[0]}"
    assert err.text("en") == f"The file has {n} {en_word}; nothing was imported. First: {problems[0]}"


def test_an_import_refused_as_stale_says_why_in_the_readers_language():
    from riskmodel.services.imports.apply import _stale

    err = _stale("threat_added", title="Phishing")
    assert str(err) == ("Data er ændret, efter filen blev kontrolleret (truslen 'Phishing' er tilføjet vurderingen af "
                        "en anden). Intet er importeret: kontrollér filen igen.")
    assert err.text("en") == ("Data changed after the file was checked (the threat 'Phishing' was added to the "
                              "assessment by someone else). Nothing was imported: check the file again.")
