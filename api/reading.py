"""/api/v1/reading/: what the user was asked to read and has not acknowledged, as
their reading page lists it (workflows.reading_selectors.open_reading)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers

from workflows.reading_selectors import open_reading

from .base import ApiView
from .errors import errors
from .pagination import PAGE_PARAMETERS, page_of, paginated
from .serializers import absolute


class ReadingSerializer(serializers.Serializer):
    number = serializers.CharField(source="issue.document.document_number")
    title = serializers.CharField(source="issue.document.title")
    label = serializers.CharField(source="issue.label")
    due_on = serializers.DateField()
    last_acknowledged = serializers.CharField(
        allow_null=True,
        help_text="The last earlier issue of the document the user acknowledged.",
    )
    acknowledge = serializers.SerializerMethodField(
        help_text="POST here to acknowledge the issue."
    )

    def get_acknowledge(self, request) -> str:
        issue = request.issue
        return absolute(
            self.context["request"],
            "api_acknowledge",
            issue.document.document_number,
            issue.label,
        )


class ReadingView(ApiView):
    @extend_schema(
        operation_id="reading",
        summary="The issues in force this user must read, soonest due first",
        parameters=PAGE_PARAMETERS,
        responses={200: page_of(ReadingSerializer), **errors(400, 404)},
    )
    def get(self, request):
        return paginated(self, request, open_reading(request.user), ReadingSerializer)
