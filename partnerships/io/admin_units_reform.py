"""Loading a reform of the administrative map: the new units, the old units' end date and the
successor map (old → new), from the data read by `admin_units_2025`.

One generation of units is told from the other by validity, never by code (64 Quảng Nam codes
were reused by a different unit): the old generation (vietnam-provinces 0.6.0) has no start date
and ends on 30/06/2025, the new one starts on 01/07/2025. Idempotent like the three-level loader:
a second run changes nothing, and flags of existing units are never overwritten.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from partnerships import geography
from partnerships.io import admin_units_2025 as source
from partnerships.io.admin_units import _FLAGS, UnknownProvince, load_units
from partnerships.models import AdministrativeUnit, UnitSuccession

Level = AdministrativeUnit.Level


@dataclass
class ReformResult:
    old: object = None  # the three-level loader's LoadResult
    new_created: int = 0
    new_updated: int = 0
    old_ended: int = 0
    successions_created: int = 0
    successions_updated: int = 0
    # Old communes loaded that no arrow of the map leaves: reported, never dropped.
    unmapped: list = field(default_factory=list)
    # Old communes mapped only by EXPLICIT_SUCCESSORS (a decision, not the package).
    decided: list = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.new_created or self.new_updated or self.old_ended or self.successions_created
            or self.successions_updated or (self.old and (self.old.created or self.old.updated))
        )


def _old_generation():
    return AdministrativeUnit.objects.filter(valid_from__isnull=True)


def _new_generation():
    return AdministrativeUnit.objects.filter(valid_from=source.REFORM_DATE)


def provinces_for(codes: list[str] | None) -> tuple[set[str], set[str]]:
    """(old province codes, new province codes) to load for `--province` codes (None: all).

    A requested code names an old province (or, failing that, a new one); the new province it
    became part of is loaded whole, with every old province that went into it, so that the map
    of the new province is complete.
    """
    old_to_new = source.province_successors()
    if codes is None:
        return set(old_to_new), set(old_to_new.values())
    new_codes = {p.code for p in source.new_provinces()}
    unknown = [c for c in codes if c not in old_to_new and c not in new_codes]
    if unknown:
        raise UnknownProvince(
            _("Không có tỉnh, thành phố mã %(codes)s trong dữ liệu đơn vị hành chính (mã hợp lệ: 01–96).")
            % {"codes": ", ".join(unknown)}
        )
    wanted_new = {old_to_new.get(c, c) for c in codes}
    return {o for o, n in old_to_new.items() if n in wanted_new}, wanted_new


@transaction.atomic
def load_reform(codes: list[str] | None = None, *, reset_flags: bool = False) -> ReformResult:
    """Load the old units of the provinces named (None: all), the new provinces they went into,
    and the map between them. `reset_flags` applies to the old units only (their documented
    defaults); a new unit's flags are proposed once, when it is created."""
    old_codes, new_codes = provinces_for(codes)
    result = ReformResult()
    result.old = load_units(None if codes is None else sorted(int(c) for c in old_codes), reset_flags=reset_flags)
    end = source.LAST_DAY_BEFORE

    loaded_old = _old_generation().filter(
        Q(level=Level.PROVINCE, code__in=old_codes)
        | Q(parent__code__in=old_codes, parent__valid_from__isnull=True)
        | Q(parent__parent__code__in=old_codes, parent__parent__valid_from__isnull=True)
    )
    # One UPDATE, not a CASE per row: the whole old generation ends the same day.
    result.old_ended = AdministrativeUnit.objects.filter(
        pk__in=loaded_old.exclude(valid_to=end).values("pk")
    ).update(valid_to=end)
    old_units = {u.code: u for u in loaded_old}

    # New provinces, then their communes (parent: the province; there are no districts).
    wanted = {p.code: p for p in source.new_provinces() if p.code in new_codes}
    rows = [(Level.PROVINCE, p.code, p.name, None) for p in wanted.values()]
    rows += [(Level.COMMUNE, u.code, u.name, u.province_code) for u in source.new_units() if u.province_code in new_codes]
    arrows = [a for a in source.successions() if a.old_code in old_units]
    new_units = {u.code: u for u in _new_generation()}
    created_codes = set()
    for level in (Level.PROVINCE, Level.COMMUNE):
        to_create, to_update = [], []
        for row_level, code, name, parent_code in rows:
            if row_level != level:
                continue
            parent_id = new_units[parent_code].pk if parent_code else None
            unit = new_units.get(code)
            if unit is None:
                to_create.append(AdministrativeUnit(
                    code=code, name=name, level=level, parent_id=parent_id, valid_from=source.REFORM_DATE,
                ))
            elif (unit.name, unit.level, unit.parent_id) != (name, level, parent_id):
                unit.name, unit.level, unit.parent_id = name, level, parent_id
                to_update.append(unit)
        AdministrativeUnit.objects.bulk_create(to_create, batch_size=2000)
        AdministrativeUnit.objects.bulk_update(to_update, ["name", "level", "parent"], batch_size=500)
        result.new_created += len(to_create)
        result.new_updated += len(to_update)
        created_codes |= {u.code for u in to_create}
        if to_create:
            new_units = {u.code: u for u in _new_generation()}

    # The map: old commune → new commune(s); old district → the new communes that took its
    # communes; old province → new province.
    wanted_arrows = {}  # (old pk, new pk) → (is_main, note)
    old_district_targets = defaultdict(set)
    for a in arrows:
        if a.new_code not in new_units:
            continue
        old, new = old_units[a.old_code], new_units[a.new_code]
        wanted_arrows[(old.pk, new.pk)] = (a.is_main, a.note)
        if old.level == Level.COMMUNE:
            old_district_targets[old.parent_id].add(new.pk)
    for district_id, targets in old_district_targets.items():
        # A district goes to several communes: none is "main"; reports label by the old district.
        for new_pk in targets:
            wanted_arrows.setdefault((district_id, new_pk), (len(targets) == 1, ""))
    old_to_new = source.province_successors()
    for code in old_codes:
        if code in old_units and old_to_new[code] in new_units:
            wanted_arrows[(old_units[code].pk, new_units[old_to_new[code]].pk)] = (True, "")

    existing = {
        (s.predecessor_id, s.successor_id): s
        for s in UnitSuccession.objects.filter(predecessor_id__in=[u.pk for u in old_units.values()])
    }
    to_create, to_update = [], []
    for (old_pk, new_pk), (is_main, note) in wanted_arrows.items():
        s = existing.get((old_pk, new_pk))
        if s is None:
            to_create.append(UnitSuccession(
                predecessor_id=old_pk, successor_id=new_pk, effective_on=source.REFORM_DATE, is_main=is_main, note=note,
            ))
        elif (s.is_main, s.note) != (is_main, note):
            s.is_main, s.note = is_main, note
            to_update.append(s)
    # Clear "main" before setting it elsewhere, so the one-main-per-unit constraint holds throughout.
    UnitSuccession.objects.filter(pk__in=[s.pk for s in to_update if not s.is_main]).update(is_main=False)
    UnitSuccession.objects.bulk_update(to_update, ["is_main", "note"], batch_size=500)
    UnitSuccession.objects.bulk_create(to_create, batch_size=2000)
    result.successions_created, result.successions_updated = len(to_create), len(to_update)

    mapped = {old for old, _ in wanted_arrows}
    result.unmapped = sorted(
        (u for u in old_units.values() if u.level == Level.COMMUNE and u.pk not in mapped), key=lambda u: u.code
    )
    result.decided = sorted(
        (old_units[a.old_code], new_units[a.new_code], a.note) for a in arrows
        if a.note and a.new_code in new_units
    )
    _propose_flags(created_codes, new_units)
    geography.link_units_forward()  # what reports "as of today" read
    return result


def _propose_flags(created_codes: set[str], new_units: dict) -> None:
    """A new unit's targeting flags are proposed from its predecessors: any predecessor flagged →
    flagged. Only on creation: afterwards coordinators edit them (and the edit is audited)."""
    created = [new_units[c] for c in created_codes if new_units[c].level == Level.COMMUNE]
    if not created:
        return
    flags = defaultdict(lambda: dict.fromkeys(_FLAGS, False))
    for succ_id, *values in UnitSuccession.objects.filter(
        successor__in=created, predecessor__level=Level.COMMUNE
    ).values_list("successor_id", *(f"predecessor__{f}" for f in _FLAGS)):
        for f, v in zip(_FLAGS, values):
            flags[succ_id][f] |= v
    # One UPDATE per combination of flags (at most 16), not a CASE per unit.
    by_flags = defaultdict(list)
    for unit in created:
        if unit.pk in flags and any(flags[unit.pk].values()):
            by_flags[tuple(flags[unit.pk].items())].append(unit.pk)
    for values, pks in by_flags.items():
        for i in range(0, len(pks), 500):
            AdministrativeUnit.objects.filter(pk__in=pks[i : i + 500]).update(**dict(values))
