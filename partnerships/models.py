"""Domain model of the twinning (kết nghĩa) programme.

Invariants that can be stated on a single row live in the database as constraints, so that
imports, the shell and the admin are held to the same rules as the portal. Rules that span
rows (a commune must lie within the partner district) live in `clean()` and in the services.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .scoping import ScopedQuerySet


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Huyện, thị xã, thành phố thuộc tỉnh")
        COMMUNE = "commune", _("Xã, phường, thị trấn")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, unique=True)
    name = models.CharField(_("tên"), max_length=150)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    is_mountainous = models.BooleanField(_("miền núi"), default=False)
    is_ethnic_minority_area = models.BooleanField(_("vùng đồng bào dân tộc thiểu số"), default=False)
    is_border = models.BooleanField(_("biên giới đất liền"), default=False)
    is_especially_difficult = models.BooleanField(_("đặc biệt khó khăn"), default=False)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(
        _("hết hiệu lực từ ngày"),
        null=True,
        blank=True,
        help_text=_("Ngày đơn vị bị sáp nhập hoặc giải thể; để trống nếu còn hiệu lực."),
    )

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level="province", parent__isnull=True) | (~Q(level="province") & Q(parent__isnull=False)),
                name="unit_parent_matches_level",
                violation_error_message=_("Tỉnh không có đơn vị cấp trên; huyện và xã phải có."),
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày có hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_target_area(self) -> bool:
        return self.is_mountainous or self.is_border or self.is_especially_difficult or self.is_ethnic_minority_area

    def clean(self):
        from django.core.exceptions import ValidationError

        expected_parent = {self.Level.DISTRICT: self.Level.PROVINCE, self.Level.COMMUNE: self.Level.DISTRICT}
        if self.parent_id and self.level in expected_parent and self.parent.level != expected_parent[self.level]:
            raise ValidationError({"parent": _("Đơn vị cấp trên không đúng cấp.")})


class Agency(models.Model):
    class Kind(models.TextChoices):
        PARTY = "party", _("Cơ quan Đảng")
        STATE = "state", _("Cơ quan nhà nước")
        MASS_ORGANISATION = "mass", _("Mặt trận, đoàn thể chính trị - xã hội")
        LOCALITY = "locality", _("Địa phương")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        ARMED_FORCES = "armed", _("Lực lượng vũ trang")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên cơ quan, đơn vị"), max_length=255, unique=True)
    short_name = models.CharField(_("tên viết tắt"), max_length=50, blank=True)
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices, default=Kind.STATE, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    contact_person = models.CharField(_("người liên hệ"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """A portal user. Officers belong to an agency, focal points to a locality; roles are groups."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, null=True, blank=True, related_name="users"
    )
    locality = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa phương phụ trách"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="focal_points",
        help_text=_("Huyện hoặc xã mà cán bộ đầu mối địa phương phụ trách."),
    )
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            models.CheckConstraint(
                condition=Q(agency__isnull=True) | Q(locality__isnull=True),
                name="user_agency_or_locality",
                violation_error_message=_("Người dùng thuộc một cơ quan hoặc một địa phương, không thể cả hai."),
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username


class PartnershipStatus(models.TextChoices):
    ACTIVE = "active", _("Đang kết nghĩa")
    ENDED = "ended", _("Đã kết thúc")


class Partnership(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan, đơn vị"), on_delete=models.PROTECT, related_name="partnerships"
    )
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("địa phương kết nghĩa"),
        on_delete=models.PROTECT,
        related_name="partnerships",
        help_text=_("Huyện hoặc xã được kết nghĩa, giúp đỡ."),
    )
    signed_on = models.DateField(_("ngày ký kết"))
    agreement_number = models.CharField(_("số quyết định / thỏa thuận"), max_length=100, blank=True)
    agreement_file = models.FileField(_("tệp văn bản kết nghĩa"), upload_to="agreements/%Y/", blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PartnershipStatus.choices, default=PartnershipStatus.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    end_reason = models.TextField(_("lý do kết thúc"), blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)

    history = HistoricalRecords(verbose_name=_("lịch sử quan hệ kết nghĩa"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("quan hệ kết nghĩa")
        verbose_name_plural = _("quan hệ kết nghĩa")
        ordering = ["agency__name", "unit__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit"],
                condition=Q(status="active"),
                name="partnership_one_active_per_pair",
                violation_error_message=_("Cơ quan này đang kết nghĩa với địa phương này."),
            ),
            models.CheckConstraint(
                condition=Q(status="active", ended_on__isnull=True) | Q(status="ended", ended_on__isnull=False),
                name="partnership_end_date_matches_status",
                violation_error_message=_("Quan hệ đã kết thúc phải có ngày kết thúc, và ngược lại."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("signed_on")),
                name="partnership_ends_after_signing",
                violation_error_message=_("Ngày kết thúc không được trước ngày ký kết."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} – {self.unit}"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.unit_id and self.unit.level == AdministrativeUnit.Level.PROVINCE:
            raise ValidationError({"unit": _("Địa phương kết nghĩa phải là một huyện hoặc một xã.")})

    def covers(self, unit: AdministrativeUnit) -> bool:
        """Whether `unit` is the partner locality itself or a commune inside the partner district."""
        return unit.pk == self.unit_id or unit.parent_id == self.unit_id


class ActivityCategory(models.Model):
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên loại hoạt động"), max_length=150, unique=True)
    description = models.TextField(_("mô tả"), blank=True)
    is_substantive = models.BooleanField(
        _("thiết thực"),
        default=True,
        help_text=_("Hỗ trợ cụ thể, thiết thực theo Chỉ thị 16 (không phải thăm hỏi, tặng quà, nhà tình nghĩa)."),
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class DevelopmentModel(models.Model):
    class Sector(models.TextChoices):
        CROPS = "crops", _("Trồng trọt")
        LIVESTOCK = "livestock", _("Chăn nuôi")
        FORESTRY = "forestry", _("Lâm nghiệp")
        MEDICINAL = "medicinal", _("Dược liệu")
        TOURISM = "tourism", _("Du lịch cộng đồng")
        CRAFTS = "crafts", _("Ngành nghề, thủ công")
        SERVICES = "services", _("Dịch vụ, thương mại")
        OTHER = "other", _("Khác")

    class Stage(models.TextChoices):
        BUILT = "built", _("Xây dựng")
        MAINTAINED = "maintained", _("Duy trì")
        DEVELOPED = "developed", _("Phát triển")
        REPLICATED = "replicated", _("Nhân rộng")

    name = models.CharField(_("tên mô hình"), max_length=255)
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="models"
    )
    commune = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("xã thực hiện"), on_delete=models.PROTECT, related_name="development_models"
    )
    sector = models.CharField(_("lĩnh vực"), max_length=12, choices=Sector.choices, default=Sector.LIVESTOCK)
    stage = models.CharField(_("giai đoạn"), max_length=12, choices=Stage.choices, default=Stage.BUILT, db_index=True)
    households = models.PositiveIntegerField(_("số hộ tham gia"), default=0)
    started_on = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    replicated_from = models.ForeignKey(
        "self",
        verbose_name=_("nhân rộng từ mô hình"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replicas",
    )

    history = HistoricalRecords(verbose_name=_("lịch sử mô hình"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("mô hình phát triển kinh tế - xã hội")
        verbose_name_plural = _("mô hình phát triển kinh tế - xã hội")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(replicated_from__isnull=True) | ~Q(replicated_from=models.F("id")),
                name="model_not_replicated_from_itself",
                violation_error_message=_("Mô hình không thể nhân rộng từ chính nó."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.partnership_id and self.commune_id and not self.partnership.covers(self.commune):
            raise ValidationError({"commune": _("Xã thực hiện phải thuộc địa phương kết nghĩa.")})


class ActivityStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã duyệt")


class ConfirmationStatus(models.TextChoices):
    PENDING = "pending", _("Chưa xác nhận")
    CONFIRMED = "confirmed", _("Địa phương đã xác nhận")
    DISPUTED = "disputed", _("Địa phương phản ánh chưa khớp")


def money_total():
    """An activity's money from every source (whole đồng), as a query expression."""
    return F("budget_state") + F("budget_society") + F("budget_in_kind")


class Activity(models.Model):
    """One support activity that an agency carried out for its partner locality."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="activities"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(_("tên hoạt động"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    start_date = models.DateField(_("ngày bắt đầu"), db_index=True)
    end_date = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    commune = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("xã thực hiện"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_("Xã nơi hoạt động diễn ra; để trống nếu hoạt động chung cho cả huyện."),
    )
    budget_state = models.PositiveBigIntegerField(_("ngân sách nhà nước (đồng)"), default=0)
    budget_society = models.PositiveBigIntegerField(_("xã hội hóa (đồng)"), default=0)
    budget_in_kind = models.PositiveBigIntegerField(_("hiện vật quy đổi (đồng)"), default=0)
    households_reached = models.PositiveIntegerField(_("số hộ được hỗ trợ"), default=0)
    people_reached = models.PositiveIntegerField(_("số người được hỗ trợ"), default=0)
    ethnic_minority_people = models.PositiveIntegerField(_("trong đó người dân tộc thiểu số"), default=0)
    people_trained = models.PositiveIntegerField(_("số người được đào tạo, bồi dưỡng"), default=0)
    jobs_created = models.PositiveIntegerField(_("số việc làm tạo ra"), default=0)
    households_out_of_poverty = models.PositiveIntegerField(_("số hộ thoát nghèo"), default=0)
    development_model = models.ForeignKey(
        DevelopmentModel,
        verbose_name=_("mô hình liên quan"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT, db_index=True
    )
    confirmation_status = models.CharField(
        _("xác nhận của địa phương"),
        max_length=10,
        choices=ConfirmationStatus.choices,
        default=ConfirmationStatus.PENDING,
        db_index=True,
    )
    confirmation_comment = models.TextField(_("ý kiến của địa phương"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("thời điểm xác nhận"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("lịch sử hoạt động"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("hoạt động hỗ trợ")
        verbose_name_plural = _("hoạt động hỗ trợ")
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["status", "start_date"], name="activity_status_start"),
            models.Index(fields=["partnership", "start_date"], name="activity_partnership_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_dates_ordered",
                violation_error_message=_("Ngày kết thúc không được trước ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(ethnic_minority_people__lte=models.F("people_reached")),
                name="activity_minority_within_people",
                violation_error_message=_("Số người dân tộc thiểu số không được lớn hơn số người được hỗ trợ."),
            ),
            models.CheckConstraint(
                condition=Q(budget_state__gte=0) & Q(budget_society__gte=0) & Q(budget_in_kind__gte=0),
                name="activity_money_not_negative",
                violation_error_message=_("Số tiền không được âm."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def total_money(self) -> int:
        return self.budget_state + self.budget_society + self.budget_in_kind

    @property
    def year(self) -> int:
        """The reporting year of an activity is the year in which it started."""
        return self.start_date.year

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.partnership_id and self.commune_id and not self.partnership.covers(self.commune):
            raise ValidationError({"commune": _("Xã thực hiện phải thuộc địa phương kết nghĩa.")})
        if (
            self.development_model_id
            and self.partnership_id
            and self.development_model.partnership_id != self.partnership_id
        ):
            raise ValidationError({"development_model": _("Mô hình phải thuộc cùng quan hệ kết nghĩa.")})


class ActivityStatusChange(models.Model):
    """One move through the review workflow (see workflow.py)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("từ trạng thái"), max_length=10, choices=ActivityStatus.choices, blank=True)
    to_status = models.CharField(_("sang trạng thái"), max_length=10, choices=ActivityStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("lượt chuyển trạng thái")
        verbose_name_plural = _("lịch sử chuyển trạng thái")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '–'} → {self.get_to_status_display()}"


class Attachment(models.Model):
    """Evidence for an activity (photos, PDF, Office files). Served only through a scoped view."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("hoạt động"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("tệp"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class AnnualPlan(models.Model):
    """What an agency commits to for its partner in a year; results are held against it."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    money_target = models.PositiveBigIntegerField(_("kinh phí dự kiến (đồng)"), default=0)
    society_money_target = models.PositiveBigIntegerField(_("trong đó vận động xã hội hóa (đồng)"), default=0)
    people_trained_target = models.PositiveIntegerField(_("số người đào tạo, bồi dưỡng"), default=0)
    jobs_target = models.PositiveIntegerField(_("số việc làm"), default=0)
    households_out_of_poverty_target = models.PositiveIntegerField(_("số hộ thoát nghèo"), default=0)
    models_target = models.PositiveIntegerField(_("số mô hình xây dựng, nhân rộng"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ngày tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lần cuối"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("lịch sử kế hoạch"))
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế hoạch năm")
        verbose_name_plural = _("kế hoạch năm")
        ordering = ["-year", "partnership__agency__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "year"],
                name="plan_one_per_partnership_year",
                violation_error_message=_("Quan hệ kết nghĩa này đã có kế hoạch cho năm này."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="plan_year_plausible",
                violation_error_message=_("Năm kế hoạch không hợp lệ."),
            ),
            models.CheckConstraint(
                condition=Q(society_money_target__lte=models.F("money_target")),
                name="plan_society_within_total",
                violation_error_message=_("Kinh phí xã hội hóa không được lớn hơn tổng kinh phí dự kiến."),
            ),
        ]

    def __str__(self):
        return f"{self.partnership} – {self.year}"


class PlanCategoryTarget(models.Model):
    plan = models.ForeignKey(
        AnnualPlan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="category_targets"
    )
    category = models.ForeignKey(
        ActivityCategory, verbose_name=_("loại hoạt động"), on_delete=models.PROTECT, related_name="+"
    )
    activities_target = models.PositiveIntegerField(_("số hoạt động dự kiến"), default=0)

    class Meta:
        verbose_name = _("chỉ tiêu theo loại hoạt động")
        verbose_name_plural = _("chỉ tiêu theo loại hoạt động")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "category"],
                name="plan_target_one_per_category",
                violation_error_message=_("Mỗi loại hoạt động chỉ có một chỉ tiêu trong kế hoạch."),
            ),
        ]

    def __str__(self):
        return f"{self.category}: {self.activities_target}"


class ActivitySummary(models.Model):
    """Sums of activities per (reporting year, partnership, commune, category, status), so that
    dashboards over a million activities read a few thousand rows.

    Database triggers (migration 0003, PostgreSQL and SQLite) keep it exact on every write path:
    services, admin, imports, `queryset.update()`, `bulk_create` and seed_demo's COPY. Nothing in
    Python writes it. Substantive-ness, agency kind and district are joined at read time, so
    editing reference data never makes it stale. Read it only through `reports/selectors.py`.
    """

    year = models.PositiveSmallIntegerField(_("năm"))
    partnership = models.ForeignKey(
        Partnership, verbose_name=_("quan hệ kết nghĩa"), on_delete=models.DO_NOTHING, db_constraint=False,
        related_name="+",
    )
    # The activity's commune id, 0 for district-wide activities: a plain integer so that the
    # uniqueness below (which the triggers' upserts rely on) also holds for "no commune".
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

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổng hợp hoạt động")
        verbose_name_plural = _("tổng hợp hoạt động")
        constraints = [
            models.UniqueConstraint(
                fields=["year", "partnership", "commune_id", "category", "status"], name="activity_summary_key"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "year"], name="activity_summary_status_year"),
            # Nearly always empty: lets the triggers drop emptied rows without scanning the table.
            models.Index(fields=["n"], condition=Q(n=0), name="activity_summary_empty"),
        ]

    def __str__(self):
        return f"{self.year} · {self.partnership_id} · {self.category_id} · {self.status}: {self.n}"
