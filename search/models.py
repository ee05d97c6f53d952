"""Guidance entries: our own code-of-practice text for the clauses of ISO/IEC
20000-1, searchable and versioned with django-reversion."""

import reversion
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.search import index

from policies.models import Clause, ProcessArea


@reversion.register()
class GuidanceEntry(index.Indexed, models.Model):
    """One piece of guidance in the three parts of a code of practice. Every saved
    change is kept as a reversion version (the admin's save views open one)."""

    title = models.CharField(max_length=200)
    clauses = models.ManyToManyField(Clause, related_name="guidance_entries")
    process_area = models.ForeignKey(
        ProcessArea,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="guidance_entries",
    )
    what_to_do = models.TextField()
    why_it_matters = models.TextField()
    further_considerations = models.TextField()

    panels = [
        FieldPanel("title"),
        MultiFieldPanel(
            [FieldPanel("clauses"), FieldPanel("process_area")], heading="Applies to"
        ),
        FieldPanel("what_to_do"),
        FieldPanel("why_it_matters"),
        FieldPanel("further_considerations"),
    ]
    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("what_to_do"),
        index.SearchField("why_it_matters"),
        index.SearchField("further_considerations"),
        index.RelatedFields(
            "clauses", [index.SearchField("number"), index.SearchField("title")]
        ),
        index.FilterField("id"),
        index.FilterField("process_area"),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name_plural = "guidance entries"

    def __str__(self):
        return self.title

    def clause_numbers(self):
        return ", ".join(clause.number for clause in self.clauses.all())

    clause_numbers.short_description = "Clauses"


class SearchText(models.Model):
    """The plain text of a searchable object as search ranks and quotes it: a
    document's issue in force, a guidance entry as last saved. Written once when
    the document is published or the entry saved (search.stored), so a search
    reads it instead of flattening each candidate's StreamField and stemming its
    words again on every request."""

    content_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=255)
    text = models.TextField()
    stems = models.JSONField(default=dict)  # {English stem: occurrences in text}
    words = models.PositiveIntegerField(default=0)  # the text's length in words

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_text_per_object"
            )
        ]

    def __str__(self):
        return self.title
