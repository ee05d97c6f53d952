"""The register of records (/records/): every record the viewer may read, with
its kind, period, owner, classification, filing date and corrections, disposed
ones marked; filters, pages of 50 and CSV, in a fixed number of queries."""

import csv
import re
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Value
from django.db.models.functions import Concat
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from policies.dates import parse_day
from policies.models import Clause, RequiredItem

from .actions.records import may_file_records
from .models import Disposition, Record
from .records_access import may_read_record, readable_records, records_for
from .register import spreadsheet_safe
from .register_query import BadRequest

PAGE_SIZE = 50
CLAUSE_NUMBER = re.compile(r"[0-9]{1,2}(\.[0-9]{1,2}){0,4}", re.ASCII)
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,6}", re.ASCII)
CSV_COLUMNS = [
    "Number",
    "Title",
    "Kind",
    "Clause",
    "Period from",
    "Period to",
    "Owner",
    "Classification",
    "Filed",
    "Corrects",
    "Corrected by",
    "Status",
]


@dataclass
class RecordFilters:
    kind: RequiredItem | None = None
    clause: Clause | None = None
    period_from: date | None = None
    period_to: date | None = None
    owner: str = ""

    @property
    def any(self) -> bool:
        return any(
            (self.kind, self.clause, self.period_from, self.period_to, self.owner)
        )


def record_kinds() -> list[RequiredItem]:
    """The kinds of record, in catalogue order, with their clauses: one query."""
    return list(
        RequiredItem.objects.filter(kind=RequiredItem.Kind.RETAINED)
        .select_related("clause")
        .order_by("clause__sort_key", "position")
    )


def parse_filters(params, kinds: list[RequiredItem]) -> RecordFilters:
    """The filters asked for; BadRequest with a message when one makes no sense."""
    if any("\x00" in value for value in params.values()):
        raise BadRequest("Filters cannot contain NUL characters.")
    filters = RecordFilters()
    if code := params.get("kind", "").strip():
        filters.kind = next((item for item in kinds if item.code == code), None)
        if filters.kind is None:
            raise BadRequest(
                f"Unknown kind of record '{code[:60]}': choose one from the Kind "
                "list (a code such as audit-results)."
            )
    if number := params.get("clause", "").strip():
        filters.clause = Clause.named(number)
        if filters.clause is None:
            raise BadRequest(
                f"Unknown clause '{number[:40]}': give a clause number of "
                "ISO/IEC 20000-1:2018, such as 9.2."
            )
    try:
        filters.period_from = parse_day(params.get("from", "").strip(), "from")
        filters.period_to = parse_day(params.get("to", "").strip(), "to")
    except ValueError as error:
        raise BadRequest(str(error)) from None
    if (
        filters.period_from
        and filters.period_to
        and filters.period_from > filters.period_to
    ):
        raise BadRequest("The period's 'from' date is after its 'to' date.")
    owner = params.get("owner", "").strip()
    if len(owner) > 150:
        raise BadRequest("owner is a name or username of at most 150 characters.")
    filters.owner = owner
    return filters


def register_records(user, filters: RecordFilters):
    """The records `user` may read that match `filters`, newest period first,
    with what a row shows: the kind and its clause, the owner, what it corrects,
    the readable corrections and whether it was disposed of."""
    records = records_for(user)
    if filters.kind:
        records = records.filter(kind=filters.kind)
    if filters.clause:
        records = records.filter(
            Q(kind__clause=filters.clause)
            | Exists(
                Record.clauses.through.objects.filter(
                    record=OuterRef("pk"), clause=filters.clause
                )
            )
        )
    if filters.period_from:
        records = records.filter(period_end__gte=filters.period_from)
    if filters.period_to:
        records = records.filter(period_start__lte=filters.period_to)
    if filters.owner:
        records = records.annotate(
            owner_name=Concat("owner__first_name", Value(" "), "owner__last_name")
        ).filter(
            Q(owner__username__iexact=filters.owner)
            | Q(owner_name__icontains=filters.owner)
        )
    corrections = readable_records(Record.objects.only("number", "corrects"), user)
    return (
        records.select_related("kind__clause", "owner", "corrects")
        .annotate(
            disposed=Exists(
                Disposition.objects.filter(
                    record=OuterRef("pk"), status=Disposition.Status.DONE
                )
            )
        )
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=corrections.order_by("pk"),
                to_attr="readable_corrections",
            )
        )
        .order_by("-period_end", "-pk")
    )


def parse_page(value) -> int:
    if value in (None, ""):
        return 1
    if not PAGE_NUMBER.fullmatch(value):
        raise BadRequest("page must be a whole number from 1.")
    return int(value)


def records(request):
    kinds = record_kinds()
    try:
        filters = parse_filters(request.GET, kinds)
        page_number = parse_page(request.GET.get("page"))
    except BadRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    rows = register_records(request.user, filters)
    output = request.GET.get("format", "")
    if output == "csv":
        return records_csv(rows, request.user)
    if output not in ("", "html"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    paginator = Paginator(rows, PAGE_SIZE)
    if page_number > max(paginator.num_pages, 1):
        return HttpResponseBadRequest(
            f"page must be from 1 to {paginator.num_pages}.", content_type="text/plain"
        )
    page = paginator.page(page_number)
    for record in page:
        record.shown_corrects = shown_corrects(record, request.user)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return TemplateResponse(
        request,
        "workflows/records/register.html",
        {
            "page": page,
            "filters": filters,
            "params": request.GET,
            "query": query.urlencode(),
            "kinds": kinds,
            "may_file": may_file_records(request.user),
        },
    )


def shown_corrects(record, user) -> Record | None:
    """The record it corrects, when the viewer may read that one."""
    corrects = record.corrects
    return corrects if corrects and may_read_record(user, corrects) else None


def owner_name(user) -> str:
    return user.get_full_name() or user.get_username()


def records_csv(rows, user) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="records.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for record in rows:
        corrects = shown_corrects(record, user)
        values = [
            record.number,
            record.title,
            record.kind.item,
            record.kind.clause.number,
            record.period_start.isoformat(),
            record.period_end.isoformat(),
            owner_name(record.owner),
            record.get_classification_display(),
            timezone.localtime(record.filed_at).date().isoformat(),
            corrects.number if corrects else "",
            " ".join(c.number for c in record.readable_corrections),
            "Disposed of" if record.disposed else "Kept",
        ]
        writer.writerow([spreadsheet_safe(value) for value in values])
    return response
