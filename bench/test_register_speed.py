"""Benchmark: `.venv/bin/python -m pytest bench -s -k register`.

The register and its point-in-time view over 2,000 documents with 20 issues each,
against rendering the library index page in the same run. Documents are created
through Wagtail's tree API; their issue records and revisions are bulk-inserted
(hashes are not checked here)."""

import statistics
import time

import pytest

from bench.library import library_with_issues
from tests.workflows.helpers import client_for

DOCUMENTS, ISSUES, ROUNDS = 2000, 20, 5


def median_ms(client, url):
    client.get(url)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings) * 1000


@pytest.mark.django_db
def test_register_at_2000_documents_with_20_issues(library, owner, staff):
    library_with_issues(library, owner, DOCUMENTS, ISSUES)
    client = client_for(staff)
    register_ms = median_ms(client, "/register/")
    as_of_ms = median_ms(client, "/register/?as_of=2025-01-01")
    library_ms = median_ms(client, library.url)
    print(
        f"\n{DOCUMENTS} documents x {ISSUES} issues: register {register_ms:.0f} ms, "
        f"as_of {as_of_ms:.0f} ms; library index page (same {DOCUMENTS} documents) "
        f"{library_ms:.0f} ms; ratios {register_ms / library_ms:.1f}x and "
        f"{as_of_ms / library_ms:.1f}x (median of {ROUNDS})"
    )
