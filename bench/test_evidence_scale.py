"""Benchmark: `.venv/bin/python -m pytest bench -s -k evidence_scale`.

An evidence pack as of a day at 2,000 documents x 5 issues (built as the register
benchmark builds its library), with each issue's PDF replaced by a fixed stand-in:
what the pack costs besides WeasyPrint (whose cost per issue the demo benchmark
measures), against the register's as_of CSV of the same library in the same run."""

import time
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Revision

from policies.models import PolicyPage
from tests.workflows.helpers import client_for
from workflows import evidence
from workflows.evidence_tasks import build_evidence_pack
from workflows.models import DocumentIssue, EvidencePack

DOCUMENTS, ISSUES = 2000, 5


@pytest.mark.django_db
def test_evidence_pack_at_2000_documents(
    library, owner, auditor, settings, tmp_path, monkeypatch
):
    settings.EVIDENCE_PACKS_ROOT = tmp_path / "packs"
    policies = []
    for n in range(DOCUMENTS):
        page = PolicyPage(
            title=f"Policy {n}",
            slug=f"p{n}",
            purpose="x",
            document_owner=owner,
            live=True,
            current_version_label=f"1.{ISSUES - 1}",
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
    monkeypatch.setattr(evidence, "issue_pdf", lambda *args: b"%PDF-1.7 stand-in")
    monkeypatch.setattr(evidence, "chain_verification", lambda: "not run\n")
    client = client_for(auditor)
    started = time.perf_counter()
    assert client.get("/register/?as_of=2024-03-01&format=csv").status_code == 200
    register_ms = (time.perf_counter() - started) * 1000
    pack = EvidencePack.objects.create(requested_by=auditor, as_of=date(2024, 3, 1))
    started = time.perf_counter()
    build_evidence_pack.call(pack.pk)
    pack_s = time.perf_counter() - started
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.DONE, pack.error
    print(
        f"\nEvidence pack at {DOCUMENTS} documents x {ISSUES} issues, PDFs and "
        f"chain verification stubbed: {pack_s:.1f} s, {pack.size / 1024:.0f} KiB; "
        f"register as_of CSV {register_ms:.0f} ms; ratio "
        f"{pack_s * 1000 / register_ms:.1f}x"
    )
