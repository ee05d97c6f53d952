"""Evidence rows that are written once and then only read (docs/invariants.md)."""

from django.core.exceptions import ValidationError
from django.db import models


class AppendOnly(models.Model):
    """Refuses to save an existing row or to delete one, through the ORM; the
    chain hashes catch what goes around it. `record_name` names the row in the
    refusal."""

    record_name = "This record"

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(f"{self.record_name} is never edited once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(f"{self.record_name} is never deleted.")
