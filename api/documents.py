"""/api/v1/documents/: the library's documents, each document's issues, one issue as
approved, and the acknowledgement of having read it.

Who sees what is decided where the pages decide it: `policies.access.visible`
(classification, drafts), `workflows.history.standing` (superseded issues,
disposed-of issues), `policies.roles.reads_record_detail` (comments and hashes),
and `AcknowledgeAction` for the one write."""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from policies.access import visible
from policies.models import ControlledDocumentPage
from policies.roles import may_compare
from workflows.actions.reading import AcknowledgeAction
from workflows.history import (
    as_approved,
    bad_label,
    disposed_of,
    get_issue,
    standing,
)
from workflows.models import DocumentIssue
from workflows.register_query import owner_matches
from workflows.selectors import last_withdrawal, with_effective_to

from .authentication import via
from .base import ApiViewSet
from .errors import BadRequest, Gone, errors
from .pagination import PAGE_PARAMETERS, page_of
from .parameters import (
    CLAUSE_FILTER,
    OWNER,
    PROCESS,
    TYPE,
    clause_number,
    owner_words,
    process_area,
)
from .serializers import (
    ContentSerializer,
    DocumentSummarySerializer,
    IssueSerializer,
    PersonSerializer,
    absolute,
)

NUMBER = OpenApiParameter(
    "number",
    str,
    OpenApiParameter.PATH,
    description="The document number, e.g. POL-001.",
    pattern=r"^[A-Za-z]{1,8}-[0-9]{1,6}$",
)
LABEL = OpenApiParameter(
    "label",
    str,
    OpenApiParameter.PATH,
    description="The issue's version label, MAJOR.MINOR, e.g. 1.2.",
    pattern=r"^(0|[1-9][0-9]{0,3})\.(0|[1-9][0-9]{0,3})$",
)
STATUSES = {
    "Current": Q(live=True, withdrawn=False) & ~Q(current_version_label=""),
    "Withdrawn": Q(withdrawn=True),
    "Draft": Q(withdrawn=False) & (Q(live=False) | Q(current_version_label="")),
}


class DocumentSerializer(DocumentSummarySerializer):
    """A document with the content of its issue in force (null before its first
    issue: a draft's content never leaves through the API)."""

    content = ContentSerializer(allow_null=True, source="*")
    file = serializers.SerializerMethodField(
        help_text="The file of an external document, where it has one."
    )
    issue = serializers.SerializerMethodField(help_text="The issue in force.")
    pdf = serializers.SerializerMethodField(
        help_text="The PDF copy of the issue in force."
    )
    issues = serializers.SerializerMethodField(help_text="Every issue, in the API.")

    def to_representation(self, document):
        data = super().to_representation(document)
        if data["status"] != "Current":
            data["content"] = None
        return data

    def get_file(self, document) -> str | None:
        file = getattr(document.specific, "file", None)
        if file is None or document.status != "Current":
            return None
        return self.context["request"].build_absolute_uri(file.url)

    def get_issue(self, document) -> str | None:
        if not document.current_version_label:
            return None
        return absolute(
            self.context["request"],
            "api_issue",
            document.document_number,
            document.current_version_label,
        )

    def get_pdf(self, document) -> str | None:
        if document.status != "Current":
            return None
        return absolute(
            self.context["request"],
            "issue_pdf",
            document.document_number,
            document.current_version_label,
        )

    def get_issues(self, document) -> str:
        return absolute(self.context["request"], "api_issues", document.document_number)


class WithdrawnSerializer(serializers.Serializer):
    detail = serializers.CharField()
    number = serializers.CharField()
    title = serializers.CharField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    withdrawn_by = PersonSerializer(allow_null=True)
    reason = serializers.CharField(allow_null=True)


class IssueContentSerializer(IssueSerializer):
    content = ContentSerializer(help_text="The content exactly as approved.")


class AcknowledgementSerializer(serializers.Serializer):
    number = serializers.CharField()
    label = serializers.CharField()
    content_hash = serializers.CharField(help_text="The hash of what was read.")
    at = serializers.DateTimeField()


def documents_for(user):
    """What `user` finds in the library: the documents the register lists to them
    (a confidential one only for its readers, drafts only for those who see
    drafts), in number order."""
    return (
        visible(ControlledDocumentPage.objects, user)
        .select_related("document_owner", "process_area")
        .prefetch_related("clauses")
        .order_by("document_number")
    )


def filtered(documents, params):
    """The documents list's filters, as on the register: type, status, owner,
    clause, process area."""
    if any("\x00" in value for value in params.values()):
        raise BadRequest("Filters cannot contain NUL characters.")
    types = ControlledDocumentPage.document_types()
    if kind := params.get("type"):
        if kind not in types:
            raise BadRequest(
                f"Unknown type '{kind[:80]}': use one of {', '.join(types)}."
            )
        documents = documents.filter(
            content_type=ContentType.objects.get_for_model(types[kind])
        )
    if state := params.get("status"):
        if state not in STATUSES:
            raise BadRequest(
                f"Unknown status '{state[:80]}': use one of {', '.join(STATUSES)}."
            )
        documents = documents.filter(STATUSES[state])
    if owner := owner_words(params):
        documents = documents.filter(owner_matches(owner))
    if clause := clause_number(params):
        documents = documents.filter(clauses__number=clause).distinct()
    if area := process_area(params):
        documents = documents.filter(process_area=area)
    return documents


def withdrawn(document) -> Response:
    """410 Gone, saying when, by whom and why, as the permalink does."""
    withdrawal = last_withdrawal(document)
    return Response(
        WithdrawnSerializer(
            {
                "detail": f"{document.document_number} is withdrawn.",
                "number": document.document_number,
                "title": document.title,
                "withdrawn_at": withdrawal.at if withdrawal else None,
                "withdrawn_by": withdrawal.user if withdrawal else None,
                "reason": withdrawal.comment if withdrawal else None,
            }
        ).data,
        status=status.HTTP_410_GONE,
    )


DOCUMENT_FILTERS = [
    TYPE,
    OpenApiParameter("status", str, enum=list(STATUSES)),
    OWNER,
    CLAUSE_FILTER,
    PROCESS,
    *PAGE_PARAMETERS,
]


class DocumentViewSet(ApiViewSet):
    lookup_field = "number"
    serializer_class = DocumentSummarySerializer

    def get_queryset(self):
        return documents_for(self.request.user)

    def document(self, number):
        """The document, or 404 alike for one that does not exist and one this
        user may not see."""
        try:
            return self.get_queryset().get(document_number=number.upper())
        except ControlledDocumentPage.DoesNotExist:
            raise NotFound(f"No document {number.upper()}.") from None

    @extend_schema(
        operation_id="documents_list",
        summary="The documents this user may see, in number order",
        parameters=DOCUMENT_FILTERS,
        responses={200: DocumentSummarySerializer(many=True), **errors(400, 404)},
    )
    def list(self, request):
        page = self.paginate_queryset(filtered(self.get_queryset(), request.GET))
        serializer = DocumentSummarySerializer(
            page, many=True, context=self.get_serializer_context()
        )
        return self.get_paginated_response(serializer.data)

    @extend_schema(
        operation_id="documents_retrieve",
        summary="A document and the content of its issue in force",
        parameters=[NUMBER],
        responses={200: DocumentSerializer, 410: WithdrawnSerializer, **errors(404)},
    )
    def retrieve(self, request, number):
        document = self.document(number)
        if document.withdrawn:
            return withdrawn(document)
        return Response(
            DocumentSerializer(document, context=self.get_serializer_context()).data
        )

    @extend_schema(
        operation_id="documents_issues",
        summary="Every issue of a document with its record, newest first",
        parameters=[NUMBER, *PAGE_PARAMETERS],
        responses={200: page_of(IssueSerializer), **errors(400, 404)},
    )
    def issues(self, request, number):
        document = self.document(number)
        issues = with_effective_to(
            DocumentIssue.objects.filter(document=document).order_by("major", "minor")
        )
        tombstones = disposed_of(issues)
        for issue in issues:
            issue.document = document
            issue.tombstone = tombstones.get(issue.pk)
        page = self.paginate_queryset(issues[::-1])
        context = {
            **self.get_serializer_context(),
            "compares": may_compare(request.user, document),
        }
        return self.get_paginated_response(
            IssueSerializer(page, many=True, context=context).data
        )

    def opened_issue(self, number, label):
        """The issue, as the site opens it (workflows.history.open_issue)."""
        document = self.document(number)
        try:
            issue = get_issue(document, label)
        except ValueError:
            raise BadRequest(bad_label(label)) from None
        issue.document = document
        where = standing(self.request.user, document, issue)
        if where.refused:
            raise PermissionDenied(
                "Superseded issues are for the document's owner, reviewers, "
                "approvers and auditors."
            )
        if where.tombstone:
            raise Gone(
                f"Issue {issue.label} of {document.document_number} was disposed of "
                f"on {where.tombstone.decided_at:%Y-%m-%d}; its record remains."
            )
        return document, issue, where

    @extend_schema(
        operation_id="documents_issue",
        summary="One issue exactly as approved, with its record",
        parameters=[NUMBER, LABEL],
        responses={200: IssueContentSerializer, **errors(400, 403, 404, 410)},
    )
    def issue(self, request, number, label):
        document, issue, where = self.opened_issue(number, label)
        context = {**self.get_serializer_context(), "compares": True}
        data = IssueSerializer(issue, context=context).data
        approved = as_approved(issue)
        data["content"] = ContentSerializer(
            approved, context={**context, "page": approved}
        ).data
        return Response(data)

    @extend_schema(
        operation_id="documents_acknowledge",
        summary="Acknowledge having read and understood the issue in force",
        description="The same acknowledgement as the button on the document page: "
        "only the issue in force of a document the user may read, once. Written to "
        "the audit log with the API token that made it.",
        parameters=[NUMBER, LABEL],
        request=None,
        responses={
            201: AcknowledgementSerializer,
            **errors(400, 403, 404, 409, 410),
        },
    )
    def acknowledge(self, request, number, label):
        document, issue, where = self.opened_issue(number, label)
        try:
            acknowledgement = AcknowledgeAction(
                issue, user=request.user, via=via(request)
            ).execute()
        except (PermissionDenied, ValidationError) as error:
            return Response(
                {"detail": " ".join(getattr(error, "messages", [str(error)]))},
                status=status.HTTP_409_CONFLICT,
            )
        return Response(
            AcknowledgementSerializer(
                {
                    "number": document.document_number,
                    "label": acknowledgement.label,
                    "content_hash": acknowledgement.content_hash,
                    "at": acknowledgement.at,
                }
            ).data,
            status=status.HTTP_201_CREATED,
        )
