"""/api/v1/ reads over the whole library: the register (as of any day) and the
clause catalogue with its coverage. Each calls the function its page calls, with
the request's user."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from policies.catalogue import CLAUSE_NUMBER
from workflows.coverage import clauses_covered
from workflows.register_query import COLUMNS, STATUSES, register_rows
from workflows.register_query import BadRequest as RegisterBadRequest

from .base import ApiView, ApiViewSet
from .errors import BadRequest, errors
from .pagination import PAGE_PARAMETERS, page_of, paginated
from .parameters import CLAUSE_FILTER, OWNER, TYPE, owner_words
from .serializers import absolute


class RegisterRowSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    type = serializers.CharField(source="type_slug")
    type_label = serializers.CharField(source="type")
    version = serializers.CharField(allow_null=True)
    owner = serializers.CharField(
        source="owner_name", help_text="The owner's full name."
    )
    status = serializers.ChoiceField(choices=STATUSES)
    effective_date = serializers.DateField(source="effective", allow_null=True)
    next_review_due = serializers.DateField(
        source="review", allow_null=True, help_text="Null in a view as of a day."
    )
    permalink = serializers.SerializerMethodField()

    def get_permalink(self, row) -> str:
        return absolute(self.context["request"], "document_permalink", row["number"])


class RegisterView(ApiView):
    @extend_schema(
        operation_id="register",
        summary="The master list of documents, or what was in force on a day",
        parameters=[
            OpenApiParameter(
                "as_of",
                {
                    "type": "string",
                    "format": "date",
                    "pattern": "^(19|2[0-9])[0-9]{2}-[0-9]{2}-[0-9]{2}$",
                },
                description="YYYY-MM-DD, 1900 to 2999: the register as it stood at "
                "the end of that day.",
            ),
            TYPE,
            OpenApiParameter("status", str, enum=STATUSES),
            OWNER,
            CLAUSE_FILTER,
            OpenApiParameter(
                "sort",
                str,
                enum=[key for key, _ in COLUMNS] + [f"-{key}" for key, _ in COLUMNS],
            ),
            *PAGE_PARAMETERS,
        ],
        responses={200: page_of(RegisterRowSerializer), **errors(400, 404)},
    )
    def get(self, request):
        owner_words(request.GET)
        if request.GET.get("as_of", None) == "":
            # The page's form sends an empty field for "today"; a caller leaves
            # the parameter out.
            raise BadRequest("as_of: give a day, YYYY-MM-DD, or leave it out.")
        try:
            rows, _as_of = register_rows(request.GET, request.user)
        except RegisterBadRequest as error:
            raise BadRequest(str(error)) from None
        return paginated(self, request, rows, RegisterRowSerializer)


class EvidenceSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="A document and version, or a record.")
    document = serializers.CharField(
        source="document_number", allow_null=True, help_text="Its document number."
    )
    note = serializers.CharField(
        allow_null=True, help_text="Why it does not count, when it does not."
    )

    def to_representation(self, evidence):
        data = super().to_representation(evidence)
        return {key: value or None for key, value in data.items()}


class ItemSerializer(serializers.Serializer):
    code = serializers.CharField(source="item.code")
    item = serializers.CharField(source="item.item")
    kind = serializers.ChoiceField(
        choices=["document", "record"], source="item.get_kind_display"
    )
    required_by = serializers.CharField(source="item.required_by")
    status = serializers.ChoiceField(
        choices=["satisfied", "missing", "stale", "draft only"]
    )
    satisfied_by = EvidenceSerializer(many=True, help_text="The first few.")
    satisfied_count = serializers.IntegerField()
    not_counted = EvidenceSerializer(many=True, help_text="The first few.")
    not_counted_count = serializers.IntegerField()


class ClauseSerializer(serializers.Serializer):
    number = serializers.CharField(source="clause.number")
    title = serializers.CharField(source="clause.title")
    section = serializers.IntegerField(source="clause.section")
    items = ItemSerializer(
        many=True,
        help_text="The documented information it requires, and what meets it.",
    )
    addresses = serializers.SerializerMethodField(
        help_text="The first documents mapped to the clause that count for none "
        "of its items."
    )
    addresses_count = serializers.IntegerField(
        help_text="How many documents address the clause (the register lists them "
        "with ?clause=)."
    )

    def get_addresses(self, row) -> list[str]:
        return [document.document_number for document in row.addresses]


CLAUSE = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description="A clause number, e.g. 8.2.",
    pattern=rf"^{CLAUSE_NUMBER.pattern}$",
)


class ClauseViewSet(ApiViewSet):
    lookup_field = "number"
    lookup_value_regex = r"[0-9]{1,2}(\.[0-9]{1,2}){0,4}"

    def coverage(self):
        return clauses_covered(self.request.user, timezone.localdate())

    @extend_schema(
        operation_id="clauses_list",
        summary="The clauses of ISO/IEC 20000-1:2018 with their coverage",
        parameters=PAGE_PARAMETERS,
        responses={200: ClauseSerializer(many=True), **errors(400, 404)},
    )
    def list(self, request):
        return paginated(self, request, self.coverage(), ClauseSerializer)

    @extend_schema(
        operation_id="clauses_retrieve",
        summary="One clause with its coverage",
        parameters=[CLAUSE],
        responses={200: ClauseSerializer, **errors(404)},
    )
    def retrieve(self, request, number):
        for row in self.coverage():
            if row.clause.number == number:
                return Response(ClauseSerializer(row).data)
        raise Http404(f"No clause {number}.")
