"""factory_boy factories for the domain. Units are built as a small tree under Quảng Nam (49)."""

import datetime

import factory
from factory.django import DjangoModelFactory

from partnerships import models
from partnerships.access.roles import Role


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = models.AdministrativeUnit
        django_get_or_create = ("code",)

    code = "49"
    name = "Tỉnh Quảng Nam"
    level = models.AdministrativeUnit.Level.PROVINCE


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = models.AdministrativeUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"{600 + n:03d}")
    name = factory.Sequence(lambda n: f"Huyện Miền Núi {n}")
    level = models.AdministrativeUnit.Level.DISTRICT
    parent = factory.SubFactory(ProvinceFactory)
    is_mountainous = True
    is_ethnic_minority_area = True


class CommuneFactory(DistrictFactory):
    """A commune of a (new) mountainous district, with the district's flags."""

    code = factory.Sequence(lambda n: f"{30000 + n:05d}")
    name = factory.Sequence(lambda n: f"Xã Đắc Pring {n}")
    level = models.AdministrativeUnit.Level.COMMUNE
    parent = factory.SubFactory(DistrictFactory)


class AgencyFactory(DjangoModelFactory):
    class Meta:
        model = models.Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Sở Kế hoạch số {n}")
    short_name = factory.Sequence(lambda n: f"SKH{n}")
    kind = models.Agency.Kind.STATE


class PartnershipFactory(DjangoModelFactory):
    class Meta:
        model = models.Partnership

    agency = factory.SubFactory(AgencyFactory)
    unit = factory.SubFactory(DistrictFactory)
    signed_on = datetime.date(2021, 10, 1)
    agreement_number = factory.Sequence(lambda n: f"{n}/TTr-KN")


def category(code="mo-hinh"):
    """Categories are reference data seeded by migration 0002; tests use the real ones."""
    return models.ActivityCategory.objects.get(code=code)


class ActivityFactory(DjangoModelFactory):
    class Meta:
        model = models.Activity

    partnership = factory.SubFactory(PartnershipFactory)
    category = factory.LazyFunction(category)
    title = factory.Sequence(lambda n: f"Hỗ trợ mô hình nuôi bò sinh sản số {n}")
    start_date = datetime.date(2024, 3, 15)
    commune = factory.LazyAttribute(
        lambda a: a.partnership.unit
        if a.partnership.unit.level == models.AdministrativeUnit.Level.COMMUNE
        else CommuneFactory(parent=a.partnership.unit)
    )
    budget_state = 10_000_000
    budget_society = 5_000_000
    budget_in_kind = 0
    people_reached = 20
    ethnic_minority_people = 15


class DevelopmentModelFactory(DjangoModelFactory):
    class Meta:
        model = models.DevelopmentModel

    name = factory.Sequence(lambda n: f"Mô hình trồng quế số {n}")
    partnership = factory.SubFactory(PartnershipFactory)
    commune = factory.LazyAttribute(lambda m: CommuneFactory(parent=m.partnership.unit))
    households = 12


class UserFactory(DjangoModelFactory):
    class Meta:
        model = models.User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Nguyễn"
    last_name = "Văn A"
    password = factory.PostGenerationMethodCall("set_password", "matkhau-demo")

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(Group.objects.get(name=Role(extracted).value))
        if create:
            self.save()


def lock_year(year: int, user):
    """A finalised report of `year` and the lock it puts on the year, as finalise_year leaves them
    (without building the files)."""
    from reports.models import FinalisedReport
    from reports.services import finalise

    models.LockedYear.objects.create(year=year, locked_by=user)
    return FinalisedReport.objects.create(
        year=year, figures={}, xlsx=b"x", docx=b"d", xlsx_sha256=finalise.sha256(b"x"),
        docx_sha256=finalise.sha256(b"d"), figures_sha256=finalise.sha256(b"{}"), finalised_by=user,
    )


def without_report_guard():
    """Drop the finalised report's guard triggers (reports migration 0007) inside the test's
    transaction, which brings them back: for tests that play a tampered file or a database of
    before the guard. Nothing in the portal can do this."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER ketnghia_finalised_report_guard ON reports_finalisedreport")
            cursor.execute("DROP TRIGGER ketnghia_locked_year_guard ON partnerships_lockedyear")
        else:
            for name in ("ketnghia_finalised_report_delete", "ketnghia_finalised_report_update",
                         "ketnghia_locked_year_delete", "ketnghia_locked_year_update"):
                cursor.execute(f"DROP TRIGGER {name}")
