"""Catalogue exchange, the use case: export this municipality's catalogue, scale preset and Annex A mapping
as one file, and preview or import another municipality's file through the catalogue's rules (audited,
coordinator only). The file format itself is riskmodel.formats.catalogue (pure, no store)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from riskmodel.domain.dates import DK
from riskmodel.domain.errors import PermissionDenied, ValidationError
from riskmodel.domain.model import Actor
from riskmodel.domain.scales import Preset, presets
from riskmodel.domain.threats import ThreatChange, ThreatDiff
from riskmodel.formats.catalogue import FORMAT, FORMATS, Exchange, to_json, to_xlsx
from riskmodel.services import Workbench
from riskmodel.services.common import record_denial, require


@dataclass
class PresetComparison:
    """The file's scale preset against this municipality's.

    status: ``same`` (same id, identical definition), ``differs`` (same id, other definition:
    reported, not applied), ``other`` (another preset that exists here: the coordinator may
    switch to it through the settings, if ``can_switch``), ``unknown`` (no such preset here:
    presets are installed as files in data/scales, never from an import).
    """

    status: str
    file_id: str
    file_name: str
    local_id: str
    local_name: str
    differences: list[str] = field(default_factory=list)  # parts: name, description, size, likelihood, ...
    can_switch: bool = False
    why_not: str = ""


@dataclass
class CatalogueDiff:
    """What importing an exchange file would do (see :func:`preview`)."""

    threats: ThreatDiff
    preset: PresetComparison
    municipality: str
    exported_at: str

    @property
    def new(self) -> list[dict]:
        return self.threats.new

    @property
    def changed(self) -> list[ThreatChange]:
        return self.threats.changed

    @property
    def unchanged(self) -> list[str]:
        return self.threats.unchanged

    @property
    def absent(self) -> list[dict]:
        return self.threats.absent


def _require(wb: Workbench, actor: Actor, action: str, call: str) -> None:
    """The access check of the services, with the refusal written to the audit trail like theirs."""
    try:
        require(actor, action)
    except PermissionDenied as err:
        record_denial(wb.db, actor, f"catalogue_exchange.{call}", str(err))
        err.audited = True
        raise


# =====================================================================================
# Export
# =====================================================================================


def build_exchange(wb: Workbench, actor: Actor, now: datetime | None = None) -> Exchange:
    """The municipality's catalogue (hidden threats too), preset and mapping as an exchange object."""
    _require(wb, actor, "catalogue.read", "export_catalogue")
    df = wb.catalogue.list(actor, include_hidden=True)
    threats = []
    for r in df.to_dict("records"):
        threats.append({
            "code": r["code"], "category": r["category"], "title": r["title"], "description": r["description"],
            "harms_c": bool(r["harms_c"]), "harms_i": bool(r["harms_i"]), "harms_a": bool(r["harms_a"]),
            "tags": list(r["tags"]), "controls": list(r["controls"]), "hidden": bool(r["hidden"]),
        })
    when = (now or datetime.now(DK)).replace(microsecond=0)
    if when.tzinfo is None:
        when = when.replace(tzinfo=DK)
    return Exchange(municipality=wb.settings.municipality(), exported_at=when.isoformat(), threats=threats,
                    preset=wb.settings.preset())


def export_catalogue(wb: Workbench, actor: Actor, fmt: str = "json", now: datetime | None = None) -> bytes:
    """The catalogue exchange file as bytes: ``fmt`` "json" or "xlsx"."""
    if fmt not in FORMATS:
        raise ValidationError("err.catalogue.unknown_format", "fmt", fmt=fmt)
    exchange = build_exchange(wb, actor, now)
    return to_json(exchange) if fmt == "json" else to_xlsx(exchange)



PRESET_PARTS = ("name", "description", "size", "likelihood", "consequence", "levels", "matrix")


def preset_differences(here: Preset, there: Preset) -> list[str]:
    """The parts in which two definitions differ (see PRESET_PARTS)."""
    out = []
    if (here.name_da, here.name_en) != (there.name_da, there.name_en):
        out.append("name")
    if (here.description_da, here.description_en) != (there.description_da, there.description_en):
        out.append("description")
    if here.size != there.size:
        out.append("size")
    for part in ("likelihood", "consequence", "levels", "matrix"):
        if getattr(here, part) != getattr(there, part):
            out.append(part)
    return out


def compare_preset(wb: Workbench, incoming: Preset) -> PresetComparison:
    local = wb.settings.preset()
    known = presets()
    base = {"file_id": incoming.id, "file_name": incoming.name_da, "local_id": local.id, "local_name": local.name_da}
    if incoming.id == local.id:
        diffs = preset_differences(local, incoming)
        return PresetComparison(status="differs" if diffs else "same", differences=diffs, **base)
    if incoming.id in known:
        ok, why = wb.settings.can_choose(incoming.id)
        return PresetComparison(status="other", differences=preset_differences(known[incoming.id], incoming),
                                can_switch=ok, why_not=why, **base)
    return PresetComparison(status="unknown", **base)


def preview(wb: Workbench, actor: Actor, exchange: Exchange) -> CatalogueDiff:
    """What an import of ``exchange`` would do: threats new, changed (field, before, after), unchanged, and
    ours that the file lacks (left as they are); and the file's scale against ours. Writes nothing."""
    diff = wb.catalogue.diff(actor, exchange.threats)
    return CatalogueDiff(threats=diff, preset=compare_preset(wb, exchange.preset),
                         municipality=exchange.municipality, exported_at=exchange.exported_at)


def apply(
    wb: Workbench, actor: Actor, exchange: Exchange, include_changed: bool = True, expected: CatalogueDiff | None = None
) -> tuple[int, int]:
    """Import the file's new threats and (``include_changed``) its changed ones in one transaction.

    Coordinator only (``catalogue.write``), audited, the code as the key; one invalid threat and
    nothing is written. With ``expected`` (the preview the user saw) the import is refused if the
    catalogue changed since. The scale preset is never touched. Returns (added, updated).
    """
    source = {"municipality": exchange.municipality, "exported_at": exchange.exported_at,
              "format": f"{FORMAT}/{exchange.format_version}", "file": exchange.kind, "preset": exchange.preset.id}
    return wb.catalogue.import_threats(actor, exchange.threats, include_changed=include_changed,
                                       expected=expected.threats if expected is not None else None, source=source)
