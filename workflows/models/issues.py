"""Issue records: the immutable history of what was approved, by whom and when."""

from django.db import models

from policies.models import Significance

from .append_only import AppendOnly


class DocumentIssue(AppendOnly):
    """One approved issue of a controlled document (docs/invariants.md, 4).

    Written once, in the same transaction that publishes the approved revision, and
    never changed or deleted by the application. `content_hash` covers the approved
    content; `chain_hash` covers this record and the previous issue's chain hash, so
    that any change made behind the application's back can be detected.
    """

    record_name = "An issue record"

    document = models.ForeignKey(
        "policies.ControlledDocumentPage",
        on_delete=models.PROTECT,
        related_name="issues",
    )
    # One issue per revision: two approvals racing on the same revision cannot both
    # write a record (invariant 5).
    revision = models.OneToOneField(
        "wagtailcore.Revision", on_delete=models.PROTECT, related_name="document_issue"
    )
    # One successor per issue: the history of a document is a single chain.
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_issue",
    )
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    significance = models.CharField(max_length=10, choices=Significance.choices)
    change_summary = models.TextField()
    effective_from = models.DateField()
    sign_offs = models.JSONField(
        help_text="Every review and approval of this revision: role, user, name, "
        "time and comment, in the order they were given.",
    )
    content_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["document", "major", "minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "major", "minor"], name="unique_issue_label"
            ),
        ]
        indexes = [models.Index(fields=["document", "effective_from"])]

    def __str__(self):
        return f"{self.document_id} {self.label}"

    @property
    def label(self) -> str:
        return f"{self.major}.{self.minor}"

    @property
    def effective_to(self):
        """The day the next issue took effect (this one is then superseded), or
        None while this is the current issue. Derived, so records never change.
        Lists of issues set it in one pass instead (selectors.with_effective_to)."""
        if hasattr(self, "_effective_to"):
            return self._effective_to
        try:
            return self.next_issue.effective_from
        except DocumentIssue.DoesNotExist:
            return None


def next_version(
    previous: "DocumentIssue | None", significance: str
) -> tuple[int, int]:
    """1.0 first; a minor change adds to the minor number, a major change starts the
    next major number at 0."""
    if previous is None:
        return 1, 0
    if significance == Significance.MAJOR:
        return previous.major + 1, 0
    return previous.major, previous.minor + 1
