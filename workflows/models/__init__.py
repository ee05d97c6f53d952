"""Control over documents: issue records, sign-offs, tasks and control events,
re-exported by concern as wagtail.models does."""

from .copies import ControlledCopy, ControlledCopyExchange
from .events import ControlEvent, ReviewReminder
from .evidence import EvidencePack
from .issues import DocumentIssue
from .reading import Acknowledgement, ReadingReminder, ReadingRequest
from .records import Record, RecordContent
from .retention import Disposition, LegalHold, RetentionPeriod
from .seals import SealedFile
from .signoffs import SignOff
from .tasks import ControlledDocumentTask, DocumentApprovalTask, DocumentReviewTask

__all__ = [
    "Acknowledgement",
    "ControlEvent",
    "ControlledCopy",
    "ControlledCopyExchange",
    "ControlledDocumentTask",
    "DocumentApprovalTask",
    "DocumentIssue",
    "EvidencePack",
    "DocumentReviewTask",
    "Disposition",
    "LegalHold",
    "Record",
    "RecordContent",
    "RetentionPeriod",
    "ReadingReminder",
    "ReadingRequest",
    "ReviewReminder",
    "SealedFile",
    "SignOff",
]
