"""Benchmark: `.venv/bin/python -m pytest bench -s -k register`.

The register and its point-in-time view over 2,000 documents with 20 issues each,
against rendering the library index page in the same run. Documents are created
through Wagtail's tree API; their issue records and revisions are bulk-inserted
(hashes are not checked here)."""

import statistics
import time
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Revision

from policies.models import PolicyPage
from tests.workflows.helpers import client_for
from workflows.models import DocumentIssue

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
    policies = []
    for n in range(DOCUMENTS):
        page = PolicyPage(
            title=f"Policy {n}",
            slug=f"p{n}",
            purpose="x",
            document_owner=owner,
            live=True,
            current_version_label="1.19",
        )
        library.add_child(instance=page)
        policies.append(page)
    content_type = ContentType.objects.get_for_model(PolicyPage)
    base_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    revisions = Revision.objects.bulk_create(
        Revision(
            content_type=content_type,
            base_content_type=base_type,
            object_id=str(page.pk),
            created_at=timezone.now(),
            content={"title": page.title},
            object_str=page.title,
        )
        for page in policies
        for _ in range(ISSUES)
    )
    start = date(2024, 1, 1)
    DocumentIssue.objects.bulk_create(
        DocumentIssue(
            document_id=policies[i // ISSUES].pk,
            revision=revision,
            major=1,
            minor=i % ISSUES,
            significance="minor",
            change_summary="c",
            effective_from=start + timedelta(days=30 * (i % ISSUES)),
            sign_offs=[],
            content_hash="0" * 64,
            chain_hash=f"{i:064d}",
        )
        for i, revision in enumerate(revisions)
    )
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
