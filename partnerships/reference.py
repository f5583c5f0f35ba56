"""Reference data every installation needs: activity categories named by Directive 16-CT/TU and
the role groups with their model permissions in every app (`ROLE_GRANTS`, the one table of them).

Migrations install a frozen copy of it (partnerships 0002, reports 0003); `ensure_reference_data()`
puts it back after a flush (tests that use a live server) and is what `seed_demo` relies on.
"""

from django.db import transaction

from partnerships.access.roles import Role

# (code, name, substantive, description) in the order the directive lists them.
CATEGORIES = [
    ("mo-hinh", "Xây dựng, duy trì, phát triển và nhân rộng mô hình kinh tế - xã hội", True,
     "Chỉ thị 16, điểm 3: hỗ trợ xây dựng, duy trì, phát triển và nhân rộng các mô hình hiệu quả."),
    ("xa-hoi-hoa", "Vận động nguồn lực xã hội hóa", True,
     "Chỉ thị 16, điểm 3: vận động nguồn lực xã hội hóa cho phát triển kinh tế, đời sống văn minh, thoát nghèo bền vững."),
    ("dao-tao-can-bo", "Đào tạo, bồi dưỡng cán bộ, công chức", True,
     "Chỉ thị 16, điểm 3: đào tạo, bồi dưỡng cán bộ, công chức các địa phương miền núi."),
    ("dao-tao-nghe", "Đào tạo nghề, giải quyết việc làm", True,
     "Chỉ thị 16, điểm 3: đào tạo nghề, giải quyết việc làm."),
    ("an-sinh", "An sinh xã hội", True, "Chỉ thị 16, điểm 3: an sinh xã hội."),
    ("tuyen-truyen", "Tuyên truyền, vận động", True,
     "Chỉ thị 16, điểm 1: tuyên truyền, vận động thay đổi nhận thức, thoát nghèo bền vững."),
    ("quoc-phong", "Quốc phòng, an ninh", True, "Chỉ thị 16, điểm 1: đảm bảo quốc phòng, an ninh vùng biên giới."),
    ("ha-tang", "Hỗ trợ cơ sở hạ tầng", True, "Đường, trường, công trình nước sạch, công trình công cộng."),
    ("tham-hoi", "Thăm hỏi, tặng quà", False,
     "Hình thức mà Chỉ thị 16 đánh giá là chưa thiết thực, lâu dài."),
    ("nha-tinh-nghia", "Tặng nhà tình nghĩa", False,
     "Hình thức mà Chỉ thị 16 đánh giá là chưa thiết thực, lâu dài."),
    ("khac", "Hoạt động khác", False, ""),
]

# --- role grants -------------------------------------------------------------------------------
# The one table of the model permissions each role group holds, in every app: model permissions
# say which *verbs* a role may use in the admin; scoping says which rows, the policy module which
# moves. `apply_role_grants()` makes each group hold exactly these in the apps named here (and
# leaves other apps' permissions alone); a new app adds its rows here. Migrations keep frozen
# copies of their own, as a migration must not depend on code that changes after it.
VIEW = ("view",)
EVERY_VERB = ("view", "add", "change", "delete")
WHOLE_APP = "*"

PARTNERSHIP_MODELS = ("administrativeunit", "agency", "user", "partnership", "activitycategory",
                      "developmentmodel", "activity", "activitystatuschange", "attachment", "annualplan",
                      "plancategorytarget")
REPORT_MODELS = ("evaluationcriterion", "classificationband", "classificationoverride", "finalisedreport")


def _each(verbs, *models) -> dict[str, tuple[str, ...]]:
    return dict.fromkeys(models, verbs)


ROLE_GRANTS = {
    Role.OFFICER: {
        "partnerships": {
            **_each(VIEW, "administrativeunit", "agency", "partnership", "activitycategory", "activitystatuschange"),
            **_each(EVERY_VERB, "activity", "attachment", "annualplan", "plancategorytarget", "developmentmodel"),
        },
        "reports": {},
    },
    Role.FOCAL_POINT: {
        "partnerships": {
            **_each(VIEW, "administrativeunit", "agency", "partnership", "activitycategory", "developmentmodel",
                    "activitystatuschange", "attachment", "annualplan", "plancategorytarget"),
            "activity": ("view", "change"),  # confirming receipt; the service allows nothing else
        },
        "reports": {},
    },
    Role.COORDINATOR: {
        # The names on a report by date are the administrators' (a deployment's setting).
        "partnerships": {**_each(EVERY_VERB, *PARTNERSHIP_MODELS), "user": VIEW, "reportnames": VIEW},
        "reports": {
            **_each(EVERY_VERB, "evaluationcriterion", "classificationband"),
            # Overrides and finalising have their own portal pages, which record who and why.
            **_each(VIEW, "classificationoverride", "finalisedreport"),
        },
    },
    Role.LEADER: {
        "partnerships": _each(VIEW, *PARTNERSHIP_MODELS, "reportnames"),
        "reports": _each(VIEW, *REPORT_MODELS),
    },
    Role.ADMINISTRATOR: {
        "partnerships": _each(EVERY_VERB, *PARTNERSHIP_MODELS, "reportnames"),
        "reports": _each(EVERY_VERB, *REPORT_MODELS),
        "auth": WHOLE_APP,
    },
}


def granted_codenames(role: Role, app_label: str) -> set[str] | None:
    """The permission codenames `role` holds in `app_label` (None: every permission of the app)."""
    models = ROLE_GRANTS[role].get(app_label, {})
    if models == WHOLE_APP:
        return None
    return {f"{verb}_{model}" for model, verbs in models.items() for verb in verbs}


def seed_categories(apps):
    Category = apps.get_model("partnerships", "ActivityCategory")
    for order, (code, name, substantive, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_substantive": substantive, "description": description, "sort_order": order * 10},
        )


def apply_role_grants(apps) -> None:
    """Idempotent: create the role groups and give each exactly its grants of ROLE_GRANTS, in every
    app the table names. `apps`: the app registry (or a migration's historical one)."""
    from django.db.models import Q

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_labels = {label for grants in ROLE_GRANTS.values() for label in grants}
    for role in ROLE_GRANTS:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = Q(pk__in=[])
        for label in app_labels:
            codenames = granted_codenames(role, label)
            wanted |= Q(content_type__app_label=label) if codenames is None else Q(
                content_type__app_label=label, codename__in=sorted(codenames))
        others = group.permissions.exclude(content_type__app_label__in=app_labels)
        group.permissions.set([*Permission.objects.filter(wanted), *others])


@transaction.atomic
def ensure_reference_data():
    """Idempotent: create missing categories and groups; give every group exactly its grants."""
    from django.apps import apps

    seed_categories(apps)
    apply_role_grants(apps)
