"""The check page a printed copy's QR code leads to: is this issue in force,
superseded (since when, and which is current), or is its document withdrawn? One
line, for any signed-in reader of the document; a document they may not read
does not exist (404)."""

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from policies.access import visible
from policies.models import ControlledDocumentPage

from .history import LABEL
from .models import ControlEvent, DocumentIssue


def check_issue(request, number, label):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user).only(
            "title", "live", "withdrawn", "current_version_label", "document_number"
        ),
        document_number=number,
    )
    match = LABEL.fullmatch(label)
    issue = (
        DocumentIssue.objects.filter(
            document=document, major=int(match[1]), minor=int(match[2])
        ).first()
        if match
        else None
    )
    context = {"document": document, "number": number, "label": label[:20]}
    if issue is None:
        context["state"] = "unknown"
        return TemplateResponse(request, "workflows/check.html", context, status=404)
    context["issue"] = issue
    if document.withdrawn:
        context["state"] = "withdrawn"
        context["withdrawal"] = (
            ControlEvent.objects.filter(
                document=document, kind=ControlEvent.Kind.WITHDRAWN
            )
            .order_by("-at", "-pk")
            .first()
        )
    elif issue.effective_to is None:
        context["state"] = "in_force"
    else:
        context["state"] = "superseded"
        context["current_label"] = document.current_version_label
    return TemplateResponse(request, "workflows/check.html", context)
