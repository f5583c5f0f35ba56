"""Vietnamese is the interface's language; English is a switch away and must be complete."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
EN_PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_english_catalog_translates_every_string():
    catalog = polib.pofile(str(EN_PO))
    missing = [entry.msgid for entry in catalog.untranslated_entries() if not entry.obsolete]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not missing, f"untranslated in locale/en (run `make messages` and fill them): {missing[:10]}"
    assert not fuzzy, f"fuzzy entries in locale/en: {fuzzy[:10]}"


# Words that a translation must keep (Vietnamese word → English), to catch an entry that took
# another string's English when msgmerge matched it fuzzily and the flag was dropped by hand:
# "Khóa API không hợp lệ." had become "Invalid year.", "Bạn chưa có khóa API nào." "You have no
# files yet.", "dùng lần cuối" "version".
KEPT_WORDS = [("API", "API"), ("(mã)", "(code)"), ("khóa api", "key"), ("lần cuối", "last")]


def test_english_keeps_what_the_string_is_about():
    catalog = polib.pofile(str(EN_PO))
    wrong = [
        (entry.msgid, entry.msgstr)
        for entry in catalog
        if not entry.obsolete and entry.msgstr
        for word, english in KEPT_WORDS
        if word.lower() in entry.msgid.lower() and english.lower() not in entry.msgstr.lower()
    ]
    assert not wrong, f"English that does not say what the Vietnamese says: {wrong[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (apt-get install gettext)")
def test_every_string_in_the_code_is_in_the_english_catalog(tmp_path):
    """Extract the strings afresh from a copy of the code (so the real catalog is not touched)
    and check that each has an English translation: a new page cannot ship half in Vietnamese."""
    for name in ("manage.py", "ketnghia", "common", "jobs", "partnerships", "reports", "portal", "api", "notifications", "inspections", "templates", "locale"):
        source = ROOT / name
        copy = shutil.copy if source.is_file() else shutil.copytree
        copy(source, tmp_path / name)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "--no-location"],
        cwd=tmp_path, check=True, capture_output=True,
    )
    fresh = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = {entry.msgid: entry for entry in polib.pofile(str(EN_PO)) if not entry.obsolete}
    missing = [
        entry.msgid for entry in fresh
        if not entry.obsolete and (entry.msgid not in committed or not committed[entry.msgid].translated())
    ]
    assert not missing, f"strings without English (run `make messages` and translate them): {missing[:10]}"


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


def test_an_english_browser_still_gets_vietnamese_until_the_switch(client):
    """An officer's English Windows or Chrome must not turn the portal English by itself."""
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    page = client.get(reverse("login"), **english_browser)
    html = page.content.decode()
    assert 'lang="vi"' in html and "Đăng nhập" in html
    assert page["Content-Language"] == "vi"

    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")}, **english_browser)
    page = client.get(reverse("login"), **english_browser)
    assert "Log in" in page.content.decode()
    assert page["Content-Language"] == "en"

    client.post(reverse("set_language"), {"language": "vi", "next": reverse("login")})
    assert "Đăng nhập" in client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_a_cookie_naming_no_language_of_the_portal_is_ignored(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Đăng nhập" in client.get(reverse("login")).content.decode()


@pytest.mark.django_db
def test_model_labels_switch_language(settings):
    from django.utils import translation

    from partnerships.models import Activity

    with translation.override("en"):
        assert str(Activity._meta.get_field("budget_state").verbose_name) == "state budget (VND)"
    with translation.override("vi"):
        assert str(Activity._meta.get_field("budget_state").verbose_name) == "ngân sách nhà nước (đồng)"
