"""Benchmark: `.venv/bin/python -m pytest bench -s -k evidence`.

An evidence pack of the whole demo library as of today, built by the task as the
worker runs it (auditor's access), against the PDF of one demo issue in the same
run: time, size, number of files; then verify_evidence_pack on it."""

import io
import time
import zipfile
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from policies.models import ProcedurePage
from tests.workflows.helpers import client_for
from workflows.evidence_tasks import build_evidence_pack
from workflows.models import EvidencePack


@pytest.mark.django_db
def test_evidence_pack_of_the_demo_library(settings, tmp_path):
    settings.EVIDENCE_PACKS_ROOT = tmp_path / "packs"
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    auditor = get_user_model().objects.get(username="auditor")
    procedure = ProcedurePage.objects.live().first()
    url = (
        f"/documents/{procedure.document_number}/v/"
        f"{procedure.current_version_label}/pdf/"
    )
    client = client_for(auditor)
    client.get(url)
    started = time.perf_counter()
    assert client.get(url).status_code == 200
    pdf_ms = (time.perf_counter() - started) * 1000
    pack = EvidencePack.objects.create(requested_by=auditor, as_of=timezone.localdate())
    started = time.perf_counter()
    build_evidence_pack.call(pack.pk)
    pack_s = time.perf_counter() - started
    pack.refresh_from_db()
    assert pack.status == EvidencePack.Status.DONE, pack.error
    path = settings.EVIDENCE_PACKS_ROOT / pack.file
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    issues = sum(name.endswith(".pdf") for name in names)
    call_command("verify_evidence_pack", str(path), stdout=io.StringIO())
    print(
        f"\nEvidence pack of the demo library: {pack_s:.1f} s, "
        f"{pack.size / 1024:.0f} KiB, {len(names)} files ({issues} issue PDFs); "
        f"one issue PDF through the client {pdf_ms:.0f} ms; "
        f"pack per issue {pack_s * 1000 / max(issues, 1):.0f} ms"
    )
