"""The data version the database raises at each committed write, and the figures cached under it:
a write makes every cached figure unreachable, each scope has its own, nothing inside a
transaction is cached, and the dashboard's repeated view reads no aggregate."""

import dataclasses
import datetime
import decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import SafeString

from partnerships.models import Activity, Agency
from partnerships.selectors.cache import cached, data_version
from tests.factories import ActivityFactory, CommuneFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("data_version_row")]



def test_every_committed_write_raises_it_once_per_transaction_on_postgresql(partnership, commune):
    once = connection.vendor == "postgresql"  # SQLite's row triggers raise it per row

    def raised(before):
        now = data_version()
        return now.counted == before.counted + 1 if once else now.counted > before.counted

    before = data_version()
    with transaction.atomic():
        for _ in range(5):
            ActivityFactory(partnership=partnership, commune=commune, status="approved")
    assert raised(before)
    for write in (
        lambda: Activity.objects.filter(partnership=partnership).update(title="Tập huấn kỹ thuật"),
        lambda: Agency.objects.filter(pk=partnership.agency_id).update(short_name="SNN2"),
        lambda: Activity.objects.filter(partnership=partnership).delete(),
    ):
        before = data_version()
        write()
        assert raised(before)


def test_writes_to_drafts_alone_raise_only_the_drafts_number(partnership, commune):
    """No figure counts a draft or a returned activity: a transaction that changed only those
    leaves the number the dashboards are filed under, and raises the lists' other number."""
    once = connection.vendor == "postgresql"
    before = data_version()
    with transaction.atomic():
        drafts = [ActivityFactory(partnership=partnership, commune=commune) for _ in range(3)]
    after = data_version()
    assert after.counted == before.counted
    assert after.drafts == before.drafts + 1 if once else after.drafts > before.drafts
    for write in (
        lambda: Activity.objects.filter(pk=drafts[0].pk).update(title="Sửa bản nháp"),
        lambda: Activity.objects.filter(pk=drafts[0].pk).update(status="returned"),
        lambda: Activity.objects.filter(pk=drafts[1].pk).delete(),
    ):
        before = data_version()
        write()
        after = data_version()
        assert after.counted == before.counted and after.drafts > before.drafts


@pytest.mark.parametrize("write", ["submit", "approve_directly", "withdraw_approved", "draft_and_agency"])
def test_a_write_that_touches_a_counted_activity_raises_the_figures_number(write, partnership, commune):
    """Before or after the change: a draft submitted, an approved one sent back to draft, a
    draft saved in the same transaction as another table's write."""
    draft = ActivityFactory(partnership=partnership, commune=commune)
    approved = ActivityFactory(partnership=partnership, commune=commune, status="approved")
    before = data_version()
    with transaction.atomic():
        if write == "submit":
            Activity.objects.filter(pk=draft.pk).update(status="submitted")
        elif write == "approve_directly":
            ActivityFactory(partnership=partnership, commune=commune, status="approved")
        elif write == "withdraw_approved":
            Activity.objects.filter(pk=approved.pk).update(status="draft")
        else:
            ActivityFactory(partnership=partnership, commune=commune)
            Agency.objects.filter(pk=partnership.agency_id).update(short_name="SNN3")
    after = data_version()
    assert after.counted > before.counted
    if connection.vendor == "postgresql":
        assert after.counted == before.counted + 1  # once per transaction


def test_the_status_history_of_a_draft_raises_only_the_drafts_number(partnership, commune, officer):
    from partnerships.models import ActivityStatusChange

    draft = ActivityFactory(partnership=partnership, commune=commune)
    before = data_version()
    ActivityStatusChange.objects.create(activity=draft, from_status="returned", to_status="draft", actor=officer)
    assert data_version().counted == before.counted
    before = data_version()
    ActivityStatusChange.objects.create(activity=draft, from_status="draft", to_status="submitted", actor=officer)
    assert data_version().counted > before.counted


def test_a_rolled_back_write_leaves_it(partnership, commune):
    before = data_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        ActivityFactory(partnership=partnership, commune=commune)
        raise RuntimeError
    assert data_version() == before


def test_cached_until_a_write_per_scope(partnership, commune, leader, officer):
    calls = []

    def compute():
        calls.append(1)
        return Activity.objects.count()

    assert cached("t", leader, "x", compute) == 0
    assert cached("t", leader, "x", compute) == 0
    assert len(calls) == 1
    assert cached("t", officer, "x", compute) == 0  # another scope: its own entry
    assert cached("t", leader, "y", compute) == 0  # another filter
    assert len(calls) == 3
    ActivityFactory(partnership=partnership, commune=commune)
    assert cached("t", leader, "x", compute) == 1
    assert len(calls) == 4


def test_nothing_is_cached_inside_a_transaction(leader):
    calls = []
    with transaction.atomic():
        cached("t", leader, "x", lambda: calls.append(1))
        cached("t", leader, "x", lambda: calls.append(1))
    assert len(calls) == 2


def test_the_dashboards_repeated_view_reads_no_aggregate_and_a_write_shows(client, leader, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, status="approved",
                    start_date=datetime.date(2024, 3, 1), budget_state=1_000_000, budget_society=0)
    client.force_login(leader)
    url = reverse("reports:dashboard") + "?year=2024"
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert not [q for q in queries if "partnerships_activityyearsummary" in q["sql"]]
    # Nor the filter's choices (cached_choices): no district or category is read again.
    assert not [q for q in queries if "partnerships_activitycategory" in q["sql"]
                or "partnerships_administrativeunit" in q["sql"]]
    # The page below the menu is one cached entry (reports/web/dashboard/views.py: _content).
    assert again.context["content"] == first.context["content"]
    assert first.context["money"]["money_state"] == 1_000_000
    page = again.content.decode()  # the cached charts, tables and gaps, as HTML, not escaped text
    assert 'aria-labelledby="chart-districts-title"' in page and "&lt;section" not in page
    assert "1.000.000" in page and "3.000.000" not in page
    ActivityFactory(partnership=partnership, commune=commune, status="approved",
                    start_date=datetime.date(2024, 4, 1), budget_state=2_000_000, budget_society=0)
    after = client.get(url)
    assert after.context["money"]["money_state"] == 3_000_000  # computed again, not the cached page
    assert "3.000.000" in after.content.decode()


def test_the_leaders_pages_stay_cached_while_officers_save_drafts(client, leader, partnership, commune, district):
    """A day of data entry: drafts saved and edited leave the dashboard, district and agency pages
    cached (no aggregate read again); the approval of one activity shows at once."""
    ActivityFactory(partnership=partnership, commune=commune, status="approved",
                    start_date=datetime.date(2024, 3, 1), budget_state=1_000_000, budget_society=0)
    client.force_login(leader)
    urls = [reverse("reports:dashboard") + "?year=2024",
            reverse("reports:district_detail", args=[district.code]) + "?year=2024",
            reverse("reports:agency_detail", args=[partnership.agency_id]) + "?year=2024"]
    first = [client.get(url) for url in urls]
    assert all(page.status_code == 200 for page in first)
    draft = ActivityFactory(partnership=partnership, commune=commune, start_date=datetime.date(2024, 5, 1),
                            budget_state=5_000_000, budget_society=0)
    Activity.objects.filter(pk=draft.pk).update(title="Sửa lại tên")
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        assert not [q for q in queries if "partnerships_activityyearsummary" in q["sql"]], url
    Activity.objects.filter(pk=draft.pk).update(status="approved")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(urls[0])
    assert [q for q in queries if "partnerships_activityyearsummary" in q["sql"]]
    assert again.context["money"]["money_state"] == first[0].context["money"]["money_state"] + 5_000_000


def test_a_searchs_totals_are_counted_once_per_version(client, coordinator, partnership, commune):
    ActivityFactory(partnership=partnership, commune=commune, title="Nuôi bò sinh sản")
    client.force_login(coordinator)
    url = reverse("partnerships:activity_list") + "?q=bo+sinh+san"
    assert client.get(url).context["totals"]["count"] == 1
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url + "&sort=-money").context["totals"]["count"] == 1  # the order is not a condition
    assert not [q for q in queries if "COUNT(" in q["sql"]]
    ActivityFactory(partnership=partnership, commune=commune, title="Bò sinh sản lai")
    assert client.get(url).context["totals"]["count"] == 2


@pytest.mark.parametrize("page, argument, table, key", [
    # The agency page: cached per scope, filter and data version (no status-change query again),
    # below the menu as one piece of HTML (reports/web/dashboard/views.py: _agency_view).
    ("reports:agency_detail", lambda partnership, district: partnership.agency_id,
     "partnerships_activitystatuschange", "content"),
    # The district page: its aggregates read once per version (no summary query again).
    ("reports:district_detail", lambda partnership, district: district.code, "partnerships_activityyearsummary",
     "communes"),
], ids=["agency", "district"])
def test_a_drill_down_page_reads_its_aggregates_once_per_version(client, leader, partnership, commune, district,
                                                                 page, argument, table, key):
    ActivityFactory(partnership=partnership, commune=commune, status="approved", start_date=datetime.date(2024, 3, 1))
    client.force_login(leader)
    url = reverse(page, args=[argument(partnership, district)]) + "?year=2024"
    first = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.status_code == 200
    assert not [q for q in queries if table in q["sql"]]
    assert again.context[key] == first.context[key]


def _plain(value) -> bool:
    """Only what pickles without a model or a lazy translation: text, numbers, dates, containers."""
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    if isinstance(value, (list, tuple, set)):
        return all(_plain(v) for v in value)
    if dataclasses.is_dataclass(value):
        return _plain(dataclasses.asdict(value))
    return value is None or type(value) in (str, SafeString, int, float, bool, decimal.Decimal, datetime.date)


def test_the_dashboards_cache_holds_plain_values(client, leader, partnership, commune, monkeypatch):
    """A cached view unpickles what it reads: model instances (units, agencies, partnerships of
    the tables) and lazy labels cost it tens of milliseconds; the page's tables are cached as HTML."""
    ActivityFactory(partnership=partnership, commune=commune, status="approved",
                    start_date=datetime.date(2024, 3, 1), budget_state=1_000_000, budget_society=0)
    stored = {}
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, *a, **k: (stored.__setitem__(key, value),
                                                                  real_set(key, value, *a, **k)))
    client.force_login(leader)
    page = client.get(reverse("reports:dashboard") + "?year=2024")
    assert page.status_code == 200
    entries = {key.split(":")[1]: value for key, value in stored.items()}
    assert {"dashboard", "choices"} <= set(entries)
    assert all(_plain(value) for value in entries.values()), entries
    assert "district-table" in entries["dashboard"]["body"]


def test_the_agency_pages_repeated_view_reads_no_list_and_a_write_shows(client, leader, partnership, commune):
    """Its recent activities, partnerships and models are rendered once per version too, and
    below the menu the page is one piece of HTML."""
    ActivityFactory(partnership=partnership, commune=commune, status="approved", title="Tập huấn trồng quế",
                    start_date=datetime.date(2024, 3, 1))
    client.force_login(leader)
    url = reverse("reports:agency_detail", args=[partnership.agency_id]) + "?year=2024"
    first = client.get(url)
    assert "Tập huấn trồng quế" in first.content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    tables = ('FROM "partnerships_activity"', 'FROM "partnerships_partnership"', 'FROM "partnerships_developmentmodel"')
    assert not [q for q in queries if any(table in q["sql"] for table in tables)]
    assert again.context["content"] == first.context["content"]
    assert first.context["body"] in again.context["content"]
    ActivityFactory(partnership=partnership, commune=commune, status="approved", title="Trao bò giống",
                    start_date=datetime.date(2024, 4, 1))
    assert "Trao bò giống" in client.get(url).content.decode()


def test_the_lists_repeated_view_reads_no_figure_and_no_drop_down_and_a_write_shows(client, coordinator, partnership,
                                                                                    commune, monkeypatch):
    """The activity list's count, money and quarters, and its drop-downs of units, agencies and
    categories, are read once per data version, as plain values."""
    ActivityFactory(partnership=partnership, commune=commune, title="Nuôi bò sinh sản", jobs_created=2)
    stored = {}
    real_set = cache.set
    monkeypatch.setattr(cache, "set", lambda key, value, *a, **k: (stored.__setitem__(key, value),
                                                                  real_set(key, value, *a, **k)))
    client.force_login(coordinator)
    url = reverse("partnerships:activity_list")
    assert client.get(url, {"has": "jobs_created"}).context["totals"]["result"] == 2
    first = client.get(url)
    entries = {key.split(":")[1] for key in stored}
    # The figures and drop-downs, and the page as HTML: the filter bar and the table (58be7a1),
    # and all of it for the query as one entry (`activity_list_page`).
    assert entries == {"activity_list_figures", "activity_filter_choices", "activity_list_filter_bar",
                       "activity_list_table", "activity_list_page"}
    assert all(_plain(value) for value in stored.values()), stored
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    tables = ("activitysummary", "administrativeunit", "agency", "activitycategory")
    assert not [q["sql"] for q in queries if any(f'FROM "partnerships_{table}"' in q["sql"] for table in tables)]
    assert again.content == first.content.replace(first.context["csrf_token"].encode(),
                                                 again.context["csrf_token"].encode())
    assert f'value="{commune.pk}">{commune.name}</option>' in again.content.decode()
    ActivityFactory(partnership=partnership, commune=CommuneFactory(name="Xã Lăng", parent=commune.parent))
    after = client.get(url)
    assert after.context["totals"]["count"] == 2
    assert ">Xã Lăng</option>" in after.content.decode()


def test_the_dashboards_inspection_figures_are_cached_until_an_inspection_is_written(client, leader, coordinator,
                                                                                    agency):
    """Inspections raise the data version too (inspections 0002): the dashboard's figures of
    inspections are read once per version, and a new inspection shows."""
    from django.utils import timezone

    from inspections import services as inspection_services
    from inspections.models import InspectionKind

    year = timezone.localdate().year

    def planned():
        inspection_services.inspection_plan(
            actor=coordinator, year=year, kind=InspectionKind.INSPECTION, subject="Kiểm tra kết nghĩa",
            lead_body="Ban Dân vận Tỉnh ủy", planned_date=datetime.date(year, 1, 15), agency=agency,
            team=[{"name": "Trần Thị B", "position": "Phó Trưởng ban", "body": "Ban Dân vận Tỉnh ủy", "is_lead": True}])

    planned()
    client.force_login(leader)
    url = reverse("reports:dashboard") + f"?year={year}"
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert not [q for q in queries if "inspections_" in q["sql"]]
    before = data_version()
    planned()
    assert data_version() > before
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert [q for q in queries if "inspections_" in q["sql"]]  # read again, under the new version
    from inspections.selectors import year_figures

    assert year_figures(leader, year)["planned"] == 2


def test_a_get_reads_the_version_once_and_a_post_each_time(client, leader, partnership, commune):
    """The dashboard reads three cached values (choices, figures, inspections): one version query."""
    ActivityFactory(partnership=partnership, commune=commune, status="approved", start_date=datetime.date(2024, 3, 1))
    client.force_login(leader)
    url = reverse("reports:dashboard") + "?year=2024"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    assert len([q for q in queries if "partnerships_dataversion" in q["sql"]]) == 1
    # Outside a request (commands, jobs) and after one, every read asks the database.
    with CaptureQueriesContext(connection) as queries:
        data_version(), data_version()
    assert len(queries) == 2
