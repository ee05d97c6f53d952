"""Front-end views of records: the filing form, a record's page (its facts,
entry, file, hashes, corrections, legal holds and disposition), its file, and
the small POST views that place and release legal holds."""

import re
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from policies.access import readable
from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, DOCUMENT_OWNERS, has_role

from .actions.disposition import DecideDispositionAction
from .actions.records import (
    FileRecordAction,
    PlaceLegalHoldAction,
    ReleaseLegalHoldAction,
    may_file_records,
    may_hold,
)
from .converters import RecordNumberConverter
from .kept_input import back_to, error_reasons, form_reasons, kept, refused
from .models import Disposition, LegalHold, Record, RecordContent
from .records_access import (
    may_read_record,
    readable_records,
    reads_record_hashes,
    records_for,
)
from .records_forms import HoldForm, RecordForm, ReleaseForm
from .retention import record_retained_until, retention_table

RECORD_NUMBER = re.compile(RecordNumberConverter.regex, re.ASCII)


def readable_record(request, number: str) -> Record:
    return get_object_or_404(
        records_for(request.user).select_related(
            "kind__clause", "owner", "filed_by", "corrects"
        ),
        number=number,
    )


def correction_of(request) -> Record | None:
    """The record named by ?corrects=, which the new one corrects."""
    number = request.GET.get("corrects", "").strip().upper()
    if not number:
        return None
    if not RECORD_NUMBER.fullmatch(number):
        raise ValueError(
            f"corrects must be a record number such as REC-0001; got '{number[:20]}'."
        )
    record = readable_record(request, number)
    if record.dispositions.filter(status=Disposition.Status.DONE).exists():
        raise ValueError(f"{number} has been disposed of: nothing is left to correct.")
    return record


def record_new(request):
    if not may_file_records(request.user):
        raise PermissionDenied("Only document owners and approvers file records.")
    try:
        corrects = correction_of(request)
    except ValueError as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    posted = request.method == "POST"
    form = RecordForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        user=request.user,
        corrects=corrects,
    )
    if posted:
        if form.is_valid():
            try:
                record = FileRecordAction(form.filing(), user=request.user).execute()
            except ValidationError as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request,
                    f"Filed {record.number}: {record.title}. It is never changed; "
                    "a mistake is put right by filing a correction.",
                )
                return redirect("record_detail", record.number)
        form.note_lost_file()
    form.describe_fields()
    return TemplateResponse(
        request,
        "workflows/records/form.html",
        {"form": form, "corrects": corrects},
        status=400 if form.errors else 200,
    )


def record_detail(request, number):
    record = readable_record(request, number)
    user = request.user
    dispositions = list(
        record.dispositions.select_related("requested_by", "decided_by").order_by(
            "requested_at", "pk"
        )
    )
    done = next((d for d in dispositions if d.status == Disposition.Status.DONE), None)
    requested = next(
        (d for d in dispositions if d.status == Disposition.Status.REQUESTED), None
    )
    typed = kept(request)
    holds = list(record.legal_holds.select_related("placed_by", "released_by"))
    for hold in holds:
        hold.typed = typed.get(f"release-{hold.pk}", {})
    corrects = record.corrects
    content = None if done else RecordContent.objects.filter(pk=record.pk).first()
    context = {
        "record": record,
        "clauses": list(record.clauses.order_by("sort_key")),
        "content": content,
        "file_name": Path(content.file.name).name if content and content.file else "",
        "hashes": reads_record_hashes(user, record),
        "corrects": corrects if corrects and may_read_record(user, corrects) else None,
        "corrections": list(
            readable_records(record.corrections.order_by("pk"), user).only("number")
        ),
        "retained_until": record_retained_until(record, retention_table()),
        "holds": holds,
        "standing_hold": next((h for h in holds if h.released_at is None), None),
        "may_hold": may_hold(user),
        "may_correct": may_file_records(user) and not done,
        "done": done,
        "requested": requested,
        "refusals": [d for d in dispositions if d.status == Disposition.Status.REFUSED],
        "may_decide": requested is not None
        and DecideDispositionAction(
            requested, user=user, approve=True
        ).permission_refusal()
        is None,
        "typed_hold": typed.get(f"hold-{record.number}", {}),
        "typed_decide": typed.get(f"decide-{requested.pk}", {}) if requested else {},
        "here": request.path,
        "sees_dispositions": sees_dispositions(user),
    }
    return TemplateResponse(
        request,
        "workflows/records/detail.html",
        context,
        status=410 if done else 200,
    )


def record_file(request, number):
    record = readable_record(request, number)
    content = RecordContent.objects.filter(pk=record.pk).exclude(file="").first()
    if content is None or record.dispositions.filter(status="done").exists():
        raise Http404("This record has no file.")
    try:
        handle = content.file.open("rb")
    except OSError:
        raise Http404("The record's file is missing from storage.") from None
    response = FileResponse(
        handle, as_attachment=True, filename=Path(content.file.name).name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def sees_dispositions(user) -> bool:
    """Who opens "Due for disposition" and posts its forms: those who keep,
    decide on and audit what is retained."""
    return has_role(user, AUDITORS, APPROVERS, DOCUMENT_OWNERS)


def may_manage_holds_here(user):
    if not sees_dispositions(user):
        raise PermissionDenied("Legal holds are for approvers.")


@require_POST
def legal_hold_place(request):
    """Place a hold on a document (all its issues) or a record, by its number."""
    may_manage_holds_here(request.user)
    form = HoldForm(request.POST)
    key = f"hold-{request.POST.get('target', 'document')[:20]}"
    back = reverse("disposition_due")
    if not form.is_valid():
        return refused(request, key, form_reasons(form), back)
    number = form.cleaned_data["number"].upper()
    document = record = None
    if RECORD_NUMBER.fullmatch(number):
        record = records_for(request.user).filter(number=number).first()
    else:
        document = (
            readable(ControlledDocumentPage.objects, request.user)
            .filter(document_number=number)
            .first()
        )
    if document is None and record is None:
        return refused(
            request, key, [f"No document or record is numbered {number}."], back
        )
    try:
        PlaceLegalHoldAction(
            user=request.user,
            reason=form.cleaned_data["reason"],
            document=document,
            record=record,
        ).execute()
    except (PermissionDenied, ValidationError) as error:
        return refused(request, key, error_reasons(error), back)
    messages.success(
        request,
        f"Legal hold placed on {number}: nothing of it can be disposed of until "
        "the hold is released.",
    )
    return redirect(back_to(request, back))


@require_POST
def legal_hold_release(request, pk):
    may_manage_holds_here(request.user)
    hold = get_object_or_404(LegalHold.objects.select_related("record"), pk=pk)
    if not hold_readable(request.user, hold):
        raise Http404
    key, back = f"release-{hold.pk}", reverse("disposition_due")
    form = ReleaseForm(request.POST)
    if not form.is_valid():
        return refused(request, key, form_reasons(form), back)
    try:
        ReleaseLegalHoldAction(
            hold, user=request.user, reason=form.cleaned_data["reason"]
        ).execute()
    except (PermissionDenied, ValidationError) as error:
        return refused(request, key, error_reasons(error), back)
    messages.success(request, "Legal hold released.")
    return redirect(back_to(request, back))


def hold_readable(user, hold: LegalHold) -> bool:
    if hold.record_id:
        return may_read_record(user, hold.record)
    return (
        readable(ControlledDocumentPage.objects, user)
        .filter(pk=hold.document_id)
        .exists()
    )
