"""The clause catalogue of ISO/IEC 20000-1:2018 and the process areas it governs."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index

from ..catalogue import CLAUSE_NUMBER, clause_sort_key


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
    amendment = models.TextField(
        blank=True,
        help_text="What an amendment of the standard changed in this clause, if any.",
    )
    uncertain = models.BooleanField(
        default=False, help_text="Sources disagree on this clause; a best reading."
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("title")]),
        FieldPanel("parent"),
        FieldPanel("amendment"),
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
        if not CLAUSE_NUMBER.fullmatch(self.number or ""):
            raise ValidationError(
                {"number": "A clause number is digits separated by dots, e.g. 8.5.1."}
            )

    @classmethod
    def named(cls, number: str) -> "Clause | None":
        """The clause a query parameter names, or None: its shape is checked
        before the lookup, so a hostile value never reaches the database."""
        if not CLAUSE_NUMBER.fullmatch(number or ""):
            return None
        return cls.objects.filter(number=number).first()

    def documented_information_summary(self):
        """Its required items, as one line (lists and CSV)."""
        return "; ".join(str(item) for item in self.required_items.all())

    documented_information_summary.short_description = "Documented information"


class RequiredItem(models.Model):
    """One piece of documented information the standard requires: a document to
    maintain (M) or records to retain (R), under the clause that asks for it.
    Loaded from policies/data/clauses-2018.yaml by migration; read-only for users.

    `satisfied_by` names what can satisfy it: document type slugs
    (ControlledDocumentPage.document_types) or "record". A procedure mapped to the
    SLA item does not make an SLA."""

    class Kind(models.TextChoices):
        MAINTAINED = "M", "document"
        RETAINED = "R", "record"

    RECORD = "record"

    code = models.SlugField(max_length=60, unique=True)
    clause = models.ForeignKey(
        Clause, on_delete=models.PROTECT, related_name="required_items"
    )
    kind = models.CharField(max_length=1, choices=Kind.choices)
    item = models.CharField(max_length=255)
    satisfied_by = models.JSONField(default=list)
    required_by = models.CharField(
        max_length=16, blank=True, help_text='The item of 7.5.4 it is, e.g. "7.5.4 k".'
    )
    position = models.PositiveSmallIntegerField(default=0)
    # The clause's sort key and the position, in a column of its own: modelcluster
    # sorts a page's items in Python, and ordering through the clause cost a
    # query per item whenever a revision was loaded.
    sort_key = models.CharField(
        max_length=80, editable=False, db_index=True, default=""
    )

    class Meta:
        ordering = ["sort_key"]

    def __str__(self):
        return f"{self.item} ({self.get_kind_display()})"

    @property
    def is_record(self):
        return self.kind == self.Kind.RETAINED

    def satisfiable_by(self, type_slug):
        return type_slug in self.satisfied_by

    def offered_to(self, type_slug) -> bool:
        """Whether a document of this type may be mapped to this item. Records are
        filed elsewhere, never mapped to a document."""
        return not self.is_record and self.satisfiable_by(type_slug)

    def numbered(self) -> str:
        """How the editor and the diff name it: "8.3.3: Service level
        agreement(s)" (load the clause with it)."""
        return f"{self.clause.number}: {self.item}"

    @staticmethod
    def refusal(items, document_class) -> str:
        """Why a document of this class cannot be these items; empty if it can."""
        unfit = [str(i) for i in items if not i.offered_to(document_class.type_slug)]
        if not unfit:
            return ""
        return (
            f"A {document_class._meta.verbose_name} cannot be "
            + ", ".join(unfit)
            + ": choose another document type or another item."
        )


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
