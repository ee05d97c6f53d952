"""Search backend settings from the environment (`SEARCH_BACKEND`, `SEARCH_URL`).

Plain Python, imported by the settings module. The database backend is always
configured: it is the whole of search on the default install, and beside a search
cluster it is the fallback index, kept current on every save, that answers while
the cluster is down.
"""

from django.core.exceptions import ImproperlyConfigured

DATABASE = {
    "BACKEND": "search.backends.database",
    # PostgreSQL: stem English words ("incidents" finds "incident"); SQLite reads
    # its tokenizer from the FTS5 table instead (search/migrations/0003).
    "SEARCH_CONFIG": "english",
}

# Wagtail's opensearch3 and elasticsearch9 backends, analysing text as English so
# that the cluster stems words as the database backends do (search/backends/).
CLUSTER_BACKENDS = {
    "opensearch": "search.backends.opensearch",
    "elasticsearch": "search.backends.elasticsearch",
}


def search_backends(name, url, index_prefix="itsms_", timeout=5):
    """WAGTAILSEARCH_BACKENDS for the backend `name` ("database", "opensearch" or
    "elasticsearch") at `url`."""
    name = (name or "database").strip().lower()
    if name == "database":
        return {"default": dict(DATABASE)}
    if name not in CLUSTER_BACKENDS:
        choices = ", ".join(["database", *CLUSTER_BACKENDS])
        raise ImproperlyConfigured(f"SEARCH_BACKEND={name!r} is not one of: {choices}.")
    if not url:
        raise ImproperlyConfigured(
            f"SEARCH_BACKEND={name} needs SEARCH_URL, e.g. https://search.example:9200"
        )
    return {
        "default": {
            "BACKEND": CLUSTER_BACKENDS[name],
            "URLS": [url],
            "INDEX_PREFIX": index_prefix,
            # A cluster that does not answer must not hold up a save for long:
            # the save goes on, the database index has the change, and
            # `update_index` catches the cluster up.
            "TIMEOUT": timeout,
            "OPTIONS": {"max_retries": 0},
        },
        "database": dict(DATABASE),
    }
