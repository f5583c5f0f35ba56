"""The demo's structure: agencies, users, partnerships, development models and plans (small and
fixed), and the calibration of this run's plans against what was achieved. See generator.py."""

import datetime
import math
import random
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from partnerships import geography, services
from partnerships.access.roles import Role
from partnerships.demo import data as D
from partnerships.demo.common import (
    PROGRAMME_START,
    Level,
    DEMO_USERS,
    lower_first,
)
from partnerships.io.admin_units import QUANG_NAM
from partnerships.models import Activity, ActivityCategory, ActivityStatus, AdministrativeUnit, Agency, AnnualPlan
from partnerships.models import DevelopmentModel, Partnership, PartnershipStatus, PlanCategoryTarget, User, money_total


@dataclass
class PlannedPartnership:
    agency: str
    unit_code: str
    signed_on: datetime.date
    ended_on: datetime.date | None = None
    end_reason: str = ""


def plan_partnerships(units: dict[str, AdministrativeUnit], today: datetime.date) -> list[PlannedPartnership]:
    """Who twins with whom. Deterministic: the same list on every run, whatever --seed says."""
    rng = random.Random("ketnghia-demo-structure")
    plan = [PlannedPartnership(a, code, datetime.date.fromisoformat(d)) for a, code, d in D.KEY_PARTNERSHIPS]
    taken_agencies = {p.agency for p in plan}
    used = {p.unit_code for p in plan}
    districts = sorted(c for c in units if units[c].level == Level.DISTRICT and units[c].is_mountainous)
    communes = sorted(c for c in units if units[c].level == Level.COMMUNE and units[c].is_mountainous)
    border = [c for c in communes if units[c].is_border]

    def pick(pool):
        free = [c for c in pool if c not in used] or pool
        code = rng.choice(free)
        used.add(code)
        return code

    def signed():
        return PROGRAMME_START + datetime.timedelta(days=14 + rng.randrange(200))

    generated = []
    for name, _short, kind in D.AGENCIES:
        if name in taken_agencies:
            continue
        if kind == Agency.Kind.LOCALITY:
            codes = [pick(districts)]
        elif kind == Agency.Kind.ARMED_FORCES:
            codes = [pick(border), pick(border)]
        else:
            codes = [pick(communes)] + ([pick(communes)] if rng.random() < 0.3 else [])
        for code in codes:
            generated.append(PlannedPartnership(name, code, signed()))
    plan += generated

    # A few partnerships ended (with a reason), each agency moving on to another commune.
    for ended in rng.sample([p for p in generated if len(p.unit_code) == 5], 5):
        ended.ended_on = datetime.date(2023, 3, 1) + datetime.timedelta(days=rng.randrange(540))
        ended.end_reason = rng.choice(D.END_REASONS)
        successor_signed = ended.ended_on + datetime.timedelta(days=1 + rng.randrange(45))
        plan.append(PlannedPartnership(ended.agency, pick(communes), min(successor_signed, today)))
    return plan


def _new_communes(old_units: dict[str, AdministrativeUnit]):
    """The communes that took over the old ones (the province's successors' communes), with
    their former district loaded."""
    old_ids = [u.pk for u in old_units.values() if u.level == Level.COMMUNE]
    return AdministrativeUnit.objects.filter(
        level=Level.COMMUNE, predecessor_links__predecessor__in=old_ids
    ).distinct().select_related("former_district")


class Structure:
    """Creates (or finds) the fixed part of the demo and remembers what the generator needs."""

    def __init__(self, password: str):
        self.password = password
        self.today = timezone.localdate()

    @transaction.atomic
    def build(self):
        # Quảng Nam's units before the 2025 reform, by code (codes were reused after it), and the
        # communes of the city it became part of (Đà Nẵng, 48), from 01/07/2025.
        self.units = {u.code: u for u in geography.units_of_province(QUANG_NAM)}
        self.new_units = list(_new_communes(self.units))
        self.agencies = self._agencies()
        self.planned = plan_partnerships(self.units, self.today)
        self.users = self._users()
        self.partnerships = self._partnerships()
        self._repoint()
        self.models = self._development_models()
        self._plans()

    def _repoint(self):
        """What a coordinator does after 1 July 2025: confirm every re-pointing proposal (old
        partnerships end on 30/06/2025, their agencies continue at the new communes, plans of
        later years carried over: none yet on that day), through the same service as the
        coordinator's page. The successors then get models and plans like any partnership, and
        take part in the activities."""
        coordinator = self.users["coordinator"]
        old = [p for p in self.partnerships if p.status == PartnershipStatus.ACTIVE]
        proposals = services.repointing_proposals(actor=coordinator, partnerships=old)
        if proposals:
            services.partnerships_repoint(actor=coordinator, partnerships=[p.partnership for p in proposals])
        old_ids = [p.pk for p in self.partnerships]
        self.partnerships = list(Partnership.objects.filter(pk__in=old_ids).order_by("pk"))
        successors = list(
            Partnership.objects.filter(predecessors__in=old_ids).distinct().order_by("pk")
        )
        # A district's work continues in the 3 to 6 communes formed from its communes: each
        # successor gets its share of the district's activity, so the trend does not jump in 2025.
        heirs = {}  # (old partnership id, its unit id) → its successors' ids
        for successor_id, old_id, unit_id in Partnership.predecessors.through.objects.filter(
            to_partnership__in=old_ids
        ).values_list("from_partnership_id", "to_partnership_id", "to_partnership__unit_id"):
            heirs.setdefault((old_id, unit_id), []).append(successor_id)
        self.activity_share = {}
        for (_old, unit_id), pks in heirs.items():
            weight = 2 if self.units_by_pk[unit_id].level == Level.DISTRICT else 1
            for pk in pks:
                self.activity_share[pk] = self.activity_share.get(pk, 0) + weight / len(pks)
        self.partnerships += successors

    def _agencies(self) -> dict[str, Agency]:
        rng = random.Random("ketnghia-demo-agencies")
        existing = {a.name: a for a in Agency.objects.filter(name__in=[n for n, _s, _k in D.AGENCIES])}
        new = []
        for index, (name, short, kind) in enumerate(D.AGENCIES, start=1):
            person = f"{rng.choice(D.FAMILY_NAMES)} {rng.choice(D.GIVEN_NAMES)}"
            phone = f"0235 3{rng.randrange(10**6):06d}"
            if name in existing:
                continue
            town = name.removeprefix("UBND ").split(" ", 1)[1] if kind == Agency.Kind.LOCALITY else "Tam Kỳ"
            new.append(Agency(
                name=name, short_name=short, kind=kind, contact_person=person, phone=phone,
                address=f"{town}, tỉnh Quảng Nam" if kind == Agency.Kind.LOCALITY else "Tam Kỳ, tỉnh Quảng Nam",
                email=f"vanthu{index:02d}@demo.quangnam.gov.vn",
            ))
        Agency.objects.bulk_create(new)  # reference data, loaded before any user exists (like the units)
        return {a.name: a for a in Agency.objects.filter(name__in=[n for n, _s, _k in D.AGENCIES])}

    def _users(self) -> dict[str, User]:
        groups = {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
        places = {
            "officer": {"agency": self.agencies[D.OFFICER_AGENCY]},
            "officer2": {"agency": self.agencies[D.OFFICER2_AGENCY]},
            # The focal point works at today's commune: the one that took old Trà Leng on 01/07/2025
            # (the map's main successor), so they see and confirm the work recorded there since.
            "focal": {"locality": geography.as_of(self.units[D.FOCAL_COMMUNE])},
        }
        users = {}
        for username, family, given, role, is_staff, is_superuser in DEMO_USERS:
            user = User.objects.filter(username=username).first() or User(username=username)
            user.first_name, user.last_name = family, given
            user.email = f"{username}@demo.ketnghia.vn"
            user.is_staff, user.is_superuser, user.is_active = is_staff, is_superuser, True
            user.agency = places.get(username, {}).get("agency")
            user.locality = places.get(username, {}).get("locality")
            user.set_password(self.password)
            user.save()
            user.groups.set([groups[role.value]])
            users[username] = user
        return users

    def _partnerships(self) -> list[Partnership]:
        actor = self.users["admin"]
        existing = {
            (p.agency_id, p.unit_id): p
            for p in Partnership.objects.filter(agency__in=list(self.agencies.values()))
        }
        result = []
        for planned in self.planned:
            agency, unit = self.agencies[planned.agency], self.units[planned.unit_code]
            partnership = existing.get((agency.pk, unit.pk))
            if partnership is None:
                number = len(result) + 1
                partnership = services.partnership_create(
                    actor=actor, agency=agency, unit=unit, signed_on=planned.signed_on,
                    agreement_number=f"{number:02d}/TTKN-{planned.signed_on.year}",
                    note="Dữ liệu minh họa (seed_demo).",
                )
                if planned.ended_on:
                    partnership = services.partnership_end(
                        actor=actor, partnership=partnership, ended_on=planned.ended_on, reason=planned.end_reason
                    )
            result.append(partnership)
        return result

    def communes_of(self, partnership: Partnership) -> list[AdministrativeUnit]:
        unit = self.units_by_pk[partnership.unit_id]
        if unit.level == Level.COMMUNE:
            return [unit]
        return self.children[unit.pk]

    @property
    def units_by_pk(self):
        if not hasattr(self, "_units_by_pk"):
            self._units_by_pk = {u.pk: u for u in [*self.units.values(), *self.new_units]}
            self.children = {}
            for u in sorted(self.units.values(), key=lambda u: u.code):
                if u.level == Level.COMMUNE:
                    self.children.setdefault(geography.district_id_of(u), []).append(u)
        return self._units_by_pk

    def _development_models(self) -> list[DevelopmentModel]:
        """Models built, maintained and developed by partners; some replicated to other communes."""
        rng = random.Random("ketnghia-demo-models")
        wanted = []  # (partnership, commune, name, sector, stage, households, started_on, original index)
        for partnership in self.partnerships:
            for _ in range(rng.choice([0, 1, 1, 2])):
                commune = rng.choice(self.communes_of(partnership))
                template, sector = rng.choice(D.MODEL_KINDS)
                # Within the partnership's own period (a re-pointed one ended on 30/06/2025: its
                # communes do not exist after that).
                started = min(partnership.signed_on + datetime.timedelta(days=30 + rng.randrange(400)),
                              partnership.ended_on or self.today, self.today)
                stage = rng.choices(
                    [DevelopmentModel.Stage.BUILT, DevelopmentModel.Stage.MAINTAINED, DevelopmentModel.Stage.DEVELOPED],
                    [3, 4, 3],
                )[0]
                wanted.append((partnership, commune, template, sector, stage, 5 + rng.randrange(36), started, None))
        originals = list(range(len(wanted)))
        for index in rng.sample(originals, len(originals) // 3):
            source = wanted[index]
            started = min(source[6] + datetime.timedelta(days=180 + rng.randrange(360)), self.today)
            # A partnership running on that day (before the reform an old one, after it its
            # successor; a later run finds the same ones, re-pointed or not).
            running = [
                p for p in self.partnerships
                if (p.status == PartnershipStatus.ACTIVE or p.end_reason == services.REPOINT_REASON)
                and p.signed_on <= started and (p.ended_on is None or p.ended_on >= started)
            ]
            if not running:
                continue
            target = rng.choice(running)
            commune = rng.choice(self.communes_of(target))
            if commune == source[1]:
                continue
            wanted.append((target, commune, source[2], source[3], DevelopmentModel.Stage.REPLICATED,
                           5 + rng.randrange(20), started, index))

        created = []
        for partnership, commune, template, sector, stage, households, started, source in wanted:
            name = template.format(xa=lower_first(commune.name))
            model = DevelopmentModel.objects.filter(partnership=partnership, commune=commune, name=name).first()
            if model is None:
                stage, dates = self._stage_dates(rng, stage, started)
                model = services.development_model_save(
                    actor=self.users["admin"], partnership=partnership, commune=commune, name=name, sector=sector,
                    stage=stage, households=households, started_on=started, **dates,
                    replicated_from=created[source] if source is not None else None,
                    description="Mô hình minh họa; số hộ và thời gian là dữ liệu giả lập.",
                )
            created.append(model)
        return created

    def _stage_dates(self, rng, stage, started: datetime.date) -> tuple[str, dict]:
        """Believable stage dates: a model is maintained after its first season or two (6 to 14
        months), developed a year or so later; a replica is replicated when it starts. A model
        too young for the drawn stage stays at the stage its age allows."""
        Stage = DevelopmentModel.Stage
        if stage == Stage.REPLICATED:
            return stage, {"replicated_on": started}
        dates, day, reached = {}, started, Stage.BUILT
        for next_stage, field, months in ((Stage.MAINTAINED, "maintained_on", (6, 14)),
                                          (Stage.DEVELOPED, "developed_on", (10, 20))):
            if stage == Stage.BUILT or (stage == Stage.MAINTAINED and next_stage == Stage.DEVELOPED):
                break
            day = day + datetime.timedelta(days=30 * rng.randint(*months) + rng.randrange(20))
            if day > self.today:
                break
            dates[field], reached = day, next_stage
        return reached, dates

    def _plans(self):
        """An annual plan per partnership and year, with targets per category."""
        rng = random.Random("ketnghia-demo-plans")
        categories = list(ActivityCategory.objects.filter(is_active=True).order_by("sort_order"))
        substantive = [c for c in categories if c.is_substantive]
        existing = set(AnnualPlan.objects.filter(partnership__in=self.partnerships).values_list("partnership_id", "year"))
        actor, by_pk = self.users["admin"], {c.pk: c for c in categories}
        targets = {}
        for partnership in self.partnerships:
            first = partnership.signed_on.year + (1 if partnership.signed_on.month >= 10 else 0)
            last = partnership.ended_on.year if partnership.ended_on else self.today.year
            if partnership.unit.valid_to:  # no plan for a year after its unit was merged (re-pointing carries on)
                last = min(last, partnership.unit.valid_to.year)
            for year in range(first, last + 1):
                money = rng.randrange(2, 25) * 100_000_000
                plan = dict(
                    money_target=money,
                    society_money_target=money * rng.randrange(2, 7) // 10,
                    people_trained_target=rng.randrange(0, 120, 10), jobs_target=rng.randrange(0, 40, 5),
                    households_out_of_poverty_target=rng.randrange(0, 30),
                    models_target=rng.randrange(0, 3),
                    note=f"Kế hoạch kết nghĩa năm {year} (dữ liệu minh họa).",
                )
                chosen = rng.sample(substantive, rng.randrange(3, 6)) + rng.sample(
                    [c for c in categories if not c.is_substantive], 1
                )
                counts = {c.pk: rng.randrange(1, 6) for c in chosen}
                if (partnership.pk, year) not in existing:
                    services.plan_save(actor=actor, partnership=partnership, year=year,
                                       category_targets={by_pk[pk]: n for pk, n in counts.items()}, **plan)
                    targets[(partnership.pk, year)] = counts
        self.new_plan_keys = set(targets)


def calibrate_plans(keys: set[tuple[int, int]], seed: int) -> int:
    """Set the targets of the plans created by this run against what the partnership actually
    achieved that year (approved activities), so plan-against-results pages look like a real
    programme: most plans 60–125 % achieved, some well behind. Plans of a year with nothing
    approved keep their first targets (0 % achieved: the laggards a leader looks for)."""
    if not keys:
        return 0
    partnership_ids = {p for p, _year in keys}
    approved = Activity.objects.filter(partnership_id__in=partnership_ids, status=ActivityStatus.APPROVED).annotate(
        year=ExtractYear("start_date")
    )
    results = {
        (row["partnership_id"], row["year"]): row
        for row in approved.values("partnership_id", "year").annotate(
            money=Sum(money_total()),
            society=Sum("budget_society"), trained=Sum("people_trained"), jobs=Sum("jobs_created"),
            poverty=Sum("households_out_of_poverty"),
        )
    }
    per_category: dict[tuple[int, int], dict[int, int]] = {}
    for row in approved.values("partnership_id", "year", "category_id").annotate(n=Count("pk")):
        per_category.setdefault((row["partnership_id"], row["year"]), {})[row["category_id"]] = row["n"]

    rng = random.Random(f"ketnghia-demo-calibrate-{seed}")
    plans = [
        plan for plan in AnnualPlan.objects.filter(partnership_id__in=partnership_ids).order_by("pk")
        if (plan.partnership_id, plan.year) in keys and (plan.partnership_id, plan.year) in results
    ]

    def ambition() -> float:
        # Achievement = 1 / ambition: mostly 0.8–1.6 targets of what was done, a fifth of plans far ahead of it.
        return 0.8 + rng.random() * 0.8 if rng.random() < 0.8 else 1.6 + rng.random() * 1.4

    def scaled(value: int, factor: float, step: int = 1) -> int:
        return math.ceil((value or 0) * factor / step) * step

    category_targets = []
    for plan in plans:
        key = (plan.partnership_id, plan.year)
        done, factor = results[key], ambition()
        plan.money_target = max(scaled(done["money"], factor, 10_000_000), 10_000_000)
        plan.society_money_target = min(scaled(done["society"], factor, 5_000_000), plan.money_target)
        plan.people_trained_target = scaled(done["trained"], factor, 5)
        plan.jobs_target = scaled(done["jobs"], factor)
        plan.households_out_of_poverty_target = scaled(done["poverty"], factor)
        category_targets += [
            PlanCategoryTarget(plan=plan, category_id=category, activities_target=max(1, scaled(n, factor)))
            for category, n in per_category.get(key, {}).items()
        ]
    with transaction.atomic():
        AnnualPlan.objects.bulk_update(
            plans, ["money_target", "society_money_target", "people_trained_target", "jobs_target",
                    "households_out_of_poverty_target"], batch_size=500,
        )
        PlanCategoryTarget.objects.filter(plan__in=plans).delete()
        PlanCategoryTarget.objects.bulk_create(category_targets, batch_size=1000)
    return len(plans)
