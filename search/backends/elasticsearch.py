"""SEARCH_BACKEND=elasticsearch: Wagtail's elasticsearch9 backend, English
analysis."""

from wagtail.search.backends.elasticsearch9 import (
    Elasticsearch9Mapping,
    Elasticsearch9SearchBackend,
)

from . import with_english_text


class EnglishElasticsearch9Mapping(Elasticsearch9Mapping):
    def get_mapping(self):
        return with_english_text(super().get_mapping())


class ElasticsearchBackend(Elasticsearch9SearchBackend):
    mapping_class = EnglishElasticsearch9Mapping


SearchBackend = ElasticsearchBackend
