"""The portal's other lists as workbooks (partnerships, plans, development models): what the page
shows, filtered and scoped the same way (the view hands over its own queryset or rows), headed
with the words of `partnerships/io/columns.py`, written by `common.spreadsheet.list_workbook`
(money and dates formatted, text never a formula, A4 printing)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from common.spreadsheet import COUNT, DATE, ID, MONEY, TEXT, list_workbook
from partnerships import geography
from partnerships.io.columns import ACTIVITY_HEADING as A
from partnerships.io.columns import MODEL_HEADING as M
from partnerships.io.columns import PARTNERSHIP_HEADING as P
from partnerships.io.columns import PLAN_HEADING as PL


def _subtitle(conditions: list[str]) -> str:
    made = _("Xuất ngày %(date)s") % {"date": timezone.localdate().strftime("%d/%m/%Y")}
    return "; ".join([*[str(c) for c in conditions], made])


def filename(kind: str) -> str:
    return f"{kind}-{timezone.localdate():%Y%m%d}.xlsx"


def partnerships_workbook(partnerships, *, conditions=(), counts=None, stream=None, on_row=None):
    """`partnerships`: the list's queryset (scoped, filtered, ordered); `counts`: activities per
    partnership id as the page counts them (visible to the user)."""
    columns = [
        (_(P["id"]), ID, 8), (_(P["agency"]), TEXT, 34), (_(P["agency_kind"]), TEXT, 18), (_(P["unit"]), TEXT, 24),
        (_(P["unit_code"]), TEXT, 10), (_(P["district"]), TEXT, 20), (_(P["signed_on"]), DATE, 12),
        (_(P["agreement_number"]), TEXT, 18), (_(P["status"]), TEXT, 14), (_(P["ended_on"]), DATE, 12),
        (_(P["activities"]), COUNT, 10),
    ]
    counts = counts or {}

    def rows():
        for p in partnerships.select_related("agency", *geography.naming_joins("unit")).iterator(chunk_size=2000):
            # A new commune's district column is its former district's area, never the city.
            yield (p.pk, p.agency.name, p.agency.get_kind_display(), p.unit.name, p.unit.code,
                   geography.district_area_name(p.unit), p.signed_on, p.agreement_number, p.get_status_display(),
                   p.ended_on, counts.get(p.pk, 0))

    return list_workbook(sheet_title=_("Quan hệ kết nghĩa"), title=_("Danh sách quan hệ kết nghĩa"),
                         subtitle=_subtitle(conditions), columns=columns, rows=rows(), stream=stream, on_row=on_row)


def models_workbook(models, *, conditions=(), stream=None, on_row=None):
    """`models`: the model list's queryset (scoped, filtered, ordered), with `origin_name` (the
    model it was replicated from, as the user may see it) annotated like the page."""
    columns = [
        (_(M["id"]), ID, 8), (_(M["name"]), TEXT, 34), (_(A["agency"]), TEXT, 28), (_(A["commune"]), TEXT, 20),
        (_(P["district"]), TEXT, 20), (_(M["sector"]), TEXT, 16), (_(M["stage"]), TEXT, 12),
        (_(M["households"]), COUNT, 10), (_(M["started_on"]), DATE, 12), (_(M["maintained_on"]), DATE, 12),
        (_(M["developed_on"]), DATE, 12), (_(M["replicated_on"]), DATE, 12), (_(M["replicated_from"]), TEXT, 28),
    ]

    def rows():
        for m in models.iterator(chunk_size=2000):
            yield (m.pk, m.name, m.partnership.agency.name, m.commune.name, geography.district_area_name(m.commune),
                   m.get_sector_display(), m.get_stage_display(), m.households, m.started_on, m.maintained_on,
                   m.developed_on, m.replicated_on, getattr(m, "origin_name", None) or "")

    return list_workbook(sheet_title=_("Mô hình"), title=_("Danh sách mô hình phát triển kinh tế - xã hội"),
                         subtitle=_subtitle(conditions), columns=columns, rows=rows(), stream=stream, on_row=on_row)


def plans_workbook(rows, *, year: int, conditions=(), stream=None, on_row=None):
    """`rows`: `selectors.plans.plans_vs_results` of the page's partnerships for `year`: each
    figure's target and result (money in đồng, then the counts), as the page shows them."""
    first = rows[0] if rows else None
    columns = [
        (_(P["agency"]), TEXT, 30), (_(P["unit"]), TEXT, 22), (_(PL["year"]), ID, 7), (_(PL["has_plan"]), TEXT, 9),
        (_(PL["money_target"]), MONEY, 18), (_(PL["money_result"]), MONEY, 18), (_(PL["activities"]), COUNT, 10),
    ]
    for figure in first.figures[1:] if first else []:
        kind = MONEY if figure.is_money else COUNT
        columns += [(_("%(figure)s: kế hoạch") % {"figure": figure.label}, kind, 16 if figure.is_money else 11),
                    (_("%(figure)s: kết quả") % {"figure": figure.label}, kind, 16 if figure.is_money else 11)]

    def values():
        for row in rows:
            line = [row.partnership.agency.name, row.partnership.unit.name, year,
                    _("Có") if row.plan else _("Chưa có"), row.money.target, row.money.result, row.activities]
            for figure in row.figures[1:]:
                line += [figure.target, figure.result]
            yield tuple(line)

    return list_workbook(sheet_title=_("Kế hoạch %(year)s") % {"year": year},
                         title=_("Kế hoạch và kết quả năm %(year)s") % {"year": year},
                         subtitle=_subtitle(conditions), columns=columns, rows=values(), stream=stream, on_row=on_row)


# --- one entry per list: its rows (from the page's own selector) and its workbook -------------

LIST_NAMES = ("partnerships", "plans", "models")
PAGES = {"partnerships": "partnerships:partnership_list", "plans": "partnerships:plan_list",
         "models": "partnerships:model_list"}
STEMS = {"partnerships": "quan-he-ket-nghia", "plans": "ke-hoach", "models": "mo-hinh"}


def list_rows(name: str, user, query: str, *, year: int | None = None):
    """(filterset, queryset) of a list as its page builds them."""
    from partnerships.selectors import lists

    if name == "partnerships":
        return lists.partnership_list(user, query)
    if name == "models":
        return lists.model_list(user, query)
    return lists.plan_list(user, query, year)


def list_workbook_for(name: str, user, query: str, *, year: int | None = None, stream=None, on_row=None):
    """The workbook of list `name` as `user` filtered it (`query`: the page's GET parameters)."""
    from partnerships.selectors import lists
    from partnerships.selectors.plans import plans_vs_results

    filterset, queryset = list_rows(name, user, query, year=year)
    conditions = _conditions(filterset)
    if name == "partnerships":
        counts = lists.activity_counts(user, queryset.values("pk"))
        return partnerships_workbook(queryset, conditions=conditions, counts=counts, stream=stream, on_row=on_row)
    if name == "models":
        return models_workbook(queryset, conditions=conditions, stream=stream, on_row=on_row)
    rows = plans_vs_results(user, queryset, year)
    return plans_workbook(rows, year=year, conditions=conditions, stream=stream, on_row=on_row)


def _conditions(filterset) -> list[str]:
    """The list's conditions in words, for the file's second line: the form's choices, then what
    a dashboard link set (hidden)."""
    if not filterset.is_bound or not filterset.is_valid():
        return [_("Tất cả")]
    words = []
    for bound in filterset.form.visible_fields():
        value = filterset.form.cleaned_data.get(bound.name)
        if value in (None, "", []):
            continue
        if hasattr(bound.field, "choices") and not hasattr(value, "pk"):
            value = dict(bound.field.choices).get(value, value)
            value = {True: _("Có"), False: _("Không")}.get(value, value)
        words.append(f"{bound.label}: {value}")
    hidden = getattr(filterset, "hidden_conditions", None)
    return words + (hidden() if hidden else []) or [_("Tất cả")]
