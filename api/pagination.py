"""Lists page by number, 20 items a page by default, up to 100 with ?page_size=."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
