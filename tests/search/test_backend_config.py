"""SEARCH_BACKEND and SEARCH_URL: what each setting gives, and clear refusals."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.utils import get_content_type_pk
from wagtail.search.backends import get_search_backend
from wagtail.search.models import IndexEntry

from policies.models import PolicyPage
from search.config import search_backends
from search.models import GuidanceEntry
from tests.factories import make_document
from workflows.actions.issue import IssueRevisionAction


def test_the_database_backend_is_the_default_and_stems_english_on_postgresql():
    assert search_backends("", "") == {
        "default": {
            "BACKEND": "search.backends.database",
            "SEARCH_CONFIG": "english",
        }
    }


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch", " OpenSearch "])
def test_a_cluster_keeps_the_database_index_as_its_fallback(name):
    backends = search_backends(name, "https://search.example:9200")
    assert backends["default"]["URLS"] == ["https://search.example:9200"]
    assert backends["database"]["BACKEND"] == "search.backends.database"


def test_an_unknown_backend_is_refused_with_the_choices():
    with pytest.raises(
        ImproperlyConfigured, match="database, opensearch, elasticsearch"
    ):
        search_backends("solr", "http://solr:8983")


def test_a_cluster_without_an_address_is_refused():
    with pytest.raises(ImproperlyConfigured, match="needs SEARCH_URL"):
        search_backends("opensearch", "")


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch"])
def test_cluster_mappings_analyse_every_searched_text_as_english(settings, name):
    settings.WAGTAILSEARCH_BACKENDS = search_backends(name, "http://127.0.0.1:9")
    backend = get_search_backend()
    mapping = backend.mapping_class(GuidanceEntry).get_mapping()["properties"]
    searched = [
        field
        for field, spec in mapping.items()
        if spec.get("type") == "text" and not field.endswith("_edgengrams")
    ]
    assert "_all_text" in searched and "what_to_do" in searched
    assert {mapping[field]["analyzer"] for field in searched} == {"english"}
    clauses = mapping["clauses"]["properties"]
    assert clauses["title"]["analyzer"] == "english"
    # Autocomplete keeps Wagtail's edge n-grams.
    assert mapping["_edgengrams"]["analyzer"] == "edgengram_analyzer"


@pytest.mark.django_db
def test_a_save_sets_the_title_norm_of_its_own_entry_without_scanning_the_index(
    library, owner
):
    """Wagtail recomputes the average title length over the whole index after
    every save; the project's backend reads it from the cache and writes only the
    rows it indexed (search/backends/database.py)."""
    make_document(PolicyPage, library, owner=owner, title="A warm cache")
    document = make_document(PolicyPage, library, owner=owner, publish=False)
    document.title = "Supplier management policy"
    with CaptureQueriesContext(connection) as queries:
        document.save()
    sql = [query["sql"].upper() for query in queries]
    assert not any("AVG(" in statement for statement in sql)
    assert not any(
        "UPDATE" in s and "TITLE_NORM" in s and "OBJECT_ID" not in s for s in sql
    )
    # Under the content type the backend files the model by (other models' entries
    # may share the id).
    entry = IndexEntry.objects.get(
        object_id=str(document.pk), content_type_id=get_content_type_pk(PolicyPage)
    )
    # 1.0 is the value a new entry starts with: this one's norm was written.
    assert entry.title_norm != 1.0


@pytest.mark.django_db
def test_a_draft_save_leaves_the_database_index_alone_and_an_issue_updates_it(
    library, owner, approver, settings
):
    """Wagtail's save_revision writes only a draft's revision pointers and draft
    title, none of which the database index keeps: no reload and re-index for
    it (search/signal_handlers.py). A cluster keeps the revision's time among
    its filter fields, so there the save still re-indexes."""
    document = make_document(PolicyPage, library, owner=owner, title="Supplier policy")
    draft = document.get_latest_revision_as_object()
    draft.title = "Supplier management policy"
    with CaptureQueriesContext(connection) as queries:
        revision = draft.save_revision(user=owner)
    reindexed = any("wagtailsearch_indexentry" in q["sql"] for q in queries)
    database_only = set(settings.WAGTAILSEARCH_BACKENDS) == {"default"}
    assert reindexed is not database_only

    def found(word):
        return [page.pk for page in PolicyPage.objects.search(word)]

    # The index still holds the issue in force (the page row), not the draft.
    assert found("management") == []
    IssueRevisionAction(
        revision,
        user=approver,
        significance="minor",
        change_summary="Renamed.",
        sign_offs=[],
    ).execute()
    assert found("management") == [document.pk]
