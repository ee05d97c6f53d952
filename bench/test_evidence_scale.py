"""Benchmark: `.venv/bin/python -m pytest bench -s -k evidence_scale`.

An evidence pack as of a day at 2,000 documents x 5 issues (built as the register
benchmark builds its library), with each issue's PDF replaced by a fixed stand-in:
what the pack costs besides WeasyPrint (whose cost per issue the demo benchmark
measures), against the register's as_of CSV of the same library in the same run."""

import time
from datetime import date

import pytest

from bench.library import library_with_issues
from tests.workflows.helpers import client_for
from workflows import evidence
from workflows.evidence_tasks import build_evidence_pack
from workflows.models import EvidencePack

DOCUMENTS, ISSUES = 2000, 5


@pytest.mark.django_db
def test_evidence_pack_at_2000_documents(
    library, owner, auditor, settings, tmp_path, monkeypatch
):
    settings.EVIDENCE_PACKS_ROOT = tmp_path / "packs"
    library_with_issues(library, owner, DOCUMENTS, ISSUES)
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
