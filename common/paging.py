"""Paging of list pages: 50 rows a page; links keep the other query parameters."""


from django.core.paginator import Paginator

PAGE_SIZE = 50


def paginate(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()

