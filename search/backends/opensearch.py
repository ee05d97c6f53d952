"""SEARCH_BACKEND=opensearch: Wagtail's opensearch3 backend, English analysis."""

from wagtail.search.backends.opensearch3 import (
    OpenSearch3Mapping,
    OpenSearch3SearchBackend,
)

from . import with_english_text


class EnglishOpenSearch3Mapping(OpenSearch3Mapping):
    def get_mapping(self):
        return with_english_text(super().get_mapping())


class OpenSearchBackend(OpenSearch3SearchBackend):
    mapping_class = EnglishOpenSearch3Mapping


SearchBackend = OpenSearchBackend
