"""Trusselskatalog: create a threat, validation, edit, hide (and show hidden)."""

from __future__ import annotations

from helpers import table_digest

from riskmodel.domain.model import LOCAL_ACTOR, ThreatInput


def _select_code(a, code: str) -> None:
    codes = list(a.at.dataframe[0].value["code"])
    a.select_row(codes.index(code))


def _new_threat_form(a):
    return [f for f in a.at.get("form") if f.key == "new_threat"][0]


def test_catalogue_renders_the_seeded_threats(app, wb):
    a = app("catalogue")
    assert a.title() == "Trusselskatalog"
    n = len(wb.catalogue.list(LOCAL_ACTOR))
    assert n > 20
    assert f"{n} trusler" in a.texts("caption")
    table = a.at.dataframe[0].value
    assert len(table) == n
    assert set(table["fit"]) <= {"F", "I", "T", "FI", "FT", "IT", "FIT"}


def test_create_threat(app, wb):
    a = app("catalogue")
    category = wb.catalogue.categories(LOCAL_ACTOR)[0]
    form = _new_threat_form(a)
    [w for w in form.selectbox if w.label == "Kategori"][0].set_value(category)
    [w for w in form.text_input if w.label == "Trussel"][0].input("Drone over rådhuset")
    [w for w in form.text_area if w.label == "Beskrivelse"][0].input("Fotografering af skærme gennem vinduer")
    [w for w in form.checkbox if w.label == "Tilgængelighed"][0].uncheck()
    [w for w in form.multiselect if w.label == "Foreslås for systemer med"][0].set_value(["sensitive"])
    [b for b in form.button if b.label == "Opret trussel"][0].click()
    a.run()

    assert "Truslen 'Drone over rådhuset' er oprettet." in a.texts("success")
    df = wb.catalogue.list(LOCAL_ACTOR)
    row = df[df["title"] == "Drone over rådhuset"].iloc[0]
    assert (row["code"], row["category"], list(row["tags"])) == ("EGN-01", category, ["sensitive"])
    assert (bool(row["harms_c"]), bool(row["harms_i"]), bool(row["harms_a"])) == (True, True, False)
    assert "EGN-01" in list(a.at.dataframe[0].value["code"])


def test_threat_that_harms_nothing_is_refused(app, wb):
    before = table_digest(wb)
    a = app("catalogue")
    form = _new_threat_form(a)
    [w for w in form.selectbox if w.label == "Kategori"][0].set_value(wb.catalogue.categories(LOCAL_ACTOR)[0])
    [w for w in form.text_input if w.label == "Trussel"][0].input("Ingenting")
    for label in ("Fortrolighed", "Integritet", "Tilgængelighed"):
        [w for w in form.checkbox if w.label == label][0].uncheck()
    [b for b in form.button if b.label == "Opret trussel"][0].click()
    a.run()
    assert a.texts("error") == ["Truslen skal kunne ramme mindst én af fortrolighed, integritet og tilgængelighed"]
    assert table_digest(wb) == before


def test_search_filters_the_catalogue(app, wb):
    wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Zebra-angreb i serverrummet"))
    a = app("catalogue")
    a.at.text_input(key="cat_search").input("zebra")
    a.run()
    assert list(a.at.dataframe[0].value["title"]) == ["Zebra-angreb i serverrummet"]
    assert "1 trussel" in a.texts("caption")  # one, in the singular
    a.at.text_input(key="cat_search").input("MED-01")  # by its code too
    a.run()
    assert list(a.at.dataframe[0].value["code"]) == ["MED-01"]
    assert list(a.at.dataframe[0].value["fit"]) == ["F"]  # harms confidentiality: F/I/T in Danish
    a.at.text_input(key="cat_search").input("zzzz")  # nothing: a Danish sentence, not an empty table's "empty"
    a.run()
    assert not a.at.dataframe and "0 trusler" in a.texts("caption")
    assert a.texts("info") == ["Ingen trusler passer til søgningen og filtrene."]
    assert a.at.tabs and len(a.at.tabs) == 2 and a.at.tabs[1].label == "Udveksling"  # the exchange tab is still drawn


def test_edit_threat(app, wb):
    tid = wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Vandskade"))
    a = app("catalogue")
    _select_code(a, "EGN-01")
    assert "Ret EGN-01" in a.texts("subheader")
    form = [f for f in a.at.get("form") if f.key.startswith(f"edit_threat_{tid}_")][0]
    [w for w in form.text_input if w.label == "Trussel"][0].input("Vandskade i kælderen")
    [b for b in form.button if b.label == "Gem ændringer"][0].click()
    a.run()
    threat = wb.catalogue.get(LOCAL_ACTOR, tid)
    assert (threat.title, threat.version) == ("Vandskade i kælderen", 2)
    assert "Truslen 'Vandskade i kælderen' er gemt." in a.texts("success")


def test_hidden_threat_disappears_unless_show_hidden(app, wb):
    tid = wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Brand i arkivet"))
    a = app("catalogue")
    n = len(a.at.dataframe[0].value)
    _select_code(a, "EGN-01")
    a.button("Skjul truslen").click()
    a.run()

    assert wb.catalogue.get(LOCAL_ACTOR, tid).hidden
    assert "'Brand i arkivet' er skjult." in a.texts("success")
    table = a.at.dataframe[0].value
    assert "EGN-01" not in list(table["code"]) and len(table) == n - 1

    a.one("checkbox", "Vis skjulte").check()
    a.run()
    table = a.at.dataframe[0].value
    row = table[table["code"] == "EGN-01"].iloc[0]
    assert row["hidden_txt"] == "Skjult"
    assert len(table) == n


def test_hidden_threat_can_be_shown_again(app, wb):
    tid = wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Tyveri af bærbar"))
    wb.catalogue.set_hidden(LOCAL_ACTOR, tid, 1, True)
    a = app("catalogue")
    a.one("checkbox", "Vis skjulte").check()
    a.run()
    _select_code(a, "EGN-01")
    a.button("Vis truslen igen").click()
    a.run()
    assert not wb.catalogue.get(LOCAL_ACTOR, tid).hidden
    assert "'Tyveri af bærbar' vises igen." in a.texts("success")


def test_narrowing_the_table_after_picking_a_row_does_not_crash(app, wb):
    """Regression: a kept row position past the end of the filtered table raised IndexError."""
    a = app("catalogue")
    a.select_row(20)
    assert len(a.texts("subheader")) == 1
    a.at.text_input(key="cat_search").input("phishing")
    a.run()  # App.run asserts that no exception is shown
    assert len(a.at.dataframe[0].value) < 20
    assert a.texts("subheader") == []


def test_after_hiding_the_next_threat_is_not_opened_for_editing(app, wb):
    """Regression: the kept row position opened the threat that moved into it, with its own hide button."""
    wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Brand i arkivet"))
    a = app("catalogue")
    _select_code(a, "EGN-01")
    a.button("Skjul truslen").click()
    a.run()
    assert "'Brand i arkivet' er skjult." in a.texts("success")
    assert a.texts("subheader") == []
    assert "Skjul truslen" not in a.labels("button")


def test_in_english_the_seeded_threats_have_english_titles_and_categories(app, wb):
    """Issue 18: in English mode the catalogue's threats and categories stayed Danish."""
    wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Medarbejdere", title="Egen trussel", harms_c=True))
    a = app("catalogue")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    table = a.at.dataframe[0].value
    rows = dict(zip(table["code"], zip(table["category"], table["title"], strict=True), strict=True))
    assert rows["MED-01"] == ("Staff", "Misdirected email with a CPR number or health data")
    assert rows["SKY-08"] == ("Shadow IT", "Systems with no owner and no registration")
    own = next(v for k, v in rows.items() if k.startswith("EGN-"))
    assert own == ("Staff", "Egen trussel")  # the municipality's own threat is shown as written
    # The seeded file has an English title and category for every threat.
    assert all(not any("æ" in t or "ø" in t or "å" in t for t in v) for k, v in rows.items() if not k.startswith("EGN-"))
    assert dict(zip(table["code"], table["fit"], strict=True))["MED-01"] == "C"  # C/I/A in English, not F/I/T
    categories = next(s for s in a.at.selectbox if s.label == "Category")  # the new threat's category: English shown
    assert "Staff" in categories.options and "Medarbejdere" not in categories.options


def test_in_english_the_search_finds_a_seeded_threat_by_its_english_text(app, wb):
    a = app("catalogue")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    a.at.text_input(key="cat_search").input("data protection agency")  # only in the English descriptions
    a.run()
    codes = list(a.at.dataframe[0].value["code"])
    assert "MED-01" in codes and "LEV-03" in codes and "CYB-02" not in codes
    a.at.text_input(key="cat_search").input("Datatilsynet")  # the Danish text still finds it
    a.run()
    assert "MED-01" in list(a.at.dataframe[0].value["code"])


def test_in_english_editing_a_seeded_threat_shows_its_english_text_above_the_danish(app, wb):
    a = app("catalogue")
    a.at.selectbox(key="lang").set_value("en")
    a.run()
    _select_code(a, "MED-01")
    assert a.texts("subheader") == ["Edit MED-01"]
    [note] = [c for c in a.texts("caption") if c.startswith("In English this threat reads:")]
    assert "**Misdirected email with a CPR number or health data**. An employee sends an email" in note
    # An edited title is shown as written, the unchanged description still in English
    threat = wb.catalogue.get(LOCAL_ACTOR, int(wb.catalogue.list(LOCAL_ACTOR).query("code == 'MED-02'")["id"].iloc[0]))
    wb.catalogue.update(LOCAL_ACTOR, threat.id, threat.version, ThreatInput(
        category=threat.category, title="Opslag i egne sager", description=threat.description,
        harms_c=threat.harms_c, harms_i=threat.harms_i, harms_a=threat.harms_a, tags=threat.tags,
        controls=threat.controls))
    b = app("catalogue")
    b.at.selectbox(key="lang").set_value("en")
    b.run()
    _select_code(b, "MED-02")
    [note] = [c for c in b.texts("caption") if c.startswith("In English this threat reads:")]
    assert "**Opslag i egne sager**. An employee looks up information" in note  # title as written, description English
    # The municipality's own threat: no English text, no note
    wb.catalogue.create(LOCAL_ACTOR, ThreatInput(category="Fysisk", title="Brand i arkivet", description="Som skrevet"))
    c = app("catalogue")
    c.at.selectbox(key="lang").set_value("en")
    c.run()
    _select_code(c, "EGN-01")
    assert c.texts("subheader") == ["Edit EGN-01"]
    assert not [t for t in c.texts("caption") if t.startswith("In English this threat reads:")]
