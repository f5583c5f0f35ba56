"""Bad query parameters never answer 500.

Every page without a path argument is fetched; the names of the fields of its GET forms (the
filters) plus the parameters the pages read without a form (page, sort, year...) are each set, one
at a time, to out-of-range, non-numeric, negative and foreign values. The test client re-raises a
view's exception, so a crash fails the test with its traceback. Officers (scoped) and
coordinators (province-wide) are both swept: their filters differ.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import ActivityFactory, CommuneFactory, DistrictFactory, PartnershipFactory

# Out of range (past any integer column), not a number, a NUL (PostgreSQL refuses it in text).
BAD_VALUES = ["99999999999999999999", "abc", "\x00"]
# Read by lists without appearing as a field (paging, sorting links), and by downloads, which
# take the filters of the list they come from.
LIST_EXTRAS = ["page", "sort", "exact"]
DOWNLOAD_PARAMETERS = ["year", "year_from", "year_to", "district", "commune", "agency", "category", "q", "sort"]
_FIELD = re.compile(r"<(?:input|select)[^>]*\bname=\"([a-z_]+)\"", re.I)
_GET_FORM = re.compile(r"<form(?![^>]*method=\"post\")[^>]*>(.*?)</form>", re.I | re.S)
# Pages that are not GET pages of their own (POST-only actions, downloads with a path argument).
SKIP = {"/accounts/logout/", "/i18n/setlang/"}


def _plain_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/"):
                continue  # the Django admin validates its own changelist parameters
            yield from _plain_urls(entry, prefix + route)
        elif isinstance(entry, URLPattern) and "<" not in route and not route.startswith("^"):
            yield "/" + prefix + route


@pytest.fixture
def data(agency, other_agency, district, commune):
    other_district = DistrictFactory(name="Huyện Nam Giang", code="505")
    CommuneFactory(name="Xã Chơ Chun", code="20400", parent=other_district)
    mine = PartnershipFactory(agency=agency, unit=district)
    theirs = PartnershipFactory(agency=other_agency, unit=other_district)
    ActivityFactory(partnership=mine, commune=commune)
    ActivityFactory(partnership=theirs)
    return {"foreign_agency": other_agency.pk, "foreign_district": other_district.code, "foreign_partnership": theirs.pk}


def _parameters(client, url):
    response = client.get(url)
    if response.status_code != 200:
        return []
    if "text/html" not in response.get("Content-Type", ""):
        return DOWNLOAD_PARAMETERS
    html = response.content.decode()
    names = {name for form in _GET_FORM.findall(html) for name in _FIELD.findall(form)}
    return sorted(names | set(LIST_EXTRAS)) if names else []  # a page without filters reads none


@pytest.mark.parametrize("who", ["coordinator", "officer"])
def test_no_query_parameter_crashes_a_page(client, db, request, data, who):
    """Coordinators get the malformed values; officers, whose filters are scoped, the ids of
    another agency's rows."""
    client.force_login(request.getfixturevalue(who))
    urls = sorted(set(_plain_urls()) - SKIP)
    assert "/hoat-dong/" in urls and "/reports/tong-quan/" in urls and "/reports/bao-cao-nam/" in urls
    foreign = [str(data["foreign_agency"]), data["foreign_district"], str(data["foreign_partnership"])]
    values = BAD_VALUES if who == "coordinator" else foreign
    swept = set()
    for url in urls:
        for name in _parameters(client, url):
            for value in values:
                response = client.get(url, {name: value})
                assert response.status_code < 500, (url, name, value)
            swept.add(url)
    assert {"/hoat-dong/", "/ke-hoach/", "/ket-nghia/", "/mo-hinh/", "/reports/tong-quan/", "/tai-khoan/"} <= swept or (
        who == "officer" and "/hoat-dong/" in swept
    )


def test_the_reported_overflow(client, coordinator, data):
    client.force_login(coordinator)
    response = client.get("/hoat-dong/", {"year_from": "99999999999999999999"})
    assert response.status_code == 200
