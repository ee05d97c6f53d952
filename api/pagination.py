"""Lists page by number: 20 items a page by default, 1 to 100 with ?page_size=.
A malformed page or page size is refused with a reason (400), not silently
replaced by the default; a page past the last is 404, as DRF answers it."""

import re

from drf_spectacular.utils import OpenApiParameter, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination

from .errors import BadRequest

WHOLE_NUMBER = re.compile(r"[0-9]{1,7}", re.ASCII)


class Pagination(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not (
            WHOLE_NUMBER.fullmatch(value) and 1 <= int(value) <= self.max_page_size
        ):
            raise BadRequest(
                f"page_size must be a whole number from 1 to {self.max_page_size}."
            )
        return int(value)

    def paginate_queryset(self, queryset, request, view=None):
        value = request.query_params.get(self.page_query_param, "1")
        if not (WHOLE_NUMBER.fullmatch(value) and int(value) >= 1):
            raise BadRequest("page must be a whole number from 1.")
        return super().paginate_queryset(queryset, request, view)

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "The page, from 1.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 9_999_999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items a page, 1 to {self.max_page_size} "
                f"(default {self.page_size}).",
                "schema": {
                    "type": "integer",
                    "minimum": 1,
                    "maximum": self.max_page_size,
                },
            },
        ]


def paginated(view, request, items, serializer_class, **context):
    """One page of `items` (a queryset or a list), serialized."""
    paginator = Pagination()
    page = paginator.paginate_queryset(items, request, view=view)
    data = serializer_class(
        page, many=True, context={"request": request, **context}
    ).data
    return paginator.get_paginated_response(data)


def page_of(serializer_class):
    """The schema of one page of a list of `serializer_class`, for views other
    than a viewset's `list` (drf-spectacular wraps those itself)."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name=f"{name}Page",
        fields={
            "count": serializers.IntegerField(help_text="Items in all pages."),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


PAGE_PARAMETERS = [
    OpenApiParameter(
        parameter["name"],
        parameter["schema"],
        description=parameter["description"],
    )
    for parameter in Pagination().get_schema_operation_parameters(None)
]
