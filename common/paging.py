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
    exactly the same rows backwards."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # the cached_property Paginator.count reads

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        if bottom <= self.count // 2:
            return self._get_page(self.object_list[bottom:top], number, self)
        from_end = self.count - top
        rows = list(self.object_list.reverse()[from_end:from_end + (top - bottom)])
        rows.reverse()
        return self._get_page(rows, number, self)


def counted_page(request, queryset, count: int, per_page: int = PAGE_SIZE) -> Page:
    return CountedPaginator(queryset, per_page, count=count).get_page(request.GET.get("page"))
