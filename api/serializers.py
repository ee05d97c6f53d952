"""How documents and their issues look through the API. Each serializer reads what
a page shows; none decides who may see it (the views ask policies.access and the
workflows selectors, as the pages do)."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policies.roles import reads_record_detail


def absolute(request, name: str, *args) -> str:
    return request.build_absolute_uri(reverse(name, args=args))


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Why the request was refused.")


class PersonSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(help_text="Full name; the username when none.")

    def to_representation(self, user):
        return {
            "username": user.get_username(),
            "name": user.get_full_name() or user.get_username(),
        }


class DocumentSummarySerializer(serializers.Serializer):
    """A document as the register and the library list it."""

    number = serializers.CharField(source="document_number")
    title = serializers.CharField()
    type = serializers.CharField(
        source="specific_class.type_slug", help_text="policy, procedure, ..."
    )
    type_label = serializers.SerializerMethodField()
    version = serializers.CharField(
        source="current_version_label",
        allow_null=True,
        help_text="The label of the issue in force; null before the first issue.",
    )
    status = serializers.ChoiceField(choices=["Current", "Draft", "Withdrawn"])
    effective_date = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    owner = PersonSerializer(source="document_owner")
    classification = serializers.CharField()
    process_area = serializers.SlugField(source="process_area.slug", allow_null=True)
    clauses = serializers.SerializerMethodField()
    permalink = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="This document in the API.")

    def get_type_label(self, document) -> str:
        return document.specific_class._meta.verbose_name.capitalize()

    def get_clauses(self, document) -> list[str]:
        return [clause.number for clause in document.clauses.all()]

    def get_permalink(self, document) -> str:
        return absolute(
            self.context["request"], "document_permalink", document.document_number
        )

    def get_url(self, document) -> str:
        return absolute(
            self.context["request"], "api_document", document.document_number
        )

    def to_representation(self, document):
        data = super().to_representation(document)
        data["version"] = data["version"] or None
        return data


@extend_schema_field(
    {
        "type": "array",
        "items": {
            "type": "object",
            "properties": {
                "type": {"type": "string"},
                "value": {},
                "id": {"type": "string"},
            },
            "required": ["type", "value"],
        },
    }
)
class BodyField(serializers.Field):
    """The body as Wagtail's StreamField API representation: a list of blocks,
    each {type, value, id}; references list only the documents the reader may
    read (policies.blocks.ReferencesBlock)."""

    def to_representation(self, body):
        return body.stream_block.get_api_representation(body, self.context)


@extend_schema_field(OpenApiTypes.STR)
class BodyHtmlField(serializers.Field):
    """The body as the document page renders it."""

    def to_representation(self, body):
        return str(body.render_as_block(self.context))


class ContentSerializer(serializers.Serializer):
    """The approved content of an issue (or of the page in force, which is the
    same content: only an approved issue is ever live)."""

    title = serializers.CharField()
    purpose = serializers.CharField()
    body = BodyField()
    body_html = BodyHtmlField(source="body")


class SignatureSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=["reviewer", "approver"])
    username = serializers.CharField()
    name = serializers.CharField()
    signed_as = serializers.CharField(help_text="A group, or 'named approver'.")
    meaning = serializers.CharField(help_text="What the signature means.")
    at = serializers.DateTimeField()
    comment = serializers.CharField(
        allow_null=True, help_text="For the owner, approvers and auditors only."
    )
    content_hash = serializers.CharField(
        allow_null=True,
        help_text="The hash the signer signed; for the owner, approvers and "
        "auditors only.",
    )


class IssueSerializer(serializers.Serializer):
    """One issue's record, as the history page shows it to this reader."""

    label = serializers.CharField()
    significance = serializers.ChoiceField(choices=["minor", "major"])
    change_summary = serializers.CharField()
    effective_from = serializers.DateField()
    effective_to = serializers.DateField(
        allow_null=True, help_text="When the next issue took effect; null if current."
    )
    status = serializers.SerializerMethodField()
    signatures = serializers.SerializerMethodField()
    content_hash = serializers.SerializerMethodField()
    chain_hash = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField(help_text="The issue in the API.")
    page = serializers.SerializerMethodField(help_text="The issue on the site.")
    pdf = serializers.SerializerMethodField(
        help_text="Its PDF copy, where this reader may open the issue."
    )

    def detail(self, issue) -> bool:
        return reads_record_detail(self.context["request"].user, issue.document)

    def opens(self, issue) -> bool:
        """Whether this reader may open the issue's content (history.standing)."""
        return not (self.superseded(issue) and not self.context["compares"])

    def superseded(self, issue) -> bool:
        return issue.effective_to is not None or issue.document.withdrawn

    @extend_schema_field(
        serializers.ChoiceField(
            choices=["Current", "Superseded", "Withdrawn", "Disposed of"]
        )
    )
    def get_status(self, issue):
        if getattr(issue, "tombstone", None):
            return "Disposed of"
        if issue.document.withdrawn:
            return "Withdrawn"
        return "Superseded" if issue.effective_to else "Current"

    @extend_schema_field(SignatureSerializer(many=True))
    def get_signatures(self, issue):
        detail = self.detail(issue)
        return [
            {
                "role": signature.get("role", ""),
                "username": signature.get("username", ""),
                "name": signature.get("name") or signature.get("username", ""),
                "signed_as": signature.get("signed_as", ""),
                "meaning": signature.get("meaning") or signature.get("role", ""),
                "at": signature.get("at"),
                "comment": signature.get("comment", "") if detail else None,
                "content_hash": signature.get("content_hash", "") if detail else None,
            }
            for signature in issue.sign_offs
        ]

    def get_content_hash(self, issue) -> str | None:
        return issue.content_hash if self.detail(issue) else None

    def get_chain_hash(self, issue) -> str | None:
        return issue.chain_hash if self.detail(issue) else None

    def _link(self, issue, name) -> str:
        return absolute(
            self.context["request"], name, issue.document.document_number, issue.label
        )

    def get_url(self, issue) -> str:
        return self._link(issue, "api_issue")

    def get_page(self, issue) -> str:
        return self._link(issue, "document_issue")

    def get_pdf(self, issue) -> str | None:
        if getattr(issue, "tombstone", None) or not self.opens(issue):
            return None
        return self._link(issue, "issue_pdf")
