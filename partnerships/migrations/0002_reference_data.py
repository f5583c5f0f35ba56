"""Reference data every installation needs: the unaccent extension (PostgreSQL), the activity
categories named by Directive 16-CT/TU, and the role groups with their model permissions in this
app and `auth`.

Self-contained: a frozen copy of what `partnerships/reference.py` held when it was written (the
live table, ROLE_GRANTS, may change later; `ensure_reference_data()` applies the live one)."""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

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

APP_MODELS = ["administrativeunit", "agency", "user", "partnership", "activitycategory", "developmentmodel",
              "activity", "activitystatuschange", "attachment", "annualplan", "plancategorytarget"]
ALL = ["view", "add", "change", "delete"]

ROLE_PERMISSIONS = {
    "Cán bộ đầu mối cơ quan, đơn vị": {
        "view": ["administrativeunit", "agency", "partnership", "activitycategory", "activitystatuschange"],
        "all": ["activity", "attachment", "annualplan", "plancategorytarget", "developmentmodel"],
    },
    "Cán bộ đầu mối địa phương": {
        "view": ["administrativeunit", "agency", "partnership", "activitycategory", "developmentmodel",
                 "activity", "activitystatuschange", "attachment", "annualplan", "plancategorytarget"],
        "change": ["activity"],
    },
    "Cán bộ tổng hợp cấp tỉnh": {
        "view": ["user"],
        "all": [m for m in APP_MODELS if m != "user"],
    },
    "Lãnh đạo tỉnh": {"view": APP_MODELS},
    "Quản trị hệ thống": {"all": APP_MODELS},
}


def seed_categories(apps, schema_editor):
    Category = apps.get_model("partnerships", "ActivityCategory")
    for order, (code, name, substantive, description) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(
            code=code,
            defaults={"name": name, "is_substantive": substantive, "description": description,
                      "sort_order": order * 10},
        )


def create_groups(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        codenames = []
        for verb, models in grants.items():
            verbs = ALL if verb == "all" else [verb]
            codenames += [f"{v}_{m}" for m in models for v in verbs]
        group.permissions.set(Permission.objects.filter(content_type__app_label="partnerships", codename__in=codenames))
        if group_name == "Quản trị hệ thống":
            group.permissions.add(*Permission.objects.filter(content_type__app_label="auth"))


class Migration(migrations.Migration):
    dependencies = [
        ("partnerships", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(seed_categories, migrations.RunPython.noop),
        migrations.RunPython(create_groups, migrations.RunPython.noop),
    ]
