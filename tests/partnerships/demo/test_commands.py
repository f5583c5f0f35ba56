"""The two commands of the foundation: load_admin_units and seed_demo.

Longer than 400 lines on purpose: seed_demo builds on load_admin_units, and both halves share
the helpers that run a command and read the units (`run`, `old_units`, `flags`).
"""

import datetime
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Sum
from django.test.utils import CaptureQueriesContext

from partnerships.models import (
    Activity,
    ActivityCategory,
    ActivityStatus,
    ActivityStatusChange,
    AdministrativeUnit,
    Agency,
    AnnualPlan,
    DevelopmentModel,
    Partnership,
    PartnershipStatus,
    PlanCategoryTarget,
    User,
)
from partnerships.access.roles import Role

Level = AdministrativeUnit.Level
MOUNTAINOUS_DISTRICTS = {"504", "505", "510", "511", "512", "514", "515", "516"}
BORDER_DISTRICTS = {"504", "510", "511"}
FORMER_NONG_SON = {"20656", "20668", "20669", "20671", "20674", "20692"}


def run(*args, **options) -> str:
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


def old_units():
    """The three-level units (no start date); the units since 2025 are tested in io/test_load_reform.py."""
    return AdministrativeUnit.objects.filter(valid_from__isnull=True)


def flags(code):
    unit = old_units().get(code=code)
    return (unit.is_mountainous, unit.is_ethnic_minority_area, unit.is_border, unit.is_especially_difficult)


# --- load_admin_units ----------------------------------------------------------------------


@pytest.mark.django_db
def test_loads_quang_nam_with_zero_padded_codes():
    output = run("load_admin_units", "--province", "49")

    province = old_units().get(code="49")
    assert (province.name, province.level, province.parent) == ("Tỉnh Quảng Nam", Level.PROVINCE, None)
    districts = old_units().filter(parent=province)
    communes = old_units().filter(parent__parent=province)
    assert districts.count() == 17
    assert set(districts.values_list("level", flat=True)) == {Level.DISTRICT}
    assert communes.count() == 234
    assert set(communes.values_list("level", flat=True)) == {Level.COMMUNE}
    # With the old Đà Nẵng (1 + 8 + 47), merged into the same new city; both end on 30/06/2025.
    assert old_units().count() == 1 + 17 + 234 + 56
    assert old_units().get(code="504").name == "Huyện Tây Giang"
    assert old_units().get(code="20335").parent.code == "502"
    assert "Đã nạp 2 tỉnh, 25 huyện, 281 xã (đến 30/06/2025)" in output
    assert "tạo mới 308" in output


@pytest.mark.django_db
def test_quang_nam_flags_follow_the_documented_defaults():
    run("load_admin_units", "--province", "49")

    districts = old_units().filter(level=Level.DISTRICT, parent__code="49")
    assert set(districts.filter(is_mountainous=True).values_list("code", flat=True)) == MOUNTAINOUS_DISTRICTS
    assert set(districts.filter(is_ethnic_minority_area=True).values_list("code", flat=True)) == MOUNTAINOUS_DISTRICTS
    assert set(districts.filter(is_border=True).values_list("code", flat=True)) == BORDER_DISTRICTS
    assert not districts.filter(is_especially_difficult=True).exists()

    communes = old_units().filter(level=Level.COMMUNE, parent__parent__code="49")
    mountainous = set(communes.filter(is_mountainous=True).values_list("code", flat=True))
    expected = set(communes.filter(parent__code__in=MOUNTAINOUS_DISTRICTS).values_list("code", flat=True))
    assert mountainous == expected | FORMER_NONG_SON
    assert len(mountainous) == 92 + 6
    assert flags("20443") == (True, True, True, True)  # Xã A Xan, Tây Giang: border, especially difficult
    assert flags("20935") == (True, True, False, True)  # Xã Trà Leng, Nam Trà My
    assert flags("20899") == (True, True, False, False)  # Thị trấn Trà My: a town, not especially difficult
    assert flags("20692") == (True, True, False, False)  # Xã Quế Lâm, formerly Nông Sơn
    assert flags("20641") == (False, False, False, False)  # Thị trấn Đông Phú, Quế Sơn proper
    assert flags("509") == (False, False, False, False)  # Quế Sơn is midland as a whole
    assert flags("503") == (False, False, False, False)  # Hội An
    border_communes = communes.filter(is_border=True)
    assert set(border_communes.values_list("parent__code", flat=True)) == BORDER_DISTRICTS
    assert set(communes.filter(is_especially_difficult=True).values_list("parent__code", flat=True)) == {
        "504", "515", "516"
    }


@pytest.mark.django_db
def test_second_run_creates_nothing_and_keeps_edited_flags():
    run("load_admin_units", "--province", "49")
    old_units().filter(code="20443").update(is_especially_difficult=False)
    old_units().filter(code="503").update(is_mountainous=True)
    ids = dict(old_units().values_list("code", "pk"))

    output = run("load_admin_units", "--province", "49")

    assert "tạo mới 0, cập nhật 0, giữ nguyên 308" in output
    assert dict(old_units().values_list("code", "pk")) == ids
    assert flags("20443") == (True, True, True, False)
    assert flags("503")[0] is True


@pytest.mark.django_db
def test_reset_flags_puts_defaults_back_on_request():
    run("load_admin_units", "--province", "49")
    old_units().filter(code="20443").update(is_especially_difficult=False)
    old_units().filter(code="503").update(is_mountainous=True)

    output = run("load_admin_units", "--province", "49", "--reset-flags")

    assert "đặt lại cờ phân loại cho 2 đơn vị" in output
    assert flags("20443") == (True, True, True, True)
    assert flags("503") == (False, False, False, False)


@pytest.mark.django_db
def test_a_renamed_unit_follows_the_package_on_reload():
    run("load_admin_units", "--province", "49")
    old_units().filter(code="504").update(name="Tên cũ")

    output = run("load_admin_units", "--province", "49")

    assert "cập nhật 1" in output
    assert old_units().get(code="504").name == "Huyện Tây Giang"


@pytest.mark.django_db
@pytest.mark.parametrize("code, message", [("99", "Không có tỉnh, thành phố mã 99"), ("abc", "Mã tỉnh phải là số")])
def test_unknown_province_is_a_clear_vietnamese_error(code, message):
    with pytest.raises(CommandError, match=message):
        run("load_admin_units", "--province", code)
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
def test_all_loads_the_country_in_a_few_queries_without_touching_edited_flags():
    # Runs in CI on both databases; about a second for ~10,800 units.
    run("load_admin_units", "--province", "49")
    old_units().filter(code="20443").update(is_border=False)

    with CaptureQueriesContext(connection) as queries:
        output = run("load_admin_units", "--all")

    assert AdministrativeUnit.objects.filter(level=Level.PROVINCE, valid_from__isnull=False).count() == 34
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=False).count() == 3321
    assert old_units().filter(level=Level.PROVINCE).count() == 63
    assert old_units().filter(level=Level.DISTRICT).count() == 696
    assert old_units().filter(level=Level.COMMUNE).count() == 10051
    assert old_units().get(code="01").name == "Thành phố Hà Nội"
    assert old_units().get(code="001").parent.code == "01"
    assert old_units().get(code="00001").parent.code == "001"
    assert "Đã nạp 63 tỉnh, 696 huyện, 10051 xã" in output
    assert "giữ nguyên 308" in output
    assert flags("20443") == (True, True, False, True)
    # Flags outside Quảng Nam are for coordinators to set.
    assert not old_units().exclude(Q(code="49") | Q(parent__code="49") | Q(parent__parent__code="49")).filter(
        Q(is_mountainous=True) | Q(is_border=True) | Q(is_especially_difficult=True) | Q(is_ethnic_minority_area=True)
    ).exists()
    # Bulk: one INSERT per batch, not one per unit (SQLite caps a statement at 999 parameters,
    # so about 90 units per INSERT there; PostgreSQL needs a handful in all).
    # About 24,600 rows in all: 10,800 old units, 3,355 new ones and 10,600 arrows of the map.
    assert len(queries) < 24_600 / 50


# --- seed_demo -----------------------------------------------------------------------------


def seed(*args) -> str:
    return run("seed_demo", "--password", "mat-khau-thu", *args)


def snapshot():
    """Counts of everything seed_demo creates."""
    return {
        model.__name__: model.objects.count()
        for model in (Agency, User, Partnership, DevelopmentModel, AnnualPlan, PlanCategoryTarget, Activity,
                      ActivityStatusChange, AdministrativeUnit)
    }


def activity_rows():
    return list(
        Activity.objects.order_by("pk").values_list(
            "title", "budget_state", "budget_society", "budget_in_kind", "people_reached", "start_date", "status",
            "partnership__agency__name", "commune__code",
        )
    )


@pytest.mark.django_db
def test_seed_creates_a_user_for_every_role_in_the_right_group():
    output = seed("--activities", "200")

    expected = {
        "admin": Role.ADMINISTRATOR, "coordinator": Role.COORDINATOR, "leader": Role.LEADER,
        "officer": Role.OFFICER, "officer2": Role.OFFICER, "focal": Role.FOCAL_POINT,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert list(user.groups.values_list("name", flat=True)) == [role.value]
        assert user.check_password("mat-khau-thu")
        assert username in output
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="coordinator").is_staff
    assert "mật khẩu chung: mat-khau-thu" in output

    officer, officer2 = User.objects.get(username="officer"), User.objects.get(username="officer2")
    assert officer.agency and officer2.agency and officer.agency != officer2.agency
    for user in (officer, officer2):
        assert Partnership.objects.filter(agency=user.agency, status=PartnershipStatus.ACTIVE).exists()
        assert Activity.objects.visible_to(user).filter(partnership__agency=user.agency).exists()

    focal = User.objects.get(username="focal")
    assert focal.locality.level == Level.COMMUNE
    assert Partnership.objects.filter(Q(unit=focal.locality) | Q(unit=focal.locality.parent)).exists()
    # at their commune, or (before the reform) at the old communes it took over
    assert Activity.objects.filter(Q(commune=focal.locality) | Q(commune__current_unit=focal.locality)).exists()
    assert Activity.objects.visible_to(focal).exists()


@pytest.mark.django_db
def test_seed_covers_every_agency_kind_category_and_model_stage():
    seed("--activities", "300")

    assert set(Agency.objects.values_list("kind", flat=True)) == set(Agency.Kind.values)
    assert Agency.objects.count() >= 30
    assert set(Activity.objects.values_list("category__code", flat=True)) == set(
        ActivityCategory.objects.values_list("code", flat=True)
    )
    assert set(Activity.objects.values_list("status", flat=True)) == set(ActivityStatus.values)
    assert set(DevelopmentModel.objects.values_list("stage", flat=True)) == set(DevelopmentModel.Stage.values)
    replicas = DevelopmentModel.objects.filter(replicated_from__isnull=False)
    assert replicas.exists()
    assert not replicas.filter(commune=F("replicated_from__commune")).exists()
    assert set(replicas.values_list("stage", flat=True)) == {DevelopmentModel.Stage.REPLICATED}
    # Each model carries the dates of the stages it reached, in order, none in the future, and
    # they are its own (not the day the demo was seeded).
    Stage = DevelopmentModel.Stage
    assert not replicas.filter(Q(replicated_on__isnull=True) | Q(replicated_on__lt=F("replicated_from__started_on"))).exists()
    assert not DevelopmentModel.objects.filter(started_on__isnull=True).exists()
    for stage, field in ((Stage.MAINTAINED, "maintained_on"), (Stage.DEVELOPED, "developed_on")):
        assert not DevelopmentModel.objects.filter(stage=stage, **{f"{field}__isnull": True}).exists()
    developed = DevelopmentModel.objects.filter(stage=Stage.DEVELOPED)
    assert not developed.filter(Q(maintained_on__isnull=True) | Q(developed_on__lte=F("maintained_on"))).exists()
    assert not DevelopmentModel.objects.filter(stage=Stage.BUILT).exclude(
        maintained_on=None, developed_on=None, replicated_on=None).exists()
    today = datetime.date.today()
    assert not DevelopmentModel.objects.filter(Q(maintained_on__gt=today) | Q(developed_on__gt=today)).exists()
    assert len(set(DevelopmentModel.objects.values_list("maintained_on", flat=True))) > 5
    # Partnerships target mountainous areas; some ended, with a reason.
    assert not Partnership.objects.filter(unit__is_mountainous=False).exists()
    ended = Partnership.objects.filter(status=PartnershipStatus.ENDED)
    assert ended.exists() and not ended.filter(end_reason="").exists()
    assert Partnership.objects.filter(unit__level=Level.DISTRICT).exists()
    assert Partnership.objects.filter(unit__level=Level.COMMUNE).exists()
    # Plans, with targets per category.
    assert AnnualPlan.objects.exists()
    assert not AnnualPlan.objects.annotate(n=Count("category_targets")).filter(n=0).exists()
    assert not AnnualPlan.objects.filter(society_money_target__gt=F("money_target")).exists()
    # Several years of work.
    years = {d.year for d in Activity.objects.dates("start_date", "year")}
    assert {2021, 2022, 2023, 2024, 2025} <= years


@pytest.mark.django_db
def test_seeded_activities_respect_the_domain_rules():
    seed("--activities", "400")
    activities = Activity.objects.all()

    outside = activities.exclude(
        Q(commune__isnull=True) | Q(commune=F("partnership__unit")) | Q(commune__parent=F("partnership__unit"))
    )
    assert not outside.exists()
    assert not activities.filter(commune__isnull=True).exists()
    assert not activities.filter(ethnic_minority_people__gt=F("people_reached")).exists()
    assert not activities.filter(end_date__lt=F("start_date")).exists()
    assert not activities.filter(start_date__lt=F("partnership__signed_on")).exists()
    assert not activities.filter(partnership__status=PartnershipStatus.ENDED, start_date__gt=F("partnership__ended_on")).exists()
    assert not activities.filter(development_model__isnull=False).exclude(
        development_model__partnership=F("partnership")
    ).exists()
    assert not activities.filter(budget_state=0, budget_society=0, budget_in_kind=0).exists()
    assert not activities.filter(title__contains="biên giới", commune__is_border=False).exists()
    assert not activities.filter(title__contains="mốc quốc giới", commune__is_border=False).exists()
    # Visits and gifts are small, infrastructure is large.
    gifts = activities.filter(category__code="tham-hoi")
    roads = activities.filter(category__code="ha-tang")
    assert max(a.total_money for a in gifts) <= 60_000_000
    assert min(a.total_money for a in roads) >= 300_000_000
    # Figures from the model clean() rules as well, on a sample.
    for activity in activities.select_related("partnership", "development_model")[:50]:
        activity.full_clean()


@pytest.mark.django_db
def test_seeded_workflow_history_matches_the_status():
    seed("--activities", "300")
    last = ActivityStatusChange.objects.filter(activity=OuterRef("pk")).order_by("-created_at", "-pk")
    activities = Activity.objects.annotate(
        last_status=Subquery(last.values("to_status")[:1]), changes=Count("status_changes")
    )

    assert not activities.exclude(last_status=F("status")).exists()
    assert not activities.filter(status=ActivityStatus.DRAFT).exclude(changes=1).exists()
    assert not activities.filter(status=ActivityStatus.SUBMITTED, changes__lt=2).exists()
    assert not activities.filter(status__in=[ActivityStatus.APPROVED, ActivityStatus.RETURNED], changes__lt=3).exists()
    assert not ActivityStatusChange.objects.filter(created_at__lt=F("activity__created_at")).exists()
    returns = ActivityStatusChange.objects.filter(to_status=ActivityStatus.RETURNED)
    assert returns.exists() and not returns.filter(comment="").exists()
    coordinator = User.objects.get(username="coordinator")
    assert not ActivityStatusChange.objects.filter(to_status=ActivityStatus.APPROVED).exclude(actor=coordinator).exists()
    # Localities confirm or dispute only submitted or approved work.
    reviewed = Activity.objects.exclude(confirmation_status="pending")
    assert reviewed.filter(confirmation_status="confirmed").exists()
    assert not reviewed.exclude(status__in=[ActivityStatus.SUBMITTED, ActivityStatus.APPROVED]).exists()
    assert not reviewed.filter(confirmed_at__isnull=True).exists()


@pytest.mark.django_db
def test_review_queue_holds_recent_work_and_old_work_is_settled():
    seed("--activities", "600")
    today = datetime.date.today()
    old = Activity.objects.filter(start_date__lt=today - datetime.timedelta(days=365))
    assert old.count() > 100
    assert old.filter(status=ActivityStatus.APPROVED).count() >= 0.9 * old.count()
    waiting = Activity.objects.filter(status=ActivityStatus.SUBMITTED)
    assert waiting.exists()
    # Nothing waits for review for more than half a year (the queue is what coordinators work through).
    assert not waiting.filter(start_date__lt=today - datetime.timedelta(days=200)).exists()


@pytest.mark.django_db
def test_demo_plans_are_set_against_what_was_achieved():
    """Plan-against-results pages must look like a programme, not 2,000 % achievements."""
    seed("--activities", "1500")
    money = F("budget_state") + F("budget_society") + F("budget_in_kind")
    ratios = []
    for plan in AnnualPlan.objects.all():
        done = Activity.objects.filter(
            partnership_id=plan.partnership_id, start_date__year=plan.year, status=ActivityStatus.APPROVED
        ).aggregate(total=Sum(money))["total"]
        if done:
            ratios.append(done / plan.money_target)
    assert len(ratios) > 50
    ratios.sort()
    assert 0.5 <= ratios[len(ratios) // 2] <= 1.3
    assert ratios[-1] <= 1.4
    assert sum(r >= 0.6 for r in ratios) >= 0.6 * len(ratios)


@pytest.mark.django_db
def test_second_run_duplicates_nothing():
    seed("--activities", "150")
    before = snapshot()

    output = seed("--activities", "150")

    assert snapshot() == before
    assert "không tạo thêm" in output
    # Units loaded once: Quảng Nam's 234 old communes (with the old Đà Nẵng's 47, merged into the
    # same city) and the city's 94 new ones.
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=True).count() == 234 + 47
    assert AdministrativeUnit.objects.filter(level=Level.COMMUNE, valid_from__isnull=False).count() == 94


@pytest.mark.django_db
def test_activities_n_gives_n_and_tops_up_to_the_same_rows():
    seed("--activities", "120")
    assert Activity.objects.count() == 120
    first = activity_rows()

    seed("--activities", "250", "--batch-size", "50")

    assert Activity.objects.count() == 250
    assert activity_rows()[:120] == first
    assert ActivityStatusChange.objects.values("activity").distinct().count() == 250


@pytest.mark.django_db
def test_seed_is_reproducible_from_a_fresh_database():
    seed("--activities", "200", "--seed", "7")
    first = activity_rows()
    _wipe_demo()

    seed("--activities", "200", "--seed", "7")

    assert activity_rows() == first
    _wipe_demo()
    seed("--activities", "200", "--seed", "8")
    assert activity_rows() != first


@pytest.mark.django_db
def test_fallback_writer_gives_the_same_rows(monkeypatch):
    from partnerships.demo import generator as seed_demo

    seed("--activities", "150")
    fast = activity_rows()
    fast_changes = ActivityStatusChange.objects.count()
    _wipe_demo()
    original_init = seed_demo.ActivityWriter.__init__

    def orm_only(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.mode = "orm"

    monkeypatch.setattr(seed_demo.ActivityWriter, "__init__", orm_only)
    seed("--activities", "150")

    assert activity_rows() == fast
    assert ActivityStatusChange.objects.count() == fast_changes


@pytest.mark.django_db
def test_activity_volume_does_not_change_the_number_of_queries():
    seed("--activities", "0")

    # Counted with an execute wrapper, not CaptureQueriesContext: the activity writer empties
    # connection.queries after each batch (reset_queries), which would hide what came before.
    def queries_of(activities: str) -> int:
        calls = []

        def count(execute, sql, params, many, context):
            calls.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            seed("--activities", activities)
        return len(calls)

    small = queries_of("100")
    large = queries_of("1100")

    assert Activity.objects.count() == 1100
    assert small > 0 and large == small


@pytest.mark.django_db
def test_portal_can_add_activities_after_a_bulk_seed():
    """The fast writers set ids themselves; the table's own id sequence must still be right."""
    import datetime

    from partnerships import services

    seed("--activities", "60")
    officer = User.objects.get(username="officer")
    partnership = Partnership.objects.filter(agency=officer.agency, status=PartnershipStatus.ACTIVE).first()

    activity = services.activity_create(
        actor=officer, partnership=partnership, category=ActivityCategory.objects.get(code="mo-hinh"),
        title="Hỗ trợ giống ngô lai", start_date=datetime.date(2025, 9, 1),  # after the reform: a new commune
    )

    assert activity.pk > max(Activity.objects.exclude(pk=activity.pk).values_list("pk", flat=True))
    assert activity.status_changes.count() == 1


@pytest.mark.django_db
def test_negative_activity_count_is_refused():
    with pytest.raises(CommandError, match="không được âm"):
        seed("--activities", "-1")


def _wipe_demo():
    """Back to a database with reference data only, as after `migrate`."""
    Activity.objects.all().delete()
    AnnualPlan.objects.all().delete()
    DevelopmentModel.objects.filter(replicated_from__isnull=False).delete()
    DevelopmentModel.objects.all().delete()
    Partnership.objects.all().delete()
    User.objects.all().delete()
    Agency.objects.all().delete()
    assert Group.objects.count() == 5


@pytest.mark.django_db
def test_seeded_activities_have_a_creator_and_occasions_their_season():
    from partnerships.demo.activities import MID_AUTUMN, TET

    seed("--activities", "600")
    activities = Activity.objects.all()
    assert not activities.filter(created_by__isnull=True).exists()  # "Người tạo: –" nowhere
    tet = activities.filter(title__contains="Tết Nguyên đán")
    assert tet.exists()
    for start in tet.values_list("start_date", flat=True):
        days_before = [(datetime.date(y, *TET[y]) - start).days for y in (start.year, start.year + 1) if y in TET]
        assert any(0 < d <= 26 for d in days_before), start  # in the weeks before Tết, never in June
    for start in activities.filter(title__contains="Trung thu").values_list("start_date", flat=True):
        assert 0 < (datetime.date(start.year, *MID_AUTUMN[start.year]) - start).days <= 15, start
    for start in activities.filter(title__contains="khai giảng").values_list("start_date", flat=True):
        assert (start.month, start.day) >= (8, 19) and (start.month, start.day) <= (9, 4), start


@pytest.mark.django_db
def test_seed_sets_the_default_reminder_schedules_once():
    from notifications.models import ReminderSchedule
    from notifications.services import run_reminders

    output = seed("--activities", "150")
    schedules = ReminderSchedule.objects.filter(is_active=True)
    by_rule = {}
    for schedule in schedules:
        by_rule.setdefault(schedule.rule, []).append(schedule)
    assert set(by_rule) == {"report_deadline", "stale_drafts", "plan_missing"}
    assert all(s.updated_by.username == "coordinator" for s in schedules)
    today = datetime.date.today()
    deadlines = sorted(s.deadline for s in by_rule["report_deadline"])
    assert len(deadlines) == 4 and deadlines[0] >= today
    assert all((d + datetime.timedelta(days=1)).day == 1 and d.month in (3, 6, 9, 12) for d in deadlines)
    assert by_rule["stale_drafts"][0].days == 14 and by_rule["stale_drafts"][0].deadline is None
    assert by_rule["plan_missing"][0].deadline.month == 1 and by_rule["plan_missing"][0].deadline >= today
    assert "lịch nhắc việc" in output

    # A coordinator turns one off: a second run neither adds schedules nor turns it back on.
    ReminderSchedule.objects.filter(rule="stale_drafts").update(is_active=False)
    seed("--activities", "150")
    assert ReminderSchedule.objects.count() == 6
    assert not ReminderSchedule.objects.get(rule="stale_drafts").is_active
    assert set(run_reminders(today=today)) == {s.pk for s in schedules if s.rule != "stale_drafts"}


def test_quarter_ends_and_the_plan_deadline():
    from partnerships.demo.reminders import plan_deadline, quarter_ends

    assert quarter_ends(datetime.date(2026, 12, 1)) == [
        datetime.date(2026, 12, 31), datetime.date(2027, 3, 31), datetime.date(2027, 6, 30), datetime.date(2027, 9, 30)]
    assert quarter_ends(datetime.date(2026, 2, 10), count=2) == [datetime.date(2026, 3, 31), datetime.date(2026, 6, 30)]
    assert plan_deadline(datetime.date(2026, 1, 31)) == datetime.date(2026, 1, 31)
    assert plan_deadline(datetime.date(2026, 2, 1)) == datetime.date(2027, 1, 31)
