"""Paging of list pages: 50 rows a page; links keep the other query parameters."""


from django.core.paginator import Page, Paginator

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
    column `field`: [(rows, lowest value, highest value), ...]. A page then reads only the spans
    that hold its rows (`field` between their bounds), with the OFFSET counted from the first of
    them. Without it an index walk along `field` may read hundreds of thousands of rows out of
    the user's scope before it finds the page's rows (when the rows in scope all lie at one end)."""

    def __init__(self, object_list, per_page, *, count: int, spans=None, field: str = "", **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = max(count, 0)  # the cached_property Paginator.count reads
        # Spans that do not add up to the count, or hold no rows or fewer (a stale figure), are
        # not trusted: the page is then read as without them.
        trusted = spans and field and all(span[0] > 0 for span in spans) and sum(span[0] for span in spans) == count
        self.spans = list(spans) if trusted else None
        self.field = field

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2:
            return self._get_page(self._rows(self.object_list, self.spans, bottom, top), number, self)
        from_end = self.count - top
        spans = self.spans[::-1] if self.spans else None
        rows = list(self._rows(self.object_list.reverse(), spans, from_end, from_end + (top - bottom)))
        rows.reverse()
        return self._get_page(rows, number, self)

    def _rows(self, queryset, spans, start: int, stop: int):
        """Rows [start, stop) of `queryset`, whose order `spans` follow."""
        if spans and stop > start:
            position, skipped, bounds = 0, 0, []
            for rows, low, high in spans:
                if position + rows <= start:
                    skipped += rows
                elif position < stop:
                    bounds += [low, high]
                position += rows
            queryset = queryset.filter(**{f"{self.field}__range": (min(bounds), max(bounds))})
            start, stop = start - skipped, stop - skipped
        return queryset[start:stop]


def counted_page(request, queryset, count: int, per_page: int = PAGE_SIZE, *, spans=None, field: str = "") -> Page:
    return CountedPaginator(queryset, per_page, count=count, spans=spans, field=field).get_page(request.GET.get("page"))
