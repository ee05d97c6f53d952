"""Controlled copies' pages: a document's copies (and issuing one), a copy as a
PDF, the copies a person answers for (and confirming an exchange), and the
register of every copy (/copies/, CSV, outstanding only)."""

import csv

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.views.decorators.http import require_POST

from policies.access import readable, visible
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, DOCUMENT_OWNERS, has_role

from .actions.copies import (
    ConfirmExchangeAction,
    CopyRequest,
    IssueControlledCopyAction,
    copies_kept_by,
    copies_with_detail,
    issue_in_force,
    may_issue_copies,
)
from .history import refused
from .models import ControlledCopy
from .pdf import issue_pdf_response
from .register import spreadsheet_safe

CSV_HEADER = [
    "Document",
    "Title",
    "Version",
    "Copy",
    "Issued to",
    "Issued at",
    "Issued by",
    "Status",
    "To be replaced since",
    "Last exchanged",
]


def may_see_copies(user, document) -> bool:
    return user.pk == document.document_owner_id or has_role(user, APPROVERS, AUDITORS)


def named_user(username: str):
    username = username.strip()
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise ValidationError({"holder": f"No active user '{username}'."})
    return user


class CopyForm(forms.Form):
    holder = forms.CharField(
        required=False, max_length=150, help_text="The username of the holder."
    )
    location = forms.CharField(
        required=False,
        max_length=200,
        help_text='Or a location, e.g. "site safe, Leeds"…',
    )
    responsible = forms.CharField(
        required=False,
        max_length=150,
        help_text="…and the username of the person who answers for it.",
    )


def document_copies(request, number):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    if not may_see_copies(request.user, document):
        return refused(request, document)
    may_issue = may_issue_copies(request.user, document)
    form = CopyForm(request.POST or None)
    if request.method == "POST":
        if not may_issue:
            raise PermissionDenied("Only the owner and approvers issue copies.")
        if form.is_valid():
            try:
                data = form.cleaned_data
                copy = IssueControlledCopyAction(
                    document,
                    CopyRequest(
                        holder=named_user(data["holder"]),
                        location=data["location"],
                        responsible=named_user(data["responsible"]),
                    ),
                    user=request.user,
                ).execute()
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, f"Issued controlled copy {copy.number}.")
                return redirect("document_copies", number=number)
    copies = copies_with_detail(ControlledCopy.objects.filter(document=document))
    return TemplateResponse(
        request,
        "workflows/copies/document.html",
        {
            "document": document,
            "copies": copies,
            "form": form if may_issue else None,
            "in_force": issue_in_force(document),
        },
        status=400 if form.errors else 200,
    )


def copy_pdf(request, number, copy_number):
    """A controlled copy as a PDF: for the owner, the copy's holder or
    responsible, approvers and auditors, of a document they may read."""
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    copy = get_object_or_404(
        ControlledCopy.objects.select_related(
            "issue__revision", "holder", "responsible"
        ),
        document=document,
        number=copy_number,
    )
    if request.user.pk != copy.keeper_id and not may_see_copies(request.user, document):
        return refused(request, document)
    copy.document = document
    # A copy to be replaced prints as its replacement: the issue in force.
    in_force = issue_in_force(document)
    issue = (copy.replace_since and in_force) or copy.issue
    superseded = in_force is None or issue.pk != in_force.pk
    return issue_pdf_response(request, document, issue, superseded, copy=copy)


def my_copies(request):
    documents = readable(ControlledDocumentPage.objects, request.user)
    copies = copies_with_detail(
        copies_kept_by(request.user).filter(document__in=documents.values("pk"))
    )
    return TemplateResponse(request, "workflows/copies/mine.html", {"copies": copies})


@require_POST
def confirm_exchange(request, number, copy_number):
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    copy = get_object_or_404(
        ControlledCopy.objects.select_related("document"),
        document=document,
        number=copy_number,
    )
    try:
        exchange = ConfirmExchangeAction(copy, user=request.user).execute()
    except PermissionDenied:
        return refused(request, document)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"Recorded: copy {copy.number} of {number} replaced with version "
            f"{exchange.new_issue.label}, the old one destroyed.",
        )
    return redirect("my_copies")


def copies_register(request):
    """Every copy of the documents the user may read: auditors, approvers and
    document owners. ?outstanding=1 keeps the copies to be replaced."""
    if not has_role(request.user, AUDITORS, APPROVERS, DOCUMENT_OWNERS):
        raise PermissionDenied("The register of copies is for owners and auditors.")
    documents = readable(ControlledDocumentPage.objects, request.user)
    copies = ControlledCopy.objects.filter(document__in=documents.values("pk"))
    outstanding = request.GET.get("outstanding") in ("1", "on", "yes")
    if outstanding:
        copies = copies.filter(replace_since__isnull=False)
    copies = copies_with_detail(copies).order_by("document__document_number", "number")
    if request.GET.get("format") == "csv":
        return register_csv(copies)
    return TemplateResponse(
        request,
        "workflows/copies/register.html",
        {"copies": copies, "outstanding": outstanding},
    )


def person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


def register_csv(copies) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="controlled-copies.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for copy in copies:
        cells = [
            copy.document.document_number,
            copy.document.title,
            copy.issue.label,
            copy.number,
            copy.issued_to,
            copy.issued_at.isoformat(timespec="seconds"),
            person(copy.issued_by),
            "To be replaced" if copy.replace_since else "Current",
            copy.replace_since.date().isoformat() if copy.replace_since else "",
            copy.exchanged_at.isoformat(timespec="seconds")
            if copy.exchanged_at
            else "",
        ]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return response
