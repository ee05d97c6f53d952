"""Controlled copies: an issue as a PDF, rendered from the issue's own revision
(never today's page), and the draft as a PDF for those who may see it.

Every page carries the document's number, title, version, status, effective date,
classification, "page N of M" and "Uncontrolled when printed" (CSS @page margin
boxes); the first page the owner, every signature of the issue and a QR code for
the issue's check page (`/check/<NUMBER>/<LABEL>/`). A superseded issue, a
withdrawn document and a draft are marked across every page. The file is PDF/A-3b,
its fonts embedded (DejaVu, from Debian's fonts-dejavu)."""

import segno
import weasyprint
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from weasyprint.text.fonts import FontConfiguration

from policies.access import visible
from policies.models import ControlledDocumentPage
from policies.roles import may_compare

from .history import as_approved, open_issue, refused
from .models import DocumentIssue

# PDF/A-3b: an archival file whose fonts are embedded and whose text reads back.
PDF_VARIANT = "pdf/a-3b"


def qr_data_uri(address: str) -> str:
    """The address as a QR code, an SVG data URI (no file, no request)."""
    return segno.make(address, error="m").svg_data_uri(scale=3, border=0)


def copy_line(copy, issue) -> str:
    """What a controlled copy says where others say "Uncontrolled when printed"."""
    return (
        f"Controlled copy {copy.number} of {copy.document.document_number} "
        f"{issue.label}, issued to {copy.issued_to}"
    )


def render_pdf(
    request, page, *, issue, status, watermark, check_url, copy=None
) -> bytes:
    """The PDF of `page` (a document as a revision holds it); `copy`, a
    ControlledCopy, makes it that controlled copy."""
    owner = page.document_owner
    html = render_to_string(
        "workflows/pdf/document.html",
        {
            "page": page,
            "issue": issue,
            "status": status,
            "watermark": watermark,
            "owner_name": owner.get_full_name() or owner.get_username(),
            "clauses": list(page.clauses.all()),
            "check_url": check_url,
            "qr": qr_data_uri(check_url) if check_url else "",
            "copy_line": copy_line(copy, issue) if copy else "",
        },
        request=request,
    )
    return weasyprint.HTML(
        string=html, base_url=request.build_absolute_uri("/")
    ).write_pdf(pdf_variant=PDF_VARIANT, font_config=FontConfiguration())


def pdf_response(content: bytes, name: str) -> HttpResponse:
    # An attachment, as records' files are: a browser's own PDF viewer may refuse
    # to show a PDF under the site's enforced policy (object-src 'none').
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


def issue_pdf(request, number, label):
    """An issue as a PDF: the same access as its page (workflows.history)."""
    opened = open_issue(request, number, label)
    if isinstance(opened, HttpResponseBase):
        return opened
    document, issue, superseded = opened
    return issue_pdf_response(request, document, issue, superseded)


def issue_pdf_response(request, document, issue, superseded, copy=None):
    """The PDF of an issue of `document`, marked by where it stands, with the QR
    code of its check page; `copy` makes it that controlled copy."""
    if document.withdrawn:
        status, watermark = "Withdrawn", "WITHDRAWN"
    elif superseded:
        status, watermark = "Superseded", "SUPERSEDED"
    else:
        status, watermark = "Current", ""
    number = document.document_number
    check_url = request.build_absolute_uri(
        reverse("check_issue", args=(number, issue.label))
    )
    content = render_pdf(
        request,
        as_approved(issue),
        issue=issue,
        status=status,
        watermark=watermark,
        check_url=check_url,
        copy=copy,
    )
    suffix = f"-copy-{copy.number}" if copy else ""
    return pdf_response(content, f"{number}-{issue.label}{suffix}")


def may_see_draft(user, document) -> bool:
    """The draft's content is for those who compare it with the issue in force
    (its owner, reviewers, approvers, auditors) and those who may edit it; never
    for staff."""
    return may_compare(user, document) or (
        document.permissions_for_user(user).can_edit()
    )


def draft_pdf(request, number):
    """The latest revision, marked DRAFT on every page; 404 when the latest
    revision is an issue (nothing pending)."""
    document = get_object_or_404(
        visible(ControlledDocumentPage.objects, request.user), document_number=number
    )
    if not may_see_draft(request.user, document):
        return refused(request, document)
    revision = document.get_latest_revision()
    issued = DocumentIssue.objects.filter(document=document).values_list(
        "revision_id", flat=True
    )
    if revision is not None and revision.pk in set(issued):
        raise Http404("This document has no draft.")
    # A page created without a revision yet is its own draft.
    draft = revision.as_object() if revision else document.specific
    content = render_pdf(
        request,
        draft,
        issue=None,
        status="Draft",
        watermark="DRAFT",
        check_url="",
    )
    return pdf_response(content, f"{number}-draft")
