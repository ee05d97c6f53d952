"""Benchmark: `.venv/bin/python -m pytest bench -s -k search`.

Staff search latency (median and p95 of the relevance suite's queries, each asked
ROUNDS times through /search/) on the demo library, then with 5,000 generated
procedures added, on the database backend of the run (SQLite by default), against
rendering a bare Wagtail page (the home page) in the same run."""

import json
import random
import statistics
import time
from io import StringIO

import pytest
from django.core.management import call_command

from policies.models import ProcedurePage
from search.models import GuidanceEntry
from search.text import guidance_text
from tests.factories import library_root
from tests.search.test_relevance import EXPECTATIONS
from tests.workflows.helpers import client_for

GENERATED, ROUNDS = 5000, 5


def timings_ms(client, urls):
    for url in urls:  # warm caches, as a running server would have them
        client.get(url)
    timings = []
    for _ in range(ROUNDS):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def summary(timings):
    p95 = statistics.quantiles(timings, n=20)[-1]
    return statistics.median(timings), p95


def generate_procedures(count):
    """Procedures whose text is sentences of the guidance corpus, shuffled: real
    vocabulary, realistic lengths (about 400 words each)."""
    sentences = [
        sentence.strip() + "."
        for entry in GuidanceEntry.objects.all()
        for sentence in guidance_text(entry).split(".")
        if len(sentence.split()) > 4
    ]
    words = sorted({word for s in sentences for word in s.split() if word.isalpha()})
    rng = random.Random(20000)
    library = library_root()
    owner = ProcedurePage.objects.first().document_owner
    for n in range(count):
        body = [
            {
                "type": "section",
                "value": {
                    "heading": " ".join(rng.sample(words, 3)),
                    "body": "<p>" + " ".join(rng.sample(sentences, 12)) + "</p>",
                },
            }
        ]
        page = ProcedurePage(
            title=" ".join(rng.sample(words, 4)).capitalize() + f" procedure {n}",
            slug=f"generated-{n}",
            purpose=" ".join(rng.sample(sentences, 2)),
            body=json.dumps(body),
            document_owner=owner,
            live=True,
            current_version_label="1.0",
        )
        library.add_child(instance=page)


@pytest.mark.django_db
def test_search_latency_on_the_demo_library_and_with_5000_documents(staff):
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    client = client_for(staff)
    urls = [f"/search/?q={query}" for query, _expected in EXPECTATIONS]

    bare = summary(timings_ms(client, ["/"]))
    demo = summary(timings_ms(client, urls))
    started = time.perf_counter()
    generate_procedures(GENERATED)
    built = time.perf_counter() - started
    large = summary(timings_ms(client, urls))
    bare_after = summary(timings_ms(client, ["/"]))
    print(
        f"\nSearch, {len(urls)} queries x {ROUNDS} rounds (median / p95):"
        f"\n  demo library (18 documents, 77 guidance): "
        f"{demo[0]:.0f} / {demo[1]:.0f} ms"
        f"\n  + {GENERATED} procedures (built and indexed in {built:.0f} s): "
        f"{large[0]:.0f} / {large[1]:.0f} ms"
        f"\n  bare Wagtail page (home): {bare[0]:.1f} ms before, "
        f"{bare_after[0]:.1f} ms after"
        f"\n  ratios to the bare page: demo {demo[0] / bare[0]:.1f}x / "
        f"{demo[1] / bare[0]:.1f}x, 5,000 {large[0] / bare_after[0]:.1f}x / "
        f"{large[1] / bare_after[0]:.1f}x"
    )
