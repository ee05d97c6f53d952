"""/compliance/: for each clause of the catalogue, the documented information it
requires and what meets it (workflows.coverage), the documents that only address
it, the gaps, the 7.5.4 list and a chart per clause group; `?format=csv` too."""

import csv

from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse

from .coverage import compliance_data
from .register import spreadsheet_safe

CSV_COLUMNS = [
    "Clause",
    "Title",
    "Item code",
    "Item",
    "Kind",
    "7.5.4",
    "Status",
    "Satisfied by",
    "Not counted",
    "Addresses the clause",
    "Amendment",
]


def labels(evidence) -> str:
    return "; ".join(f"{e.label} ({e.note})" if e.note else e.label for e in evidence)


def csv_rows(rows):
    """One row per required item, and one per clause that requires none."""
    for row in rows:
        clause = row.clause
        addresses = "; ".join(
            f"{d.document_number} {d.current_version_label or 'draft'}"
            for d in row.addresses
        )
        for coverage in row.items or [None]:
            item = coverage.item if coverage else None
            yield [
                clause.number,
                clause.title,
                item.code if item else "",
                item.item if item else "",
                item.get_kind_display() if item else "",
                item.required_by if item else "",
                coverage.status if coverage else "",
                labels(coverage.satisfied_by) if coverage else "",
                labels(coverage.not_counted) if coverage else "",
                addresses,
                clause.amendment,
            ]


def compliance_csv(rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="compliance.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for cells in csv_rows(rows):
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return response


def compliance(request):
    export_format = request.GET.get("format", "html")
    if export_format not in ("html", "csv"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    data = compliance_data(request.user)
    if export_format == "csv":
        return compliance_csv(data["rows"])
    return TemplateResponse(request, "policies/compliance.html", data)
