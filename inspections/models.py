"""Inspections and supervision (kiểm tra, giám sát, khảo sát thực tế), their recommendations and
follow-up, and the preliminary and final reviews (sơ kết, tổng kết) with their commendations.

Point 4 of Directive 16-CT/TU. An inspection is planned for a year and targets one agency, one
partnership or one locality (district or commune); once done it records what was checked,
findings, a rating and recommendations, each owned by an agency or a locality with a deadline.
Rows are scoped by `inspections.selectors` through `partnerships.access.scoping`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from partnerships import geography
from partnerships.access import scoping
from partnerships.models import Partnership, StoredFile


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    SUPERVISION = "supervision", _("Giám sát")
    FIELD_SURVEY = "survey", _("Khảo sát thực tế")


class InspectionStatus(models.TextChoices):
    PLANNED = "planned", _("Theo kế hoạch")
    DONE = "done", _("Đã thực hiện")
    CANCELLED = "cancelled", _("Đã hủy")


class Rating(models.TextChoices):
    GOOD = "good", _("Tốt")
    FAIR = "fair", _("Khá")
    PASS = "pass", _("Đạt yêu cầu")
    FAIL = "fail", _("Chưa đạt yêu cầu")


class InspectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Inspections of what the user may see: province-wide roles everything; an officer those of
        their agency, its partnerships and what was recommended to it; a focal point those in their
        area (the conditions come from `partnerships.access.scoping`)."""
        if scoping.scope_condition("Partnership", user) is None:
            return self
        condition = (
            Q(partnership__in=Partnership.objects.visible_to(user))
            | scoping.own_agency_q(user, "agency")
            | scoping.own_agency_q(user, "recommendations__owner_agency")
            | scoping.own_area_q(user, "unit")
            | scoping.own_area_q(user, "recommendations__owner_unit")
        )
        return self.filter(pk__in=Inspection.objects.filter(condition).values("pk"))


class Inspection(models.Model):
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(_("hình thức"), max_length=12, choices=InspectionKind.choices)
    # What is inspected: exactly one of an agency, a partnership, a locality (constraint below).
    agency = models.ForeignKey(
        "partnerships.Agency", verbose_name=_("cơ quan, đơn vị được kiểm tra"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="inspections",
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership", verbose_name=_("quan hệ kết nghĩa được kiểm tra"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="inspections",
    )
    unit = models.ForeignKey(
        "partnerships.AdministrativeUnit", verbose_name=_("địa phương được kiểm tra"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="inspections",
    )
    subject = models.CharField(_("nội dung"), max_length=300)
    lead_body = models.CharField(_("cơ quan chủ trì"), max_length=200)
    planned_date = models.DateField(_("ngày dự kiến"))
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=InspectionStatus.choices, default=InspectionStatus.PLANNED
    )
    done_date = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    checked_activities = models.ManyToManyField(
        "partnerships.Activity", verbose_name=_("hoạt động đã kiểm tra"), blank=True, related_name="inspections"
    )
    checked_models = models.ManyToManyField(
        "partnerships.DevelopmentModel", verbose_name=_("mô hình đã kiểm tra"), blank=True, related_name="inspections"
    )
    checked_plans = models.ManyToManyField(
        "partnerships.AnnualPlan", verbose_name=_("kế hoạch đã kiểm tra"), blank=True, related_name="inspections"
    )
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    rating = models.CharField(_("đánh giá chung"), max_length=6, choices=Rating.choices, blank=True)
    conclusion = models.TextField(_("kết luận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát")
        verbose_name_plural = _("cuộc kiểm tra, giám sát")
        ordering = ["-year", "planned_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(agency__isnull=False, partnership__isnull=True, unit__isnull=True)
                    | Q(agency__isnull=True, partnership__isnull=False, unit__isnull=True)
                    | Q(agency__isnull=True, partnership__isnull=True, unit__isnull=False)
                ),
                name="inspection_one_target",
                violation_error_message=_("Chọn đúng một đối tượng: một cơ quan, một quan hệ kết nghĩa hoặc một địa phương."),
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(done_date__isnull=False) & ~Q(rating="")),
                name="inspection_done_has_date_and_rating",
                violation_error_message=_("Cuộc kiểm tra đã thực hiện phải có ngày thực hiện và đánh giá chung."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="inspection_year_plausible",
                violation_error_message=_("Năm không hợp lệ."),
            ),
        ]
        indexes = [models.Index(fields=["year", "status"])]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_name}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("inspections:detail", args=[self.pk])

    @property
    def target_name(self) -> str:
        target = self.agency or self.partnership or self.unit
        return str(target) if target else ""

    def partnerships_q(self, through: str = "") -> Q:
        """The partnerships inspected (the one, the agency's, or those in the locality), as a
        condition on Partnership (`through` "") or on a partnership's rows ("partnership__")."""
        if self.partnership_id:
            return Q(**{f"{through}pk": self.partnership_id})
        if self.agency_id:
            return Q(**{f"{through}agency_id": self.agency_id})
        return geography.in_area_q(f"{through}unit", self.unit_id)

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.unit_id and self.unit.level not in ("district", "commune"):
            errors["unit"] = _("Địa phương được kiểm tra phải là huyện hoặc xã.")
        if self.planned_date and self.year and self.planned_date.year != self.year:
            errors["planned_date"] = _("Ngày dự kiến phải thuộc năm của kế hoạch kiểm tra.")
        if self.done_date and self.done_date > timezone.localdate():
            errors["done_date"] = _("Ngày thực hiện không được sau hôm nay.")
        if errors:
            raise ValidationError(errors)


class TeamMember(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="team"
    )
    name = models.CharField(_("họ và tên"), max_length=150)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    body = models.CharField(_("cơ quan"), max_length=200)
    is_lead = models.BooleanField(_("trưởng đoàn"), default=False)

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["-is_lead", "pk"]

    def __str__(self):
        return self.name


class FollowUp(models.TextChoices):
    OPEN = "open", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện")


class RecommendationQuerySet(models.QuerySet):
    def overdue(self, today=None):
        return self.filter(follow_up=FollowUp.OPEN, deadline__lt=today or timezone.localdate())

    def due_within(self, days: int, today=None):
        today = today or timezone.localdate()
        return self.filter(follow_up=FollowUp.OPEN, deadline__gte=today,
                           deadline__lte=today + timedelta(days=days))


class Recommendation(models.Model):
    """What the inspection asks someone to fix, by when; the owner reports the follow-up."""

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("kiến nghị"))
    owner_agency = models.ForeignKey(
        "partnerships.Agency", verbose_name=_("cơ quan thực hiện"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="recommendations",
    )
    owner_unit = models.ForeignKey(
        "partnerships.AdministrativeUnit", verbose_name=_("địa phương thực hiện"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="recommendations",
    )
    deadline = models.DateField(_("hạn thực hiện"))
    follow_up = models.CharField(_("tình trạng"), max_length=6, choices=FollowUp.choices, default=FollowUp.OPEN)
    follow_up_note = models.TextField(_("kết quả thực hiện"), blank=True)
    evidence = models.FileField(_("minh chứng"), upload_to="inspections/evidence/%Y/", blank=True)
    evidence_name = models.CharField(_("tên tệp minh chứng"), max_length=255, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    reported_at = models.DateTimeField(_("lúc báo cáo"), null=True, blank=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner_agency__isnull=False, owner_unit__isnull=True)
                | Q(owner_agency__isnull=True, owner_unit__isnull=False),
                name="recommendation_one_owner",
                violation_error_message=_("Mỗi kiến nghị giao cho đúng một cơ quan hoặc một địa phương."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up="open") | ~Q(follow_up_note=""),
                name="recommendation_done_has_report",
                violation_error_message=_("Kiến nghị đã thực hiện phải có kết quả thực hiện."),
            ),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def owner_name(self) -> str:
        return str(self.owner_agency or self.owner_unit or "")


class InspectionFile(StoredFile):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Biên bản")
        PHOTO = "photo", _("Hình ảnh")
        OTHER = "other", _("Tài liệu khác")

    inspection = models.ForeignKey(
        Inspection, verbose_name=_("cuộc kiểm tra"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.MINUTES)
    file = models.FileField(_("tệp"), upload_to="inspections/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tệp của cuộc kiểm tra")
        verbose_name_plural = _("tệp của cuộc kiểm tra")
        ordering = ["kind", "uploaded_at", "pk"]


# --- reviews (sơ kết, tổng kết) and commendations -----------------------------------------


class ReviewKind(models.TextChoices):
    PRELIMINARY = "preliminary", _("Sơ kết")
    FINAL = "final", _("Tổng kết")


class Review(models.Model):
    kind = models.CharField(_("loại"), max_length=12, choices=ReviewKind.choices)
    title = models.CharField(_("tên hội nghị"), max_length=300)
    year_from = models.PositiveSmallIntegerField(_("từ năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    held_on = models.DateField(_("ngày tổ chức"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định khen thưởng"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("sơ kết, tổng kết")
        verbose_name_plural = _("sơ kết, tổng kết")
        ordering = ["-year_to", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")) & Q(year_from__gte=2000) & Q(year_to__lte=2100),
                name="review_years_ordered",
                violation_error_message=_("Năm kết thúc phải từ năm bắt đầu trở đi."),
            ),
            models.CheckConstraint(
                condition=Q(decision_number="") | Q(decision_date__isnull=False),
                name="review_decision_has_date",
                violation_error_message=_("Quyết định khen thưởng phải có ngày."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def years_label(self) -> str:
        return str(self.year_from) if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}"


class ReviewFile(StoredFile):
    review = models.ForeignKey(Review, verbose_name=_("sơ kết, tổng kết"), on_delete=models.CASCADE, related_name="files")
    title = models.CharField(_("tên tài liệu"), max_length=200)
    file = models.FileField(_("tệp"), upload_to="reviews/%Y/")

    class Meta:
        verbose_name = _("tài liệu sơ kết, tổng kết")
        verbose_name_plural = _("tài liệu sơ kết, tổng kết")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.title


class CommendationForm(models.TextChoices):
    CERTIFICATE_PROVINCE = "province_merit", _("Bằng khen của Chủ tịch UBND tỉnh")
    CERTIFICATE_PARTY = "party_merit", _("Bằng khen của Ban Thường vụ Tỉnh ủy")
    LETTER = "letter", _("Giấy khen")


class Commendation(models.Model):
    """One line of the list attached to a commendation decision: a collective or an individual."""

    class Kind(models.TextChoices):
        COLLECTIVE = "collective", _("Tập thể")
        INDIVIDUAL = "individual", _("Cá nhân")

    review = models.ForeignKey(
        Review, verbose_name=_("sơ kết, tổng kết"), on_delete=models.CASCADE, related_name="commendations"
    )
    kind = models.CharField(_("đối tượng"), max_length=10, choices=Kind.choices)
    agency = models.ForeignKey(
        "partnerships.Agency", verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    unit = models.ForeignKey(
        "partnerships.AdministrativeUnit", verbose_name=_("địa phương"), on_delete=models.PROTECT,
        null=True, blank=True, related_name="+",
    )
    person_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    position = models.CharField(_("chức vụ"), max_length=150, blank=True)
    body = models.CharField(_("đơn vị công tác"), max_length=200, blank=True)
    form = models.CharField(_("hình thức khen thưởng"), max_length=16, choices=CommendationForm.choices)
    achievement = models.TextField(_("thành tích"), blank=True)
    proposed = models.BooleanField(_("đề xuất từ kết quả đánh giá"), default=False)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("danh sách khen thưởng")
        ordering = ["kind", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="collective", person_name="") & (Q(agency__isnull=False, unit__isnull=True) | Q(agency__isnull=True, unit__isnull=False))
                )
                | (Q(kind="individual", agency__isnull=True, unit__isnull=True) & ~Q(person_name="") & ~Q(body="")),
                name="commendation_collective_or_individual",
                violation_error_message=_(
                    "Tập thể: chọn một cơ quan hoặc một địa phương; cá nhân: ghi họ tên và đơn vị công tác."
                ),
            ),
        ]

    def __str__(self):
        return self.person_name or str(self.agency or self.unit or "")

    @property
    def name(self) -> str:
        return str(self)
