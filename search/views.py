"""Staff search (/search/) over current approved documents and guidance, and the
guidance pages it links to. What a search answers is search.answers' work; here
are the request's validation and the page."""

import math
import re
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse

from policies.models import Clause, ControlledDocumentPage, ProcessArea

from .answers import GUIDANCE, MAX_PAGES, PAGE_SIZE, Filters, answer, current_documents
from .models import GuidanceEntry
from .related import guidance_entries

SLUG = re.compile(r"[-a-zA-Z0-9_]{1,120}")  # what a SlugField accepts
PAGE_NUMBER = re.compile(r"[0-9]{1,4}")
FILTERS = ("type", "process", "clause")


class InvalidSearch(Exception):
    pass


def parse_filters(params):
    """The Filters of a search, validated. Unknown values raise InvalidSearch
    with a message."""
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
        clause = Clause.named(value)
        if clause is None:
            raise InvalidSearch(f"Unknown clause '{value[:80]}'.")
    return Filters(kind, process, clause)


def parse_page(value):
    if value in (None, ""):
        return 1
    if not PAGE_NUMBER.fullmatch(value) or not 1 <= int(value) <= MAX_PAGES:
        raise InvalidSearch(f"page must be a whole number from 1 to {MAX_PAGES}.")
    return int(value)


def run_search(query, kind, process, clause, page, user):
    """The hits on one page of results, how many in all, and the Searcher (its
    terms, and whether the database answered for a cluster that was down)."""
    found = answer(query, Filters(kind, process, clause), page, user)
    return found.results, found.total, found.searcher


def filter_options(facets):
    """The choices of each filter, as (value, label, hits) with hits None when
    nothing was searched; the first choice of each is "any"."""
    types = [
        (key, model._meta.verbose_name.capitalize())
        for key, model in ControlledDocumentPage.document_types().items()
    ] + [(GUIDANCE, "Guidance")]
    areas = [(area.slug, area.name) for area in ProcessArea.objects.order_by("name")]
    clauses = [
        (clause.number, f"{clause.number} {clause.title}")
        for clause in Clause.objects.order_by("sort_key").only("number", "title")
    ]

    def choices(name, anything, values):
        counts = facets.get(name)
        return [
            (value, label, counts[value] if counts is not None else None)
            for value, label in [("", anything), *values]
        ]

    return {
        "type": choices("type", "Documents and guidance", types),
        "process": choices("process", "Any", areas),
        "clause": choices("clause", "Any", clauses),
    }


def search(request):
    query = request.GET.get("q", "")
    selected = {name: request.GET.get(name, "") for name in FILTERS}
    context = {"query": query, "selected": selected, "filtered": any(selected.values())}
    try:
        filters = parse_filters(request.GET)
        page = parse_page(request.GET.get("page"))
    except InvalidSearch as error:
        context["error"] = str(error)
        context["options"] = filter_options({})
        return TemplateResponse(request, "search/search.html", context, status=400)

    facets = {}
    if query.strip():
        found = answer(query, filters, page, request.user)
        facets = found.facets if found.searcher.terms else {}
        pages = min(MAX_PAGES, math.ceil(found.total / PAGE_SIZE))
        page_query = urlencode(
            [(key, request.GET[key]) for key in ("q", *FILTERS) if request.GET.get(key)]
        )
        context.update(
            searched=True,
            terms=found.searcher.terms,
            results=found.results,
            total=found.total,
            unfiltered_total=len(found.found),
            clear_filters_query=urlencode({"q": query}),
            page=page,
            pages=pages,
            results_start=(page - 1) * PAGE_SIZE + 1,
            page_query=f"{page_query}&" if page_query else "",
            previous_page=page - 1 if page > 1 else None,
            next_page=page + 1 if page < pages else None,
            fell_back=found.searcher.fell_back,
        )
    context["options"] = filter_options(facets)
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
