"""What each field of a controlled document is to document control, declared once.

Hashing, the diff and copying read these roles; a test fails when a field of a
document type has none (docs/decisions/0005-field-roles.md)."""

import enum

from django.db import models


class FieldRole(enum.Enum):
    IDENTITY = "identity"
    """Assigned once (the document number): approved and hashed, never copied."""

    APPROVED = "approved"
    """Content that an approval covers: hashed, compared in the diff, copied."""

    SUBMISSION = "submission"
    """Declared with each submission (change summary, significance): read into the
    issue record, not hashed, not copied; a new draft starts without it."""

    CONTROL = "control"
    """Set only by control actions (version, dates, withdrawal): kept on the page
    row, never carried by a revision, not editable, not copied."""


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    CONFIDENTIAL = "confidential", "Confidential"


class Significance(models.TextChoices):
    """How far a change moves the version: 1.0 -> 1.1 (minor) or 1.1 -> 2.0."""

    MINOR = "minor", "Minor change"
    MAJOR = "major", "Major change"
