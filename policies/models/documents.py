"""What every controlled document has, whatever its type."""

from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import classproperty
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    CommentPanel,
    FieldPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from .. import extensions
from ..block_widget import DefinitionCachingBlockWidget
from ..blocks import DocumentBodyBlock, contents
from ..fields import FieldRole, Significance
from ..forms import (
    OWNER_AS_APPROVER,
    ControlledDocumentCopyForm,
    ControlledDocumentForm,
)
from ..roles import APPROVERS, APPROVING_GROUPS
from .audience import DocumentAudience, DocumentReaders
from .catalogue import RequiredItem
from .mapping import DocumentMapping
from .numbering import DocumentNumberSequence
from .panels import CONTROL_PANELS
from .permissions import DocumentPermissionTester

WITHDRAWN_REFUSAL = (
    "This document is withdrawn: it cannot be changed unless an approver reinstates it."
)

# The StreamField's block, whose packed definition the editor keeps.
BODY_BLOCK = DocumentBodyBlock()


class ControlledDocumentPage(DocumentReaders, DocumentAudience, DocumentMapping, Page):
    """Identity, ownership, approval, clause mapping and review metadata as real
    fields, and a structured body.

    Concrete (one table for every type) so that the register, numbering and clause
    coverage query one table; not creatable itself, only its subclasses are.
    """

    number_prefix = ""  # each concrete document type sets its own

    document_number = models.CharField(
        max_length=20,
        unique=True,
        blank=True,
        help_text="Assigned automatically when the document is created; never changes.",
        error_messages={
            "unique": "Another controlled document already has this number."
        },
    )
    document_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_documents",
        verbose_name="owner",
    )
    approvers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        limit_choices_to={"groups__name": APPROVERS, "is_active": True},
        related_name="documents_to_approve",
        verbose_name="named approvers",
        help_text="Members of Approvers who must each approve a change, when the "
        "workflow asks for every named approver. Never the document's owner.",
    )
    approving_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to=APPROVING_GROUPS,
        related_name="+",
        help_text="Group whose members may approve, when any one approver suffices: "
        "Approvers, or another group whose name ends in 'approvers'.",
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        verbose_name="review interval (months)",
        help_text="How often the document must be reviewed, in months (1 to 120).",
    )
    purpose = models.TextField(
        verbose_name="purpose and scope",
        help_text="Why the document exists and what it covers, in a few sentences.",
    )
    body = StreamField(BODY_BLOCK, blank=True)
    change_summary = models.TextField(
        blank=True,
        help_text="What changed and why, for the approvers and the history. "
        "Required to submit for approval.",
    )
    significance = models.CharField(
        max_length=10,
        blank=True,
        choices=Significance.choices,
        help_text="Minor: 1.0 → 1.1; major: 1.1 → 2.0. Required to submit for "
        "approval.",
    )
    # Control state: written by workflows' actions on the page row only (see
    # with_content_json and FieldRole.CONTROL).
    current_version_label = models.CharField(
        max_length=16,
        blank=True,
        verbose_name="current version",
        help_text="Set by the approval workflow when an issue is approved.",
    )
    effective_date = models.DateField(
        null=True, blank=True, help_text="Set when an issue is approved."
    )
    next_review_due = models.DateField(
        null=True,
        blank=True,
        help_text="Set when an issue is approved or a periodic review is confirmed.",
    )
    withdrawn = models.BooleanField(default=False, editable=False)

    field_roles: ClassVar[dict[str, FieldRole]] = {
        "document_number": FieldRole.IDENTITY,
        "title": FieldRole.APPROVED,
        "purpose": FieldRole.APPROVED,
        "body": FieldRole.APPROVED,
        "classification": FieldRole.APPROVED,
        "reader_users": FieldRole.APPROVED,
        "reader_groups": FieldRole.APPROVED,
        "audience_everyone": FieldRole.APPROVED,
        "audience_users": FieldRole.APPROVED,
        "audience_groups": FieldRole.APPROVED,
        "acknowledge_within_days": FieldRole.APPROVED,
        "review_interval_months": FieldRole.APPROVED,
        "document_owner": FieldRole.APPROVED,
        "approvers": FieldRole.APPROVED,
        "clauses": FieldRole.APPROVED,
        "required_items": FieldRole.APPROVED,
        "process_area": FieldRole.APPROVED,
        "approving_group": FieldRole.APPROVED,
        "change_summary": FieldRole.SUBMISSION,
        "significance": FieldRole.SUBMISSION,
        "reacknowledge": FieldRole.SUBMISSION,
        "current_version_label": FieldRole.CONTROL,
        "effective_date": FieldRole.CONTROL,
        "next_review_due": FieldRole.CONTROL,
        "withdrawn": FieldRole.CONTROL,
    }

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldPanel("body", widget=DefinitionCachingBlockWidget(BODY_BLOCK)),
        MultiFieldPanel(
            [
                FieldPanel("change_summary"),
                FieldPanel("significance"),
                FieldPanel("reacknowledge"),
            ],
            heading="Submission for approval",
        ),
    ]
    control_panels = CONTROL_PANELS
    search_fields = Page.search_fields + [
        index.SearchField("document_number"),
        index.AutocompleteField("document_number"),
        index.SearchField("purpose"),
        index.SearchField("body"),
        index.FilterField("document_number"),
        index.FilterField("classification"),
        index.FilterField("process_area"),
        index.FilterField("document_owner"),
        index.FilterField("withdrawn"),
    ]

    base_form_class = ControlledDocumentForm
    copy_form_class = ControlledDocumentCopyForm
    # Scheduled publishing and expiry would bypass approval and withdrawal.
    settings_panels = [CommentPanel()]
    parent_page_types = ["policies.DocumentLibraryPage"]
    subpage_types = []
    is_creatable = False

    class Meta:
        verbose_name = "controlled document"

    @classmethod
    def fields_with_role(cls, *roles: FieldRole) -> list[str]:
        return [name for name, role in cls.field_roles.items() if role in roles]

    @classproperty
    def exclude_fields_in_copy(cls) -> list[str]:
        # A copy is a new document: its own number, nothing issued or submitted.
        return cls.fields_with_role(
            FieldRole.IDENTITY, FieldRole.SUBMISSION, FieldRole.CONTROL
        )

    @classproperty
    def type_slug(cls) -> str:
        """How the catalogue names this type ("policy", "workinstruction")."""
        return cls._meta.model_name.removesuffix("page")

    @classmethod
    def document_types(cls) -> dict[str, type["ControlledDocumentPage"]]:
        """The concrete document types by slug."""
        return {model.type_slug: model for model in cls.__subclasses__()}

    @classmethod
    def type_slugs_by_content_type(cls) -> dict[int, str]:
        """{content type id: type slug} of every document type (from
        ContentType's cache: no query after the first)."""
        models = ContentType.objects.get_for_models(*cls.document_types().values())
        return {
            content_type.pk: model.type_slug for model, content_type in models.items()
        }

    @cached_classmethod
    def get_edit_handler(cls):
        # Wagtail's default tabs, one for the controlled metadata, and the tabs that
        # other apps contribute (policies.extensions).
        return TabbedInterface(
            [
                ObjectList(cls.content_panels, heading="Content"),
                ObjectList(cls.control_panels, heading="Document control"),
                ObjectList(cls.promote_panels, heading="Promote"),
                ObjectList(cls.settings_panels, heading="Settings"),
                *extensions.editor_tabs(),
            ],
            base_form_class=cls.base_form_class,
        ).bind_to_model(cls)

    def serializable_data(self):
        # A revision records content, never control state: a draft cannot carry a
        # stale version, date or withdrawal (docs/decisions/0003).
        data = super().serializable_data()
        for name in self.fields_with_role(FieldRole.CONTROL):
            data.pop(name, None)
        return data

    def with_content_json(self, content):
        # As Wagtail keeps `live` and `locked` from the page row, whatever the
        # revision says (older revisions still carry these fields).
        obj = super().with_content_json(content)
        for name in self.fields_with_role(FieldRole.CONTROL):
            setattr(obj, name, getattr(self, name))
        return obj

    def save(self, *args, **kwargs):
        # Numbering must hold for every route that creates a document (admin, copy,
        # import, seed), so it happens here rather than in one view.
        if not self.document_number:
            self.document_number = DocumentNumberSequence.allocate(
                self.number_prefix, taken=ControlledDocumentPage.objects.all()
            )
        super().save(*args, **kwargs)

    def control_errors(self, check_unique: bool = True) -> dict:
        """Refusals that even a draft save runs: any change to a withdrawn
        document, and a changed or duplicate number (`check_unique` False where
        full_clean checks uniqueness anyway)."""
        stored = None
        if self.pk:
            stored = (
                ControlledDocumentPage.objects.filter(pk=self.pk)
                .values("document_number", "withdrawn")
                .first()
            )
        if stored and stored["withdrawn"]:
            return {NON_FIELD_ERRORS: [WITHDRAWN_REFUSAL]}
        if stored and self.document_number != stored["document_number"]:
            return {
                "document_number": [
                    f"The document number is {stored['document_number']} and "
                    "cannot be changed."
                ]
            }
        if not check_unique:
            return {}
        try:
            self.validate_unique(
                exclude=[
                    f.name for f in self._meta.fields if f.name != "document_number"
                ]
            )
        except ValidationError as error:
            return error.message_dict
        return {}

    def minimal_clean(self):
        # Wagtail validates only title and slug when saving a draft; the number
        # must hold there too.
        super().minimal_clean()
        if errors := self.control_errors():
            raise ValidationError(errors)

    def clean(self):
        super().clean()
        errors = self.control_errors(check_unique=False)  # full_clean checks it
        if self.document_owner_id and any(
            user.pk == self.document_owner_id for user in self.approvers.all()
        ):
            errors["approvers"] = [OWNER_AS_APPROVER]
        if refusal := RequiredItem.refusal(
            self.required_items.all(), self.specific_class
        ):
            errors["required_items"] = refusal
        if (
            self.effective_date
            and self.next_review_due
            and self.next_review_due < self.effective_date
        ):
            errors["next_review_due"] = (
                "The next review cannot be due before the effective date "
                f"({self.effective_date:%d %B %Y})."
            )
        if errors:
            raise ValidationError(errors)

    def copy(self, *args, **kwargs):
        # A copy is a new, unapproved document: it never goes live by copying.
        kwargs["keep_live"] = False
        return super().copy(*args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        owner = self.document_owner
        context["owner_name"] = owner.get_full_name() or owner.get_username()
        context["process_area"] = self.process_area
        context["clauses"] = list(self.clauses.all())
        context["contents"] = contents(self.body)
        # Rendered sections other apps add: before the text, and after it.
        context["document_notices"], context["document_asides"] = [], []
        extensions.construct_context(self, request, context)
        return context

    @property
    def preview_modes(self):
        # Beside the document as readers will see it, the modes other apps add.
        return [("", "Document")] + [
            (mode.name, mode.label) for mode in extensions.preview_modes()
        ]

    def serve_preview(self, request, mode_name):
        for mode in extensions.preview_modes():
            if mode.name == mode_name:
                return mode.serve(self, request)
        return super().serve_preview(request, mode_name)

    def get_admin_display_title(self):
        # Admin listings, choosers and breadcrumbs name a document by its number
        # and version, as everyone in the library does.
        # Breadcrumbs load pages deferred: one query for both fields, not two.
        if deferred := {"document_number", "current_version_label"}.intersection(
            self.get_deferred_fields()
        ):
            self.refresh_from_db(fields=sorted(deferred))
        title = super().get_admin_display_title()
        version = (
            f" (v{self.current_version_label})" if self.current_version_label else ""
        )
        return f"{self.document_number} {title}{version}".strip()

    def permissions_for_user(self, user):
        return DocumentPermissionTester(user, self)

    @property
    def document_type(self) -> str:
        return self.specific_class._meta.verbose_name

    @property
    def status(self) -> str:
        if self.withdrawn:
            return "Withdrawn"
        return "Current" if self.live and self.current_version_label else "Draft"
