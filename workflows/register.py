"""The master document list (/register/): every controlled document with its number,
title, type, version, owner, status, effective date and next review; sortable,
filterable, as it stood at the end of any day (?as_of=), 50 rows a page, and the
whole list as CSV, streamed. The rows are workflows.register_query's."""

import csv

from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse

from policies.models import ControlledDocumentPage

from .register_query import COLUMNS, FIELDS, STATUSES, BadRequest, register_rows

PAGE_SIZE = 50
CSV_CHUNK = 2000


def with_links(rows):
    """Each row with the permalink of a live document (no page object needed)."""
    for row in rows:
        row["url"] = (
            reverse("document_permalink", args=[row["number"]]) if row["live"] else None
        )
        yield row


def register(request):
    try:
        rows, as_of = register_rows(request.GET, request.user)
    except BadRequest as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain")
    if request.GET.get("format") == "csv":
        return register_csv(rows, as_of)
    if request.GET.get("format") not in (None, "", "html"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    paginator = Paginator(rows, PAGE_SIZE)
    number = request.GET.get("page", "1")
    if not (number.isascii() and number.isdigit()) or not (
        1 <= int(number) <= max(paginator.num_pages, 1)
    ):
        return HttpResponseBadRequest(
            f"page must be a whole number from 1 to {paginator.num_pages}.",
            content_type="text/plain",
        )
    page = paginator.page(int(number))
    params = request.GET.copy()
    params.pop("page", None)
    return TemplateResponse(
        request,
        "policies/register.html",
        {
            "rows": list(with_links(page.object_list)),
            "page": page,
            "page_query": params.urlencode(),
            "as_of": as_of,
            "columns": COLUMNS,
            "types": [
                (slug, model._meta.verbose_name.capitalize())
                for slug, model in ControlledDocumentPage.document_types().items()
            ],
            "statuses": STATUSES,
            "params": params,
            "sort": request.GET.get("sort", "number"),
        },
    )


def spreadsheet_safe(value):
    """A cell starting with =, +, - or @ would run as a formula in a spreadsheet."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


class Echo:
    """A file-like object whose write() hands back the line: csv.writer then
    yields each row's text for streaming."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The CSV text of `rows`, line by line, reading the rows in chunks: memory
    stays the same however long the register."""
    writer = csv.writer(Echo())
    yield writer.writerow([label for _, label in COLUMNS])
    for row in rows.iterator(chunk_size=CSV_CHUNK):
        yield writer.writerow(
            [spreadsheet_safe(row[FIELDS[key]]) for key, _ in COLUMNS]
        )


def register_csv(rows, as_of):
    response = StreamingHttpResponse(
        csv_lines(rows), content_type="text/csv; charset=utf-8"
    )
    name = f"register-{as_of.isoformat()}" if as_of else "register"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
