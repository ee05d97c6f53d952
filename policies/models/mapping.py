"""Where a document sits in the standard: its clauses, the required documented
information it is, and its process area."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField

from .catalogue import Clause, ProcessArea


class DocumentMapping(models.Model):
    """Part of the approved content: a change of mapping is a controlled change.
    Which items a document type can be is RequiredItem.satisfied_by; the form and
    ControlledDocumentPage.clean refuse the others."""

    clauses = ParentalManyToManyField(
        Clause,
        blank=True,
        related_name="documents",
        verbose_name="ISO/IEC 20000-1 clauses",
    )
    required_items = ParentalManyToManyField(
        "policies.RequiredItem",
        blank=True,
        related_name="documents",
        verbose_name="Required documented information",
        help_text="What this document is among the documented information the "
        "standard requires: an SLA, the major incident procedure... Only items its "
        "type can satisfy; choosing one maps its clause too.",
    )
    process_area = models.ForeignKey(
        ProcessArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )

    class Meta:
        abstract = True
