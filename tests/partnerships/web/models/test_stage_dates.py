"""A development model's stage dates are its own fields (built, maintained, developed,
replicated), typed dd/mm/yyyy in the form, held in order, and shown on the page and in the tree;
not the date the row happened to be saved."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from partnerships import services
from partnerships.models import DevelopmentModel
from tests.factories import CommuneFactory, DevelopmentModelFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def form_data(partnership, commune, **extra):
    return {"name": "Mô hình nuôi bò sinh sản", "partnership": partnership.pk, "commune": commune.pk,
            "sector": "livestock", "stage": "developed", "households": "20", "started_on": "10/03/2022",
            "maintained_on": "05/01/2023", "developed_on": "20/02/2024", "replicated_on": "",
            "description": "", **extra}


def test_form_takes_the_stage_dates_and_the_page_shows_them(client, officer, partnership, commune):
    client.force_login(officer)
    form_page = client.get(reverse("partnerships:model_create")).content.decode()
    for name in ("started_on", "maintained_on", "developed_on", "replicated_on"):
        assert f'name="{name}"' in form_page and 'placeholder="dd/mm/yyyy"' in form_page
    response = client.post(reverse("partnerships:model_create"), form_data(partnership, commune))
    model = DevelopmentModel.objects.get()
    assert response.status_code == 302
    assert (model.started_on, model.maintained_on, model.developed_on, model.replicated_on) == (
        D(2022, 3, 10), D(2023, 1, 5), D(2024, 2, 20), None)
    html = client.get(reverse("partnerships:model_detail", args=[model.pk])).content.decode()
    stages = re.search(r'id="stage-dates">(.*?)</ul>', html, re.S).group(1)
    for label, date in (("Xây dựng", "10/03/2022"), ("Duy trì", "05/01/2023"), ("Phát triển", "20/02/2024")):
        assert re.search(rf"{label}.*?{date}", stages, re.S), label
    assert "chưa đến" in stages  # replication not reached
    assert 'aria-current="step"' in stages
    edit = client.get(reverse("partnerships:model_update", args=[model.pk])).content.decode()
    assert 'value="05/01/2023"' in edit


def test_the_stage_dates_are_not_the_save_date(client, officer, partnership, commune):
    model = services.development_model_save(
        actor=officer, name="Mô hình trồng quế", partnership=partnership, commune=commune, stage="built",
        started_on=D(2021, 11, 2))
    services.development_model_save(actor=officer, model=model, stage="maintained", maintained_on=D(2022, 9, 1))
    client.force_login(officer)
    stages = client.get(reverse("partnerships:model_detail", args=[model.pk])).context["stages"]
    assert [(s["stage"], s["date"], s["reached"]) for s in stages] == [
        ("built", D(2021, 11, 2), True), ("maintained", D(2022, 9, 1), True), ("developed", None, False),
        ("replicated", None, False)]
    today = datetime.date.today().strftime("%d/%m/%Y")
    html = client.get(reverse("partnerships:model_detail", args=[model.pk])).content.decode()
    assert today not in re.search(r'id="stage-dates">(.*?)</ul>', html, re.S).group(1)


@pytest.mark.parametrize("extra, field, message", [
    ({"maintained_on": "01/01/2022"}, "maintained_on", "không thể trước ngày xây dựng (10/03/2022)"),
    ({"developed_on": "01/12/2022"}, "developed_on", "không thể trước ngày duy trì (05/01/2023)"),
    ({"stage": "maintained"}, "developed_on", "đang ở giai đoạn “Duy trì”: chưa thể có ngày phát triển"),
    ({"replicated_on": "01/03/2024"}, "replicated_on", "chưa thể có ngày nhân rộng"),
    ({"maintained_on": "31/02/2023"}, "maintained_on", "Nhập ngày theo dạng ngày/tháng/năm"),
    ({"developed_on": "01/01/2099"}, "developed_on", "Ngày này chưa tới."),
])
def test_bad_stage_dates_get_a_vietnamese_message_and_nothing_is_stored(client, officer, partnership, commune,
                                                                       extra, field, message):
    client.force_login(officer)
    response = client.post(reverse("partnerships:model_create"), form_data(partnership, commune, **extra))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert not DevelopmentModel.objects.exists()


def test_the_database_holds_the_order_too(partnership, commune):
    model = DevelopmentModelFactory(partnership=partnership, commune=commune, started_on=D(2023, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentModel.objects.filter(pk=model.pk).update(maintained_on=D(2023, 4, 1))
    DevelopmentModel.objects.filter(pk=model.pk).update(maintained_on=D(2023, 6, 1))  # in order: stored
    with pytest.raises(IntegrityError), transaction.atomic():
        DevelopmentModel.objects.filter(pk=model.pk).update(replicated_on=D(2023, 5, 20))


def test_the_tree_shows_each_models_stage_date(client, coordinator, partnership, commune, district):
    root = DevelopmentModelFactory(name="Nuôi bò sinh sản", partnership=partnership, commune=commune,
                                   started_on=D(2022, 3, 1), stage="developed", maintained_on=D(2022, 11, 1),
                                   developed_on=D(2023, 8, 15))
    replica = DevelopmentModelFactory(name="Nuôi bò ở Lăng", partnership=partnership,
                                      commune=CommuneFactory(name="Xã Lăng", parent=district), stage="replicated",
                                      started_on=D(2024, 4, 2), replicated_on=D(2024, 4, 2), replicated_from=root)
    client.force_login(coordinator)
    html = client.get(reverse("partnerships:model_detail", args=[replica.pk])).content.decode()
    tree = re.search(r'id="replication-tree">(.*?)</ul>', html, re.S).group(1)
    assert re.search(r"Nuôi bò sinh sản.*?Phát triển</span> <span class=\"small\">từ 15/08/2023", tree, re.S)
    assert re.search(r"Nhân rộng</span> <span class=\"small\">từ 02/04/2024", tree, re.S)
    assert "xây dựng 01/03/2022" in tree
