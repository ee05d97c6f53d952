"""Front-end views of reading and acknowledgement: a person's reading list, the
acknowledgement itself, and the evidence for owners and auditors."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from policies.access import unreadable_by, visible
from policies.dates import parse_day
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, has_role, reads_record_detail

from .actions.reading import AcknowledgeAction
from .history import get_issue
from .reading_selectors import (
    acknowledged_as_of,
    acknowledgements_of,
    open_reading,
    reading_evidence,
)
from .register import spreadsheet_safe


def my_reading(request):
    return TemplateResponse(
        request,
        "workflows/my_reading.html",
        {
            "open": list(open_reading(request.user)),
            "done": acknowledgements_of(request.user)[:100],
            "today": timezone.localdate(),
            "evidence_link": has_role(request.user, AUDITORS, APPROVERS),
        },
    )


@require_POST
def acknowledge(request, number, label):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    try:
        issue = get_issue(document, label)
        AcknowledgeAction(issue, user=request.user).execute()
    except ValueError:
        return HttpResponseBadRequest("Not a version label.", content_type="text/plain")
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    else:
        messages.success(
            request,
            f"Recorded: you have read and understood {number} version {label}.",
        )
    return redirect(document.url or "my_reading")


def document_reading(request, number):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    if not reads_record_detail(request.user, document):
        raise PermissionDenied(
            "Reading evidence is for the owner, approvers and auditors."
        )
    return TemplateResponse(
        request,
        "workflows/document_reading.html",
        {
            "document": document,
            "issues": reading_evidence(document),
            "people_links": has_role(request.user, AUDITORS, APPROVERS),
        },
    )


def evidence_reader(request, what):
    if not has_role(request.user, AUDITORS, APPROVERS):
        raise PermissionDenied(
            f"Reading evidence {what} is for auditors and approvers."
        )
    if any("\x00" in value for value in request.GET.values()):
        raise BadRequest("No NUL characters in the query, please.")


def reading_as_of(request):
    """For auditors and approvers: on a date, who had acknowledged the issue of a
    document then in force; CSV with ?format=csv. Without a document: the form to
    choose one, or a person."""
    evidence_reader(request, "by date")
    try:
        day = parse_day(request.GET.get("date", ""), "date") or timezone.localdate()
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    documents = visible(ControlledDocumentPage.objects, request.user)
    number = request.GET.get("document", "").strip().upper()
    if not number:
        return TemplateResponse(
            request,
            "workflows/reading_as_of.html",
            {
                "day": day,
                "documents": documents.exclude(current_version_label="")
                .order_by("document_number")
                .values_list("document_number", "title"),
            },
        )
    document = get_object_or_404(documents, document_number=number)
    evidence = acknowledged_as_of(document, day)
    if request.GET.get("format") == "csv":
        return reading_csv(document, day, evidence)
    return TemplateResponse(
        request,
        "workflows/reading_as_of.html",
        {"document": document, "day": day, "people_links": True, **evidence},
    )


def person_reading(request):
    """For auditors and approvers: what one person acknowledged, and what they are
    asked to read and have not, among the documents the viewer may read."""
    evidence_reader(request, "per person")
    person = get_object_or_404(
        get_user_model(), username=request.GET.get("user", "").strip()
    )
    return TemplateResponse(
        request,
        "workflows/person_reading.html",
        {
            "person": person,
            "people_links": True,
            "open": list(
                open_reading(person).exclude(
                    issue__document_id__in=unreadable_by(request.user)
                )
            ),
            "done": list(acknowledgements_of(person, viewer=request.user)),
            "today": timezone.localdate(),
        },
    )


def reading_csv(document, day, evidence) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{document.document_number}-acknowledged-{day.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    label = evidence["issue"].label if evidence["issue"] else ""
    rows = [
        (a.user, "acknowledged", a.at.isoformat()) for a in evidence["acknowledged"]
    ]
    rows += [(r.user, "outstanding", "") for r in evidence["outstanding"]]
    writer.writerow(["Document", "Version", "User", "Name", "Status", "At"])
    for user, status, at in rows:
        values = [document.document_number, label, user.get_username()]
        values += [user.get_full_name(), status, at]
        writer.writerow([spreadsheet_safe(value) for value in values])
    return response
