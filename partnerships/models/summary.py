"""ActivitySummary and ActivityYearSummary: the aggregate tables the dashboards read, kept by database
triggers."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from partnerships.access.scoping import ScopedQuerySet
from partnerships.models.activities import ActivityCategory, ActivityStatus
from partnerships.models.partnerships import Partnership


class SummedActivities(models.Model):
    """The columns both summaries share: where and what (partnership, commune, category, status)
    and the activities' sums there. Each summary adds its period (`ActivitySummary` the year and
    quarter, `ActivityYearSummary` the year)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    # The activity's commune id, 0 for district-wide activities: a plain integer so that the
    # uniqueness of each summary's key (which the triggers' upserts rely on) also holds for "no
    # commune".
    commune_id = models.IntegerField(_("xã"), default=0)
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("loại hoạt động"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=ActivityStatus.choices)
    n = models.BigIntegerField(_("số hoạt động"), default=0)
    confirmed = models.BigIntegerField(_("số hoạt động được xác nhận"), default=0)
    disputed = models.BigIntegerField(_("số hoạt động bị phản ánh"), default=0)
    budget_state = models.BigIntegerField(_("ngân sách nhà nước (đồng)"), default=0)
    budget_society = models.BigIntegerField(_("xã hội hóa (đồng)"), default=0)
    budget_in_kind = models.BigIntegerField(_("hiện vật quy đổi (đồng)"), default=0)
    households_reached = models.BigIntegerField(_("số hộ được hỗ trợ"), default=0)
    people_reached = models.BigIntegerField(_("số người được hỗ trợ"), default=0)
    ethnic_minority_people = models.BigIntegerField(_("trong đó người dân tộc thiểu số"), default=0)
    people_trained = models.BigIntegerField(_("số người được đào tạo, bồi dưỡng"), default=0)
    jobs_created = models.BigIntegerField(_("số việc làm tạo ra"), default=0)
    households_out_of_poverty = models.BigIntegerField(_("số hộ thoát nghèo"), default=0)
    # The evaluation's "reports on time" (reports/selectors.py on_time_by_agency): activities with a
    # submission on record, and those first submitted within ON_TIME_DAYS of their end (start).
    # Kept by the activity triggers and by triggers on the status changes (migration 0028).
    submitted = models.BigIntegerField(_("số hoạt động đã gửi duyệt"), default=0, db_default=0)
    on_time = models.BigIntegerField(_("số hoạt động gửi duyệt đúng hạn"), default=0, db_default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class ActivitySummary(SummedActivities):
    """Sums of activities per (reporting year, quarter, partnership, commune, category, status),
    so that dashboards and the pivot over a million activities read tens of thousands of rows.

    Database triggers (migrations 0003, 0004, 0021 with the quarter and 0028 with the submissions,
    PostgreSQL and SQLite) keep
    it exact on every write path:
    services, admin, imports, `queryset.update()`, `bulk_create` and seed_demo's COPY. Nothing in
    Python writes it. Substantive-ness, agency kind and district are joined at read time, so
    editing reference data never makes it stale. Read it only through selectors: `reports/selectors.py`, and the activity list's count and
    totals (`partnerships/selectors/activities.py` `list_totals`).
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))  # of start_date, 1–4: the pivot's quarters

    class Meta:
        verbose_name = _("tổng hợp hoạt động")
        verbose_name_plural = _("tổng hợp hoạt động")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "quarter", "partnership", "commune_id", "category", "status"],
                name="activity_summary_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="activity_summary_status_year"),
            # Nearly always empty: lets the triggers drop emptied rows without scanning the table.
            models.Index(fields=["n"], condition=Q(n=0), name="activity_summary_empty"),
            # What the activity list adds up over all its rows when nothing narrows it (a
            # coordinator's first view after a write: count and money per quarter, and the rows
            # per partnership or commune behind the sorts by agency and by commune), read from
            # these alone on PostgreSQL (index-only scans, the table left unread: 27 → 7 ms,
            # 21–25 → 4–7 ms at 1 M activities; docs/performance.md). SQLite has no INCLUDE: plain indexes.
            models.Index(fields=["year", "quarter"], include=["n", "budget_state", "budget_society", "budget_in_kind"],
                         name="activity_summary_quarters"),
            models.Index(fields=["partnership"], include=["n"], name="activity_summary_partnership_n"),
            models.Index(fields=["commune_id"], include=["n"], name="activity_summary_commune_n"),
        ]

    def __str__(self):
        return f"{self.year} Q{self.quarter} · {self.partnership_id} · {self.category_id} · {self.status}: {self.n}"


class ActivityYearSummary(SummedActivities):
    """`ActivitySummary` added up over the quarters: per (year, partnership, commune, category,
    status). The dashboards read whole years, and over 2021–2026 this holds ≈ 2,5 times fewer
    rows than the quarterly summary (docs/performance.md); the pivot, which has quarters, reads
    the quarterly one.

    Kept by triggers on `ActivitySummary` itself (migration 0029, PostgreSQL and SQLite): every
    change of a summary row adds its difference here, so it follows whatever keeps the summary.
    Nothing in Python writes it. On SQLite, a migration that rebuilds the summary's table (an
    AddField there) drops those triggers: install them again in it, as 0028 does for the
    activities' triggers."""

    year = models.PositiveSmallIntegerField(_("năm"))

    class Meta:
        verbose_name = _("tổng hợp hoạt động theo năm")
        verbose_name_plural = _("tổng hợp hoạt động theo năm")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "partnership", "commune_id", "category", "status"], name="activity_year_summary_key",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="activity_year_summary_status"),
            models.Index(fields=["n"], condition=Q(n=0), name="activity_year_summary_empty"),
        ]

    def __str__(self):
        return f"{self.year} · {self.partnership_id} · {self.category_id} · {self.status}: {self.n}"


class DataVersion(models.Model):
    """One row whose number the database raises when a transaction that changed what the
    dashboards aggregate commits (triggers of partnerships migration 0014 and reports 0008, on
    activities, their status changes, partnerships, agencies, units, categories, plans, models,
    locked years and the evaluation's settings). Cached figures are filed under it
    (`partnerships/selectors/cache.py`), so a write makes every earlier figure unreachable and
    nothing has to find and delete them. Nothing in Python writes it.

    A transaction whose only changes are to activities no figure counts (drafts and returned
    ones, and their status changes between those) raises `drafts` instead (migration 0026): the
    dashboards' figures stay cached through a day of data entry, while the lists, which show
    drafts, are filed under both numbers."""

    version = models.BigIntegerField(_("phiên bản dữ liệu"), default=0)
    drafts = models.BigIntegerField(_("phiên bản của hoạt động chưa tính"), default=0)

    class Meta:
        verbose_name = _("phiên bản dữ liệu")
        verbose_name_plural = _("phiên bản dữ liệu")

    def __str__(self):
        return str(self.version)
