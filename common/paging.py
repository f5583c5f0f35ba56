"""Paging of list pages: 50 rows a page; links keep the other query parameters."""


from django.core.paginator import Page, Paginator
from django.db.models import Q

PAGE_SIZE = 50


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def page_context(request, queryset, **context) -> dict:
    """What a paged list page hands its template besides `context`: `page_obj`, this page of
    `queryset`, and `query`, the other query parameters, which the page links
    (`partnerships/partials/pagination.html`) and the export links keep."""
    return {"page_obj": paginate(request, queryset), "query": query_without_page(request), **context}


class CountedPaginator(Paginator):
    """A paginator for large ordered querysets, told its count instead of running COUNT(*), and
    reading the later half of the pages from the other end (the reversed order with a small
    OFFSET) instead of walking an OFFSET of up to a million rows.

    The queryset's ordering must be total (end with a unique column) so that the reversed order is
    exactly the same rows backwards.

    `spans` (optional) cut the list, in its order, into runs of rows by the ordering's first
    column `field`: [(rows, lowest value, highest value), ...], or by values of `field` that the
    order keeps together: [(rows, (value, ...)), ...] (e.g. the ids of the communes of one name,
    for a list sorted by the commune's name; None for "no value"). A page then reads only the
    spans that hold its rows (`field` between their bounds, or among their values), with the
    OFFSET counted from the first of them. Without it an index walk along `field` may read
    hundreds of thousands of rows out of the user's scope before it finds the page's rows (when
    the rows in scope all lie at one end), or the database sorts the whole list for one page."""

    def __init__(self, object_list, per_page, *, count: int, spans=None, field: str = "", within=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = max(count, 0)  # the cached_property Paginator.count reads
        # Spans that do not add up to the count, or hold no rows or fewer (a stale figure), are
        # not trusted: the page is then read as without them.
        trusted = spans and field and all(span[0] > 0 for span in spans) and sum(span[0] for span in spans) == count
        self.spans = list(spans) if trusted else None
        self.field = field
        # The order inside one span of values, when the list's order ties its values (by a name:
        # the pk): a page inside one span is read in that order, which an index can serve.
        self.within = tuple(within)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2:
            return self._get_page(self._rows(self.object_list, self.spans, bottom, top, self.within), number, self)
        from_end = self.count - top
        spans = self.spans[::-1] if self.spans else None
        # `within` stays as it is: the reversed queryset reverses any order given to it.
        rows = list(self._rows(self.object_list.reverse(), spans, from_end, from_end + (top - bottom), self.within))
        rows.reverse()
        return self._get_page(rows, number, self)

    def _rows(self, queryset, spans, start: int, stop: int, within=()):
        """Rows [start, stop) of `queryset`, whose order `spans` follow (`within`: the order
        inside one span of values)."""
        if spans and stop > start:
            position, skipped, covered = 0, 0, []
            for span in spans:
                rows = span[0]
                if position + rows <= start:
                    skipped += rows
                elif position < stop:
                    covered.append(span[1:])
                position += rows
            queryset = queryset.filter(self._within(covered))
            if within and len(covered) == 1 and len(covered[0]) == 1:
                queryset = queryset.order_by(*within)
            start, stop = start - skipped, stop - skipped
        return queryset[start:stop]

    def _within(self, covered) -> Q:
        """The rows of the spans a page covers: `field` between their bounds, or among their values."""
        if len(covered[0]) == 2:
            bounds = [bound for span in covered for bound in span]
            return Q(**{f"{self.field}__range": (min(bounds), max(bounds))})
        values = {value for (keys,) in covered for value in keys}
        within = Q(**{f"{self.field}__in": sorted(values - {None})})
        return within | Q(**{f"{self.field}__isnull": True}) if None in values else within


class EstimateTooHigh(Exception):
    """A page of an `EstimatedPaginator` found the list ending before it: its count is wrong."""


class EstimatedPaginator(Paginator):
    """A paginator for a large list whose count is only estimated (`count`: the page links say
    "about"). It serves the pages within its first `readable` rows (`serves`), read from the
    start, so each holds exactly the rows of plain offsets however far the estimate is off; a
    page beyond them needs the exact count (the caller's, `CountedPaginator`). A page that finds
    the list ending before it raises `EstimateTooHigh`.

    `reaches` (optional) narrow a page's read to the first rows of the list, in its order by
    `field`: [(rows, lowest, highest), ...], tightest first, each a one-sided range (the other
    bound None) estimated to hold the list's first `rows` rows. A page reads through the
    tightest that holds its rows with a margin (`MARGIN`); a full page is then exactly the
    rows of plain offsets (the range holds a head of the list), and a short one is read again
    without it. Without one, a page of a search may join and sort every match, or walk an index
    along `field` through rows that do not match."""

    estimated = True
    MARGIN = 2

    def __init__(self, object_list, per_page, *, count: int, readable: int, field: str = "", reaches=(), **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = max(count, 0)  # the cached_property Paginator.count reads
        self.readable = readable
        self.field = field
        self.reaches = list(reaches) if field else []

    def serves(self, number: int) -> bool:
        """Whether page `number` lies within the rows read from the start."""
        return number * self.per_page <= self.readable

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        reach = next((r for r in self.reaches if r[0] >= top * self.MARGIN), None)
        if reach is not None:
            found = list(self.object_list.filter(self._reach(*reach[1:]))[bottom:top])
            if len(found) == top - bottom:
                return self._get_page(found, number, self)
        found = list(self.object_list[bottom:top])
        if len(found) < top - bottom:
            raise EstimateTooHigh(bottom + len(found))
        return self._get_page(found, number, self)

    def _reach(self, lowest, highest) -> Q:
        return Q(**{f"{self.field}__gte": lowest}) if lowest is not None else Q(**{f"{self.field}__lte": highest})


def counted_page(request, queryset, count: int, per_page: int = PAGE_SIZE, *, spans=None, field: str = "",
                 within=()) -> Page:
    paginator = CountedPaginator(queryset, per_page, count=count, spans=spans, field=field, within=within)
    return paginator.get_page(request.GET.get("page"))
