"""/api/v1/guidance/ and /api/v1/search/: the code-of-practice entries, and the
site's search (the same engine, ranking, filters and highlights as /search/)."""

import math

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from search.answers import GUIDANCE, MAX_PAGES, PAGE_SIZE, answer, current_documents
from search.related import guidance_entries
from search.views import InvalidSearch, parse_filters, parse_page

from .base import ApiView, ApiViewSet
from .errors import BadRequest, errors
from .pagination import PAGE_PARAMETERS, paginated
from .parameters import (
    CLAUSE_FILTER,
    PROCESS,
    SEARCH_TYPE,
    clause_number,
    process_area,
)
from .serializers import absolute


class GuidanceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    clauses = serializers.SerializerMethodField()
    process_area = serializers.SlugField(source="process_area.slug", allow_null=True)
    what_to_do = serializers.CharField()
    why_it_matters = serializers.CharField()
    further_considerations = serializers.CharField()
    page = serializers.SerializerMethodField(help_text="The entry on the site.")

    def get_clauses(self, entry) -> list[str]:
        return [clause.number for clause in entry.clauses.all()]

    def get_page(self, entry) -> str:
        return absolute(self.context["request"], "guidance_entry", entry.pk)


class GuidanceDetailSerializer(GuidanceSerializer):
    documents = serializers.ListField(
        child=serializers.CharField(),
        help_text="Documents in force mapped to its clauses, that this user may read.",
    )


class GuidanceViewSet(ApiViewSet):
    def get_queryset(self):
        return guidance_entries().order_by("title", "pk")

    @extend_schema(
        operation_id="guidance_list",
        summary="Guidance entries (our own code-of-practice text per clause)",
        parameters=[
            CLAUSE_FILTER,
            PROCESS,
            *PAGE_PARAMETERS,
        ],
        responses={200: GuidanceSerializer(many=True), **errors(400, 404)},
    )
    def list(self, request):
        entries = self.get_queryset()
        if any("\x00" in value for value in request.GET.values()):
            raise BadRequest("Filters cannot contain NUL characters.")
        if clause := clause_number(request.GET):
            entries = entries.filter(clauses__number=clause).distinct()
        if area := process_area(request.GET):
            entries = entries.filter(process_area=area)
        return paginated(self, request, entries, GuidanceSerializer)

    @extend_schema(
        operation_id="guidance_retrieve",
        summary="One guidance entry, with the documents in force for its clauses",
        responses={200: GuidanceDetailSerializer, **errors(404)},
    )
    def retrieve(self, request, pk):
        entry = get_object_or_404(self.get_queryset(), pk=pk)
        entry.documents = list(
            current_documents(request.user)
            .filter(clauses__in=entry.clauses.all())
            .distinct()
            .order_by("document_number")
            .values_list("document_number", flat=True)
        )
        return Response(
            GuidanceDetailSerializer(entry, context={"request": request}).data
        )


MAX_QUERY = 10_000  # as the search page's field


class HitSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["document", GUIDANCE])
    title = serializers.CharField()
    url = serializers.CharField(
        help_text="The page, opened at the passage (a text fragment) if any."
    )
    type_label = serializers.CharField()
    reference = serializers.CharField(help_text="Number and version, or clauses.")
    snippet_html = serializers.CharField(
        source="snippet",
        help_text="The best passage, HTML-escaped, the query's words in <mark>.",
    )
    process_area = serializers.CharField()
    score = serializers.FloatField()

    def to_representation(self, hit):
        data = super().to_representation(hit)
        data["url"] = self.context["request"].build_absolute_uri(hit.url)
        return data


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    terms = serializers.ListField(
        child=serializers.CharField(), help_text="The words searched for."
    )
    count = serializers.IntegerField(help_text="Results the filters leave.")
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    fell_back = serializers.BooleanField(
        help_text="The search cluster did not answer; the database index did."
    )
    results = HitSerializer(many=True)
    facets = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="For type, process and clause: how many results each value "
        "would give (the empty key: whatever the value).",
    )


class SearchView(ApiView):
    @extend_schema(
        operation_id="search",
        summary="Search documents in force and guidance, as /search/ does",
        parameters=[
            OpenApiParameter(
                "q",
                {"type": "string", "pattern": r"^[^\x00]*\w", "maxLength": MAX_QUERY},
                required=True,
                description="What to look for.",
            ),
            SEARCH_TYPE,
            PROCESS,
            CLAUSE_FILTER,
            OpenApiParameter(
                "page",
                {"type": "integer", "minimum": 1, "maximum": MAX_PAGES},
                description=f"1 to {MAX_PAGES}; {PAGE_SIZE} results a page.",
            ),
        ],
        responses={200: SearchSerializer, **errors(400)},
    )
    def get(self, request):
        query = request.GET.get("q", "")
        if not query.strip():
            raise BadRequest("q: give the words to search for.")
        if len(query) > MAX_QUERY:
            raise BadRequest(f"q: at most {MAX_QUERY:,} characters.")
        try:
            filters = parse_filters(request.GET)
            page = parse_page(request.GET.get("page"))
        except InvalidSearch as error:
            raise BadRequest(str(error)) from None
        found = answer(query, filters, page, request.user)
        return Response(
            SearchSerializer(
                {
                    "query": query,
                    "terms": found.searcher.terms,
                    "count": found.total,
                    "page": page,
                    "pages": min(MAX_PAGES, math.ceil(found.total / PAGE_SIZE)),
                    "fell_back": found.searcher.fell_back,
                    "results": found.results,
                    "facets": {
                        name: dict(counts) for name, counts in found.facets.items()
                    }
                    if found.searcher.terms
                    else {},
                },
                context={"request": request},
            ).data
        )
