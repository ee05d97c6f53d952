"""SEARCH_BACKEND and SEARCH_URL: what each setting gives, and clear refusals."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.search.backends import get_search_backend

from search.config import search_backends
from search.models import GuidanceEntry


def test_the_database_backend_is_the_default_and_stems_english_on_postgresql():
    assert search_backends("", "") == {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": "english",
        }
    }


@pytest.mark.parametrize("name", ["opensearch", "elasticsearch", " OpenSearch "])
def test_a_cluster_keeps_the_database_index_as_its_fallback(name):
    backends = search_backends(name, "https://search.example:9200")
    assert backends["default"]["URLS"] == ["https://search.example:9200"]
    assert backends["database"]["BACKEND"] == "wagtail.search.backends.database"


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
