"""A unit named on a page as everywhere else: through `partnerships.geography`, never by walking
its parent in the template (after the 2025 reform a new commune's parent is the city; leaders look
for it under the former district's area). The views join what the names read (`naming_joins`).

`{{ unit|with_district }}` "Xã Hùng Sơn – khu vực huyện Tây Giang cũ" (`:"brackets"`: "Xã Hùng
Sơn (khu vực huyện Tây Giang cũ)"); `{{ unit|district_area }}` "Khu vực huyện Tây Giang cũ"
("" for a unit with neither district nor former district)."""

from django import template

from partnerships import geography

register = template.Library()


@register.filter
def with_district(unit, style: str = "") -> str:
    return geography.name_with_district(unit, brackets=style == "brackets") if unit else ""


@register.filter
def district_area(unit) -> str:
    return geography.district_area_name(unit) if unit else ""
