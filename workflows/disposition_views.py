"""Due for disposition (/records/disposition/): superseded issues and records
whose retention has run out, the dispositions awaiting a decision, the legal
holds standing and the tombstones of what was disposed of (CSV too); and the
POST views that ask for and decide a disposition.

Nothing is disposed of by a GET or automatically: every change is an action
someone posts, checked by the action classes, whose refusals are shown."""

import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from policies.access import readable
from policies.models import ControlledDocumentPage

from .actions.disposition import DecideDispositionAction, RequestDispositionAction
from .actions.records import may_hold
from .kept_input import back_to, error_reasons, form_reasons, kept, refused
from .models import Disposition, DocumentIssue, LegalHold
from .records_access import may_read_record, records_for
from .records_forms import DecideForm, RequestForm
from .records_views import sees_dispositions
from .register import spreadsheet_safe
from .retention import due_for_disposition

TOMBSTONES_ON_PAGE = 100
CSV_COLUMNS = [
    "What",
    "Kind",
    "Content hash",
    "Method",
    "Asked for by",
    "Asked on",
    "Reason",
    "Approved by",
    "Approved on",
    "Comment",
    "Archive",
    "Files removed",
    "Seal",
]


def refuse_outsiders(user):
    if not sees_dispositions(user):
        raise PermissionDenied(
            "Due for disposition is for document owners, approvers and auditors."
        )


def document_of(thing):
    """The controlled document of an issue, disposition or hold (or None)."""
    if isinstance(thing, DocumentIssue):
        return thing.document_id
    if isinstance(thing, LegalHold):
        return thing.document_id
    return thing.issue.document_id if thing.issue_id else None


class Visibility:
    """Which of the things on the page the viewer may read, in one query for the
    documents (records carry their own classification)."""

    def __init__(self, user, document_ids):
        self.user = user
        self.documents = set(
            readable(
                ControlledDocumentPage.objects.filter(pk__in=set(document_ids)), user
            ).values_list("pk", flat=True)
        )

    def shows(self, record=None, document_id=None) -> bool:
        if record is not None:
            return may_read_record(self.user, record)
        return document_id in self.documents


def person(user) -> str:
    return user.get_full_name() or user.get_username()


def disposition_due(request):
    user = request.user
    refuse_outsiders(user)
    output = request.GET.get("format", "")
    if output not in ("", "html", "csv"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    done = Disposition.objects.filter(status=Disposition.Status.DONE).select_related(
        "requested_by", "decided_by", "record", "issue"
    )
    if output == "csv":
        return tombstones_csv(shown(user, list(done.order_by("decided_at", "pk"))))
    due = due_for_disposition(timezone.localdate())
    requests = list(
        Disposition.objects.filter(status=Disposition.Status.REQUESTED)
        .select_related("requested_by", "record", "issue__document")
        .order_by("requested_at", "pk")
    )
    holds = list(
        LegalHold.objects.filter(released_at=None).select_related(
            "document", "record", "placed_by"
        )
    )
    tombstones = list(done.order_by("-decided_at", "-pk")[:TOMBSTONES_ON_PAGE])
    visible = Visibility(
        user,
        [document_of(item.item) for item in due if item.kind == "issue"]
        + [document_of(thing) for thing in requests + holds + tombstones],
    )
    typed = kept(request)
    return TemplateResponse(
        request,
        "workflows/records/disposition.html",
        {
            "due": due_rows(user, due, visible, typed),
            "requests": request_rows(user, requests, holds, visible, typed),
            "holds": hold_rows(holds, visible, typed),
            "tombstones": [t for t in tombstones if shows(visible, t)],
            "tombstone_count": done.count(),
            "may_hold": may_hold(user),
            "typed_hold": typed.get("hold-document", {}),
            "methods": Disposition.Method.choices,
            "here": request.path,
        },
    )


def shows(visible: Visibility, disposition: Disposition) -> bool:
    if disposition.record_id:
        return visible.shows(record=disposition.record)
    return visible.shows(document_id=disposition.issue.document_id)


def shown(user, dispositions):
    visible = Visibility(user, [document_of(d) for d in dispositions])
    return [d for d in dispositions if shows(visible, d)]


def due_rows(user, due, visible, typed):
    """The due items the viewer may read, each with its owner and, for its owner
    or an approver, the request form."""
    rows = [
        item
        for item in due
        if (
            visible.shows(record=item.item)
            if item.kind == "record"
            else visible.shows(document_id=item.item.document_id)
        )
    ]
    owners = get_user_model().objects.in_bulk({owner_of(row) for row in rows})
    for row in rows:
        row.owner = owners.get(owner_of(row))
        row.key = f"request-{row.kind}-{row.item.pk}"
        row.typed = typed.get(row.key, {})
        row.may_request = not row.held and (
            RequestDispositionAction(
                row.item, user=user, method="", reason=""
            ).permission_refusal()
            is None
        )
    return rows


def owner_of(due) -> int:
    if due.kind == "record":
        return due.item.owner_id
    return due.item.document.document_owner_id


def request_rows(user, requests, holds, visible, typed):
    held_documents = {hold.document_id for hold in holds if hold.document_id}
    held_records = {hold.record_id for hold in holds if hold.record_id}
    rows = [d for d in requests if shows(visible, d)]
    for row in rows:
        row.held = (
            row.record_id in held_records
            if row.record_id
            else row.issue.document_id in held_documents
        )
        row.typed = typed.get(f"decide-{row.pk}", {})
        row.may_decide = (
            DecideDispositionAction(row, user=user, approve=True).permission_refusal()
            is None
        )
    return rows


def hold_rows(holds, visible, typed):
    rows = [
        hold
        for hold in holds
        if visible.shows(record=hold.record)
        or (hold.document_id and visible.shows(document_id=hold.document_id))
    ]
    for hold in rows:
        hold.typed = typed.get(f"release-{hold.pk}", {})
    return rows


def tombstones_csv(tombstones) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="dispositions.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for done in tombstones:
        values = [
            done.subject,
            "record" if done.record_id else "issue",
            done.subject_hash,
            done.get_method_display(),
            person(done.requested_by),
            done.requested_at.isoformat(),
            done.reason,
            person(done.decided_by),
            done.decided_at.isoformat(),
            done.decision_comment,
            done.archive_name,
            " ".join(f"{f['name']} sha256:{f['sha256']}" for f in done.destroyed_files),
            done.seal,
        ]
        writer.writerow([spreadsheet_safe(value) for value in values])
    return response


def item_to_dispose(user, kind: str, pk: int):
    """The issue or record the form names, if the viewer may read it (404)."""
    if kind == "record":
        return get_object_or_404(records_for(user).select_related("kind"), pk=pk)
    documents = readable(ControlledDocumentPage.objects, user).values("pk")
    return get_object_or_404(
        DocumentIssue.objects.select_related("document", "revision"),
        pk=pk,
        document_id__in=documents,
    )


@require_POST
def disposition_request(request):
    refuse_outsiders(request.user)
    form = RequestForm(request.POST)
    key = "request-{}-{}".format(
        request.POST.get("kind", "")[:10], request.POST.get("item", "")[:12]
    )
    back = reverse("disposition_due")
    if not form.is_valid():
        if "kind" in form.errors or "item" in form.errors:
            return HttpResponseBadRequest(
                "kind must be issue or record, and item a number.",
                content_type="text/plain",
            )
        return refused(request, key, form_reasons(form), back)
    data = form.cleaned_data
    item = item_to_dispose(request.user, data["kind"], data["item"])
    try:
        disposition = RequestDispositionAction(
            item, user=request.user, method=data["method"], reason=data["reason"]
        ).execute()
    except (PermissionDenied, ValidationError) as error:
        return refused(request, key, error_reasons(error), back)
    messages.success(
        request,
        f"Disposition of {disposition.subject} asked for: an approver other than "
        "you decides.",
    )
    return redirect(back_to(request, back))


@require_POST
def disposition_decide(request, pk):
    refuse_outsiders(request.user)
    disposition = get_object_or_404(
        Disposition.objects.select_related("record", "issue"), pk=pk
    )
    if not shown(request.user, [disposition]):
        raise Http404
    form = DecideForm(request.POST)
    key, back = f"decide-{disposition.pk}", reverse("disposition_due")
    if "decision" in form.errors:
        return HttpResponseBadRequest(
            "decision must be approve or refuse.", content_type="text/plain"
        )
    if not form.is_valid():
        return refused(request, key, form_reasons(form), back)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        DecideDispositionAction(
            disposition,
            user=request.user,
            approve=approve,
            comment=form.cleaned_data["comment"],
        ).execute()
    except (PermissionDenied, ValidationError) as error:
        return refused(request, key, error_reasons(error), back)
    if approve:
        messages.success(
            request,
            f"{disposition.subject} disposed of "
            f"({disposition.get_method_display().lower()}); its tombstone is kept.",
        )
    else:
        messages.success(
            request, f"Disposition of {disposition.subject} refused; it is kept."
        )
    return redirect(back_to(request, back))
