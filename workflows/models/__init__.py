"""Control over documents: issue records, sign-offs, tasks and control events,
re-exported by concern as wagtail.models does."""

from .events import ControlEvent, ReviewReminder
from .issues import DocumentIssue
from .reading import Acknowledgement, ReadingReminder, ReadingRequest
from .seals import SealedFile
from .signoffs import SignOff
from .tasks import ControlledDocumentTask, DocumentApprovalTask, DocumentReviewTask

__all__ = [
    "Acknowledgement",
    "ControlEvent",
    "ControlledDocumentTask",
    "DocumentApprovalTask",
    "DocumentIssue",
    "DocumentReviewTask",
    "ReadingReminder",
    "ReadingRequest",
    "ReviewReminder",
    "SealedFile",
    "SignOff",
]
