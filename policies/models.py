"""Controlled documents of the ITSMS, their metadata and the clause catalogue."""

import re

from django import forms
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    CommentPanel,
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail.utils.decorators import cached_classmethod

from search.panels import RelatedGuidancePanel

from .blocks import DocumentBodyBlock
from .catalogue import clause_sort_key
from .forms import (
    OWNER_AS_APPROVER,
    ControlledDocumentCopyForm,
    ControlledDocumentForm,
)
from .numbering import allocate_document_number

CLAUSE_NUMBER = re.compile(r"^\d+(\.\d+)*$")


class Clause(index.Indexed, models.Model):
    """A clause of ISO/IEC 20000-1:2018: number and title (facts), and the documented
    information it calls for. Loaded from data by a migration; read-only for users."""

    number = models.CharField(max_length=16, unique=True)
    title = models.CharField(max_length=255)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    section = models.PositiveSmallIntegerField(
        editable=False, help_text="Top-level clause (4 to 10)."
    )
    sort_key = models.CharField(max_length=64, editable=False, db_index=True)
    documented_information = models.JSONField(
        default=list,
        blank=True,
        help_text='What the clause asks to keep: [{"kind": "M" or "R", "item": ...}]. '
        "M is a maintained document, R a retained record.",
    )
    uncertain = models.BooleanField(
        default=False, help_text="Sources disagree on this clause; a best reading."
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("parent"),
        FieldPanel("documented_information"),
        FieldPanel("uncertain"),
    ]
    search_fields = [
        index.SearchField("number"),
        index.AutocompleteField("number"),
        index.SearchField("title"),
        index.AutocompleteField("title"),
        index.FilterField("section"),
    ]

    class Meta:
        ordering = ["sort_key"]

    def __str__(self):
        return f"{self.number} {self.title}"

    def save(self, *args, **kwargs):
        # Derived from the number, kept in columns so the catalogue sorts and
        # filters in the database.
        self.sort_key = clause_sort_key(self.number)
        self.section = int(self.number.split(".")[0])
        super().save(*args, **kwargs)

    def clean(self):
        if not CLAUSE_NUMBER.match(self.number or ""):
            raise ValidationError(
                {"number": "A clause number is digits separated by dots, e.g. 8.5.1."}
            )

    def documented_information_summary(self):
        kinds = {"M": "document", "R": "record"}
        return "; ".join(
            f"{entry['item']} ({kinds[entry['kind']]})"
            for entry in self.documented_information
        )

    documented_information_summary.short_description = "Documented information"

    @property
    def maintained_documents(self):
        return [d["item"] for d in self.documented_information if d["kind"] == "M"]

    @property
    def retained_records(self):
        return [d["item"] for d in self.documented_information if d["kind"] == "R"]


class ProcessArea(index.Indexed, models.Model):
    """A service management process area (incident management, change management...)
    tied to the clauses that govern it."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    clauses = models.ManyToManyField(Clause, blank=True, related_name="process_areas")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("clauses", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clause_numbers(self):
        return ", ".join(clause.number for clause in self.clauses.all())

    clause_numbers.short_description = "Clauses"


class DocumentNumberSequence(models.Model):
    """The last number issued for a document type prefix."""

    prefix = models.CharField(max_length=8, primary_key=True)
    last_value = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.prefix}: {self.last_value}"


class DocumentLibraryPage(Page):
    """A folder of the library, as in Plone: organises controlled documents."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["cms.HomePage", "policies.DocumentLibraryPage"]
    subpage_types = [
        "policies.DocumentLibraryPage",
        "policies.ServiceManagementPlanPage",
        "policies.PolicyPage",
        "policies.ProcessPage",
        "policies.ProcedurePage",
        "policies.WorkInstructionPage",
        "policies.ExternalDocumentPage",
    ]

    class Meta:
        verbose_name = "document library"
        verbose_name_plural = "document libraries"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["folders"] = DocumentLibraryPage.objects.child_of(self).live()
        context["documents"] = (
            ControlledDocumentPage.objects.child_of(self)
            .live()
            .select_related("document_owner", "content_type")
            .order_by("document_number")
        )
        return context


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"


class ControlledDocumentPage(Page):
    """What every controlled document has: identity, ownership, approval, clause
    mapping and review metadata as real fields, and a structured body.

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
        limit_choices_to={"groups__name": "Approvers", "is_active": True},
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
        limit_choices_to=models.Q(name__iendswith="approvers"),
        related_name="+",
        help_text="Group whose members may approve, when any one approver suffices: "
        "Approvers, or another group whose name ends in 'approvers'.",
    )
    clauses = ParentalManyToManyField(
        Clause,
        blank=True,
        related_name="documents",
        verbose_name="ISO/IEC 20000-1 clauses",
    )
    process_area = models.ForeignKey(
        ProcessArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    classification = models.CharField(
        max_length=20, choices=Classification.choices, default=Classification.INTERNAL
    )
    review_interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="How often the document must be reviewed, in months (1 to 120).",
    )
    effective_date = models.DateField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    current_version_label = models.CharField(
        max_length=16,
        blank=True,
        verbose_name="current version",
        help_text="Set by the approval workflow when an issue is approved.",
    )
    purpose = models.TextField(
        verbose_name="purpose and scope",
        help_text="Why the document exists and what it covers, in a few sentences.",
    )
    body = StreamField(DocumentBodyBlock(), blank=True)
    # Set and cleared only by the withdraw and reinstate actions (workflows.control).
    withdrawn = models.BooleanField(default=False, editable=False)
    # Declared by the owner when submitting a draft; read from the approved revision
    # into its issue record.
    change_summary = models.TextField(
        blank=True,
        help_text="What changed and why, for the approvers and the history. "
        "Required to submit for approval.",
    )
    significance = models.CharField(
        max_length=10,
        blank=True,
        choices=[
            ("minor", "Minor change (1.0 → 1.1)"),
            ("major", "Major change (1.1 → 2.0)"),
        ],
        help_text="Required to submit for approval.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("purpose"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("change_summary"), FieldPanel("significance")],
            heading="Submission for approval",
        ),
    ]
    control_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [
                        FieldPanel("document_number", read_only=True),
                        FieldPanel("current_version_label", read_only=True),
                    ]
                ),
                FieldPanel("classification"),
            ],
            heading="Identification",
        ),
        MultiFieldPanel(
            [
                FieldPanel("document_owner"),
                FieldPanel("approvers", widget=forms.CheckboxSelectMultiple),
                FieldPanel("approving_group"),
            ],
            heading="Ownership and approval",
        ),
        MultiFieldPanel(
            [
                FieldPanel("process_area"),
                FieldPanel("clauses", widget=forms.CheckboxSelectMultiple),
            ],
            heading="ISO/IEC 20000-1 mapping",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("effective_date"), FieldPanel("next_review_due")]
                ),
                FieldPanel("review_interval_months"),
            ],
            heading="Validity and review",
        ),
    ]
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

    # A copy is a new document: it gets its own number and has not been issued.
    exclude_fields_in_copy = [
        "document_number",
        "current_version_label",
        "effective_date",
        "next_review_due",
        "change_summary",
        "significance",
        "withdrawn",
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

    @cached_classmethod
    def get_edit_handler(cls):
        # Wagtail's default tabs plus one for the controlled metadata.
        return TabbedInterface(
            [
                ObjectList(cls.content_panels, heading="Content"),
                ObjectList(cls.control_panels, heading="Document control"),
                ObjectList(cls.promote_panels, heading="Promote"),
                ObjectList(cls.settings_panels, heading="Settings"),
                ObjectList([RelatedGuidancePanel()], heading="Guidance"),
            ],
            base_form_class=cls.base_form_class,
        ).bind_to_model(cls)

    def save(self, *args, **kwargs):
        # Numbering must hold for every route that creates a document (admin, copy,
        # import, seed), so it happens here rather than in one view.
        if not self.document_number:
            self.document_number = allocate_document_number(self.number_prefix)
        super().save(*args, **kwargs)

    def control_errors(self):
        """Refusals that even a draft save runs: a changed or duplicate number, and
        any change to a withdrawn document."""
        if self.pk and (
            ControlledDocumentPage.objects.filter(pk=self.pk, withdrawn=True).exists()
        ):
            return {
                NON_FIELD_ERRORS: [
                    "This document is withdrawn: it cannot be changed unless an "
                    "approver reinstates it."
                ]
            }
        if self.pk:
            stored = (
                ControlledDocumentPage.objects.filter(pk=self.pk)
                .values_list("document_number", flat=True)
                .first()
            )
            if stored and self.document_number != stored:
                return {
                    "document_number": [
                        f"The document number is {stored} and cannot be changed."
                    ]
                }
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
        errors = self.control_errors()
        if self.document_owner_id and any(
            user.pk == self.document_owner_id for user in self.approvers.all()
        ):
            errors["approvers"] = [OWNER_AS_APPROVER]
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
        from search.related import related_guidance

        context = super().get_context(request, *args, **kwargs)
        owner = self.document_owner
        context["owner_name"] = owner.get_full_name() or owner.get_username()
        context["process_area"] = self.process_area
        context["clauses"] = list(self.clauses.all())
        # A page being created (previewed before its first save) has no actions yet.
        context["control_actions"] = (
            document_control_actions(self, request.user) if self.pk else []
        )
        context["related"] = related_guidance(self, clauses=context["clauses"])
        return context

    @property
    def preview_modes(self):
        # Beside the document as readers will see it, its related guidance as the
        # draft stands: Wagtail's live preview refreshes it while the owner types.
        return [("", "Document"), ("guidance", "Related guidance")]

    def serve_preview(self, request, mode_name):
        if mode_name == "guidance":
            from search.related import related_guidance

            return TemplateResponse(
                request,
                "search/guidance_preview.html",
                {"page": self, "related": related_guidance(self)},
            )
        return super().serve_preview(request, mode_name)

    @property
    def document_type(self):
        return self.specific_class._meta.verbose_name

    @property
    def status(self):
        if self.withdrawn:
            return "Withdrawn"
        return "Current" if self.live and self.current_version_label else "Draft"


def document_control_actions(document, user):
    """Links to the controlled actions this user may take on the document, shown on
    its page (approvers hold no page permissions, so the admin explorer is closed to
    them)."""
    from django.urls import reverse

    from workflows.control import is_approver, pending_review

    actions = []
    if is_approver(user):
        actions.append(("withdraw", "Withdraw this document"))
        if pending_review(document):
            actions.append(("confirm-review", "Confirm its periodic review"))
    if user.pk == document.document_owner_id:
        actions.append(("record-review", "Record review: no change needed"))
    return [
        (label, reverse("document_action", args=(document.pk, action)))
        for action, label in actions
    ]


class ServiceManagementPlanPage(ControlledDocumentPage):
    number_prefix = "SMP"
    max_count = 1
    is_creatable = True

    class Meta:
        verbose_name = "service management plan"


class PolicyPage(ControlledDocumentPage):
    number_prefix = "POL"
    is_creatable = True

    class Meta:
        verbose_name = "policy"
        verbose_name_plural = "policies"


class ProcessPage(ControlledDocumentPage):
    number_prefix = "PROC"
    is_creatable = True

    class Meta:
        verbose_name = "process"
        verbose_name_plural = "processes"


class ProcedurePage(ControlledDocumentPage):
    number_prefix = "PRC"
    is_creatable = True

    class Meta:
        verbose_name = "procedure"


class WorkInstructionPage(ControlledDocumentPage):
    number_prefix = "WI"
    is_creatable = True

    class Meta:
        verbose_name = "work instruction"


class ExternalDocumentPage(ControlledDocumentPage):
    """A document of outside origin (a supplier contract, a regulator's notice) kept
    under the same control as our own documents."""

    number_prefix = "EXT"
    is_creatable = True

    file = models.ForeignKey(
        "wagtaildocs.Document",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The document as received.",
    )
    source = models.CharField(
        max_length=200, blank=True, help_text="Who issued it, e.g. the supplier."
    )
    external_reference = models.CharField(
        max_length=120, blank=True, help_text="The issuer's own reference or version."
    )
    date_received = models.DateField(null=True, blank=True)

    content_panels = ControlledDocumentPage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("file"),
                FieldPanel("source"),
                FieldRowPanel(
                    [FieldPanel("external_reference"), FieldPanel("date_received")]
                ),
            ],
            heading="External origin",
        )
    ]
    search_fields = ControlledDocumentPage.search_fields + [
        index.SearchField("source"),
        index.SearchField("external_reference"),
    ]

    class Meta:
        verbose_name = "external document"

    def clean(self):
        errors = {}
        try:
            super().clean()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not self.file_id:
            errors.setdefault("file", []).append(
                "Upload or choose the file of the external document."
            )
        if not self.source.strip():
            errors.setdefault("source", []).append(
                "Say where the external document comes from."
            )
        if errors:
            raise ValidationError(errors)
