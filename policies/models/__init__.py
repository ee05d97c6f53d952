"""The documents of the ITSMS, re-exported by concern as wagtail.models does."""

from ..fields import Classification, FieldRole, Significance
from .catalogue import Clause, ProcessArea, RequiredItem
from .document_types import (
    AgreementPage,
    ExternalDocumentPage,
    PlanPage,
    PolicyPage,
    ProcedurePage,
    ProcessPage,
    ServiceCataloguePage,
    ServiceManagementPlanPage,
    WorkInstructionPage,
)
from .documents import ControlledDocumentPage
from .library import DocumentLibraryPage
from .numbering import DocumentNumberSequence
from .sharing import SectionShare

__all__ = [
    "AgreementPage",
    "PlanPage",
    "RequiredItem",
    "ServiceCataloguePage",
    "Classification",
    "Clause",
    "ControlledDocumentPage",
    "DocumentLibraryPage",
    "DocumentNumberSequence",
    "ExternalDocumentPage",
    "FieldRole",
    "PolicyPage",
    "ProcedurePage",
    "ProcessArea",
    "ProcessPage",
    "SectionShare",
    "ServiceManagementPlanPage",
    "Significance",
    "WorkInstructionPage",
]
