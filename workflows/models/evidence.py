"""Evidence packs: a ZIP of what was in force on a day, built in the background."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class EvidencePack(models.Model):
    """One request for an evidence pack and, once built, its file. The background
    task (workflows.evidence_tasks) moves it from queued to running to done or
    failed and counts its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    as_of = models.DateField()
    # Clause numbers ("8.1", "9.2"); empty for the whole library.
    clauses = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    # The ZIP's name under settings.EVIDENCE_PACKS_ROOT.
    file = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"Evidence pack {self.pk} as of {self.as_of}"

    @property
    def scope(self) -> str:
        if not self.clauses:
            return "Whole library"
        return "Clause " + ", ".join(self.clauses)

    @property
    def file_name(self) -> str:
        return f"evidence-{self.as_of.isoformat()}-{self.pk}.zip"
