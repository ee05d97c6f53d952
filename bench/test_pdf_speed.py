"""Benchmark: `.venv/bin/python -m pytest bench -s -k pdf`.

The PDF of the longest demo procedure's issue in force (WeasyPrint, PDF/A-3b, fonts
embedded) against rendering the same issue's HTML page in the same run, both
through the test client as an auditor, median of ROUNDS after one warm-up."""

import io
import statistics
import time
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from pypdf import PdfReader

from policies.models import ProcedurePage
from tests.workflows.helpers import client_for

ROUNDS = 5


def median_ms(client, url):
    client.get(url)
    timings = []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings) * 1000, response


@pytest.mark.django_db
def test_pdf_of_the_longest_demo_procedure_against_its_page():
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    procedure = max(
        ProcedurePage.objects.live(),
        key=lambda page: len(str(page.body.raw_data)) + len(page.purpose),
    )
    number, label = procedure.document_number, procedure.current_version_label
    client = client_for(get_user_model().objects.get(username="auditor"))
    page_ms, _ = median_ms(client, f"/documents/{number}/v/{label}/")
    pdf_ms, response = median_ms(client, f"/documents/{number}/v/{label}/pdf/")
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    print(
        f"\n{number} {procedure.title} v{label}: HTML page {page_ms:.0f} ms, "
        f"PDF {pdf_ms:.0f} ms ({pages} pages, {len(response.content) / 1024:.0f} KiB); "
        f"ratio {pdf_ms / page_ms:.1f}x (median of {ROUNDS})"
    )
