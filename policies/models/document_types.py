"""The concrete types of controlled document, each with its number prefix."""

from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index

from ..fields import FieldRole
from .documents import ControlledDocumentPage


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


class PlanPage(ControlledDocumentPage):
    """A plan other than the service management plan: capacity, audit programme,
    continuity."""

    number_prefix = "PLN"
    is_creatable = True
    template = "policies/controlled_document.html"

    class Meta:
        verbose_name = "plan"


class AgreementPage(ControlledDocumentPage):
    """An agreement we write and keep: a service level agreement, an operational
    level agreement with an internal supplier, service requirements."""

    number_prefix = "AGR"
    is_creatable = True
    template = "policies/controlled_document.html"

    class Meta:
        verbose_name = "agreement"


class ServiceCataloguePage(ControlledDocumentPage):
    number_prefix = "CAT"
    is_creatable = True
    template = "policies/controlled_document.html"

    class Meta:
        verbose_name = "service catalogue"


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

    field_roles = {
        **ControlledDocumentPage.field_roles,
        "file": FieldRole.APPROVED,
        "source": FieldRole.APPROVED,
        "external_reference": FieldRole.APPROVED,
        "date_received": FieldRole.APPROVED,
    }

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
