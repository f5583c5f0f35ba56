"""Vietnamese is the interface's language; English is a switch away and must be complete."""

from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_compiled_catalog_is_up_to_date():
    # The .mo is committed so that a clean clone needs no gettext tools; it must match the .po.
    compiled = polib.mofile(str(EN_PO.with_suffix(".mo")))
    source = polib.pofile(str(EN_PO))
    assert {e.msgid: e.msgstr for e in compiled if e.msgid and not e.msgid_plural} == {
        e.msgid: e.msgstr for e in source.translated_entries() if not e.msgid_plural
    }


@pytest.mark.django_db
def test_login_page_in_vietnamese_by_default_and_english_when_switched(client):
    page = client.get(reverse("login"))
    assert "Đăng nhập" in page.content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    page = client.get(reverse("login"))
    html = page.content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html and "Đăng nhập" not in html


@pytest.mark.django_db
def test_model_labels_switch_language(settings):
    from django.utils import translation

    from partnerships.models import Activity

    with translation.override("en"):
        assert str(Activity._meta.get_field("budget_state").verbose_name) == "state budget (VND)"
    with translation.override("vi"):
        assert str(Activity._meta.get_field("budget_state").verbose_name) == "ngân sách nhà nước (đồng)"
