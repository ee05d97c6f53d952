"""Staff search (/search/) over current approved documents and guidance, and the
guidance pages it links to."""

import math
import re
from dataclasses import dataclass
from urllib.parse import quote_plus

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from policies.access import readable
from policies.catalogue import CLAUSE_NUMBER
from policies.models import Clause, ControlledDocumentPage, ProcessArea

from .engine import Searcher, rerank
from .models import GuidanceEntry
from .related import guidance_entries
from .text import document_text, guidance_text, highlight

PAGE_SIZE = 20
CANDIDATES = 60  # each side's best hits, ranked together in the second stage
MAX_PAGES = 50  # 1,000 results is more than anyone reads; deeper pages are refused
GUIDANCE = "guidance"
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")  # what a SlugField accepts
PAGE_NUMBER = re.compile(r"[0-9]{1,4}")


class InvalidSearch(Exception):
    pass


@dataclass
class Hit:
    kind: str  # "document" or "guidance"
    title: str
    url: str
    type_label: str
    reference: str  # number and version, or clause numbers
    snippet: str
    process_area: str
    score: float


def current_documents(user):
    """What `user` may find: documents in force that they may read. Drafts and
    withdrawn documents are left out for everyone (editors find their drafts in the
    admin's own search); a confidential document only for its readers."""
    return readable(
        ControlledDocumentPage.objects.filter(live=True, withdrawn=False), user
    )


def parse_filters(params):
    """The filters of a search, validated: (type, process area, clause), each None
    when not given. Unknown values raise InvalidSearch with a message."""
    types = ControlledDocumentPage.document_types()
    kind = params.get("type") or None
    if kind and kind != GUIDANCE and kind not in types:
        raise InvalidSearch(
            f"Unknown type '{kind[:80]}': use one of {', '.join([*types, GUIDANCE])}."
        )
    process = None
    if value := params.get("process"):
        # Checked for shape first: PostgreSQL refuses a NUL in any string literal.
        if SLUG.fullmatch(value):
            process = ProcessArea.objects.filter(slug=value).first()
        if process is None:
            raise InvalidSearch(f"Unknown process area '{value[:80]}'.")
    clause = None
    if value := params.get("clause"):
        if CLAUSE_NUMBER.fullmatch(value):
            clause = Clause.objects.filter(number=value).first()
        if clause is None:
            raise InvalidSearch(f"Unknown clause '{value[:80]}'.")
    return kind, process, clause


def parse_page(value):
    if value in (None, ""):
        return 1
    if not PAGE_NUMBER.fullmatch(value) or not 1 <= int(value) <= MAX_PAGES:
        raise InvalidSearch(f"page must be a whole number from 1 to {MAX_PAGES}.")
    return int(value)


def document_queryset(kind, process, clause, user):
    documents = current_documents(user).select_related("process_area")
    if kind:
        model = ControlledDocumentPage.document_types()[kind]
        documents = documents.filter(
            content_type=ContentType.objects.get_for_model(model)
        )
    if process:
        documents = documents.filter(process_area=process)
    if clause:
        documents = documents.filter(
            id__in=list(clause.documents.values_list("pk", flat=True))
        )
    return documents


def guidance_queryset(process, clause):
    entries = guidance_entries()
    if process:
        entries = entries.filter(process_area=process)
    if clause:
        entries = entries.filter(
            id__in=list(clause.guidance_entries.values_list("pk", flat=True))
        )
    return entries


def document_hit(candidate, terms):
    document = candidate.obj
    type_label = (
        ContentType.objects.get_for_id(document.content_type_id)
        .model_class()
        ._meta.verbose_name
    )
    version = document.current_version_label
    return Hit(
        kind="document",
        title=document.title,
        url=reverse("document_permalink", args=[document.document_number]),
        type_label=type_label.capitalize(),
        reference=f"{document.document_number} v{version}"
        if version
        else document.document_number,
        snippet=highlight(candidate.text, terms),
        process_area=str(document.process_area or ""),
        score=candidate.score,
    )


def guidance_hit(candidate, terms):
    entry = candidate.obj
    clauses = ", ".join(clause.number for clause in entry.clauses.all())
    return Hit(
        kind="guidance",
        title=entry.title,
        url=reverse("guidance_entry", args=[entry.pk]),
        type_label="Guidance",
        reference=f"Clause {clauses}" if clauses else "",
        snippet=highlight(candidate.text, terms),
        process_area=str(entry.process_area or ""),
        score=candidate.score,
    )


def run_search(query, kind, process, clause, page, user):
    """The hits on one page of results, how many in all, and the Searcher (its
    terms, and whether the database answered for a cluster that was down).

    The backend finds each model's candidates in its own order. The best
    CANDIDATES of each side are ranked together by search.engine.rerank; any
    further ones follow in the backends' merged order. The head is the same
    whichever page is asked for, so pages never repeat or skip a result."""
    searcher = Searcher(query)
    reach = page * PAGE_SIZE
    pool = max(reach, CANDIDATES)
    sides = []
    total = 0
    if kind != GUIDANCE:
        ranked = searcher.ranked(document_queryset(kind, process, clause, user), pool)
        total += ranked.total
        sides.append(ranked.candidates("document", document_text))
    if not kind or kind == GUIDANCE:
        ranked = searcher.ranked(guidance_queryset(process, clause), pool)
        total += ranked.total
        sides.append(ranked.candidates("guidance", guidance_text))
    head = rerank([c for side in sides for c in side[:CANDIDATES]], searcher.terms)
    tail = sorted(
        (c for side in sides for c in side[CANDIDATES:]),
        key=lambda candidate: candidate.score,
        reverse=True,
    )
    make = {"document": document_hit, "guidance": guidance_hit}
    results = [
        make[candidate.kind](candidate, searcher.terms)
        for candidate in (head + tail)[reach - PAGE_SIZE : reach]
    ]
    return results, total, searcher


def search(request):
    query = request.GET.get("q", "")
    context = {
        "query": query,
        "types": [
            (key, model._meta.verbose_name.capitalize())
            for key, model in ControlledDocumentPage.document_types().items()
        ]
        + [(GUIDANCE, "Guidance")],
        "process_areas": ProcessArea.objects.order_by("name"),
        "clauses": Clause.objects.order_by("sort_key").only("number", "title"),
        "selected": {
            "type": request.GET.get("type", ""),
            "process": request.GET.get("process", ""),
            "clause": request.GET.get("clause", ""),
        },
    }
    try:
        kind, process, clause = parse_filters(request.GET)
        page = parse_page(request.GET.get("page"))
    except InvalidSearch as error:
        context["error"] = str(error)
        return TemplateResponse(request, "search/search.html", context, status=400)

    if query.strip():
        results, total, searcher = run_search(
            query, kind, process, clause, page, request.user
        )
        pages = min(MAX_PAGES, math.ceil(total / PAGE_SIZE))
        context.update(
            searched=True,
            terms=searcher.terms,
            results=results,
            total=total,
            page=page,
            pages=pages,
            results_start=(page - 1) * PAGE_SIZE + 1,
            page_query="".join(
                f"{key}={quote_plus(request.GET[key])}&"
                for key in ("q", "type", "process", "clause")
                if request.GET.get(key)
            ),
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if page < pages else None,
            fell_back=searcher.fell_back,
        )
    return TemplateResponse(request, "search/search.html", context)


def guidance_index(request):
    # Each clause's entries come in title order (GuidanceEntry.Meta.ordering).
    clauses = Clause.objects.order_by("sort_key").prefetch_related("guidance_entries")
    by_clause = {
        clause: entries
        for clause in clauses
        if (entries := list(clause.guidance_entries.all()))
    }
    return TemplateResponse(
        request,
        "search/guidance_index.html",
        {"by_clause": by_clause, "count": GuidanceEntry.objects.count()},
    )


def guidance_entry(request, pk):
    entry = get_object_or_404(guidance_entries(), pk=pk)
    documents = (
        current_documents(request.user)
        .filter(clauses__in=entry.clauses.all())
        .distinct()
        .order_by("document_number")
    )
    return TemplateResponse(
        request,
        "search/guidance_entry.html",
        {"entry": entry, "documents": documents},
    )
