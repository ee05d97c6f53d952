"""/compliance/: for each clause of the catalogue, the documents that address it and
the documented information it calls for; the gaps; a coverage chart per clause group."""

import csv
from collections import defaultdict

from django.db.models import Prefetch
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils import timezone

from policies.access import visible
from policies.models import Clause, ControlledDocumentPage


def compliance_data(user):
    documents = visible(ControlledDocumentPage.objects, user).only(
        "pk",
        "title",
        "document_number",
        "current_version_label",
        "live",
        "withdrawn",
        "next_review_due",
        "url_path",
    )
    clauses = list(
        Clause.objects.prefetch_related(
            Prefetch("documents", queryset=documents.order_by("document_number")),
            "required_items",
        )
    )
    today = timezone.localdate()
    rows, groups = [], defaultdict(lambda: {"clauses": 0, "covered": 0})
    for clause in clauses:
        approved = [d for d in clause.documents.all() if d.live and not d.withdrawn]
        calls_for_document = any(
            not item.is_record for item in clause.required_items.all()
        )
        rows.append(
            {
                "clause": clause,
                "documents": list(clause.documents.all()),
                "approved": approved,
                "gap": calls_for_document and not approved,
            }
        )
        group = groups[clause.section]
        group["clauses"] += 1
        group["covered"] += bool(approved)
    overdue = [
        d
        for d in documents.filter(
            live=True, withdrawn=False, next_review_due__lt=today
        ).order_by("next_review_due")
    ]
    never_approved = list(
        documents.filter(
            live=False, withdrawn=False, current_version_label=""
        ).order_by("document_number")
    )
    chart = [
        {
            "section": section,
            **counts,
            "percent": round(100 * counts["covered"] / counts["clauses"]),
        }
        for section, counts in sorted(groups.items())
    ]
    return {
        "rows": rows,
        "gaps": [row for row in rows if row["gap"]],
        "overdue": overdue,
        "never_approved": never_approved,
        "chart": chart,
        "chart_height": 10 * len(chart),
    }


def compliance(request):
    export_format = request.GET.get("format", "html")
    if export_format not in ("html", "csv"):
        return HttpResponseBadRequest(
            "format must be csv or html.", content_type="text/plain"
        )
    data = compliance_data(request.user)
    if export_format == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="compliance.csv"'
        writer = csv.writer(response)
        writer.writerow(
            [
                "Clause",
                "Title",
                "Documented information",
                "Documents",
                "Approved",
                "Gap",
            ]
        )
        for row in data["rows"]:
            clause = row["clause"]
            writer.writerow(
                [
                    clause.number,
                    clause.title,
                    clause.documented_information_summary(),
                    " ".join(
                        f"{d.document_number} {d.current_version_label or 'draft'}"
                        for d in row["documents"]
                    ),
                    len(row["approved"]),
                    "yes" if row["gap"] else "",
                ]
            )
        return response
    return TemplateResponse(request, "policies/compliance.html", data)
