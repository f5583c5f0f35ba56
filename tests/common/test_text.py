import pytest

from partnerships.models import Agency
from common.text import fold, folded_search


@pytest.mark.parametrize(
    "text, folded",
    [("Quảng Nam", "quang nam"), ("Đông Giang", "dong giang"), ("ĐẮK PRING", "dak pring"), ("", "")],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.django_db
@pytest.mark.parametrize("term", ["quang nam", "QUANG nam", "điện lực", "dien luc quang"])
def test_folded_search_ignores_diacritics_and_case_on_this_database(term):
    wanted = Agency.objects.create(name="Công ty Điện lực Quảng Nam")
    Agency.objects.create(name="Sở Tài chính")
    found = folded_search(Agency.objects.all(), ["name"], term)
    assert list(found) == [wanted]


@pytest.mark.django_db
def test_folded_search_requires_every_word():
    Agency.objects.create(name="Công ty Điện lực Quảng Nam")
    assert not folded_search(Agency.objects.all(), ["name"], "dien luc hue").exists()
