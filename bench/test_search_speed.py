"""Benchmark: `.venv/bin/python -m pytest bench -s -k search`.

Staff search latency (median and p95 of the relevance suite's queries, each asked
ROUNDS times through /search/) on the demo library, then with 5,000 generated
procedures added, on the database backend of the run (SQLite by default), against
two floors measured in the same rounds, interleaved (this machine is shared and
noisy, so only ratios of one run mean anything): rendering a bare Wagtail page (the
home page), and on SQLite the raw FTS5 query on Wagtail's index (the same MATCH,
ranked by bm25, first 20 rows, through a cursor). BENCH_PROFILE=1 prints a cProfile
of the searches on the large library."""

import cProfile
import io
import json
import os
import pstats
import random
import statistics
import time
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.models import IndexEntry

from policies.models import ProcedurePage
from search.models import GuidanceEntry
from search.stored import store
from search.text import guidance_text, query_terms
from tests.factories import library_root
from tests.search.test_relevance import EXPECTATIONS
from tests.workflows.helpers import client_for

GENERATED, ROUNDS = int(os.environ.get("BENCH_DOCUMENTS", 5000)), 5


def fts_floor(query):
    """The raw FTS5 query of `query` on Wagtail's index, as a callable; None when
    the database is not SQLite."""
    if connection.vendor != "sqlite":
        return None
    fts = f"{IndexEntry._meta.db_table}_fts"
    match = " OR ".join(f'"{term}"' for term in query_terms(query))
    sql = (
        f"SELECT rowid, bm25({fts}) AS score FROM {fts} "  # noqa: S608
        f"WHERE {fts} MATCH %s ORDER BY score LIMIT 20"
    )

    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, ["{title body}: (" + match + ")"])
            return cursor.fetchall()

    return run


def timed_ms(call):
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def interleaved_ms(client, queries):
    """{"search"|"floor"|"bare": timings}: each round asks every query on the
    search page, then the same query raw from FTS5, then the home page."""
    urls = [f"/search/?q={query}" for query in queries]
    floors = [fts_floor(query) for query in queries]

    def get(url):
        response = client.get(url)
        assert response.status_code == 200

    for url in [*urls, "/"]:  # warm caches, as a running server would have them
        get(url)
    timings = {"search": [], "floor": [], "bare": []}
    for _ in range(ROUNDS):
        for url, floor in zip(urls, floors, strict=True):
            timings["search"].append(timed_ms(lambda url=url: get(url)))
            if floor:
                timings["floor"].append(timed_ms(floor))
            timings["bare"].append(timed_ms(lambda: get("/")))
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
        store(page)  # as publishing an issue stores it (search.signal_handlers)


def report(name, timings):
    search, floor, bare = (
        summary(timings[key]) if timings[key] else (None, None)
        for key in ("search", "floor", "bare")
    )
    line = (
        f"\n  {name}: search {search[0]:.1f} / {search[1]:.1f} ms, "
        f"home page {bare[0]:.1f} ms ({search[0] / bare[0]:.1f}x)"
    )
    if floor[0]:
        line += f", raw FTS5 {floor[0]:.2f} ms ({search[0] / floor[0]:.1f}x)"
    return line


def profile(client, queries):
    profiler = cProfile.Profile()
    profiler.enable()
    for query in queries:
        client.get(f"/search/?q={query}")
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


@pytest.mark.django_db
def test_search_latency_on_the_demo_library_and_with_5000_documents(staff):
    call_command("seed_demo", verbosity=0, stdout=StringIO())
    client = client_for(staff)
    queries = [query for query, _expected in EXPECTATIONS]

    demo = interleaved_ms(client, queries)
    started = time.perf_counter()
    generate_procedures(GENERATED)
    built = time.perf_counter() - started
    large = interleaved_ms(client, queries)
    print(
        f"\nSearch, {len(queries)} queries x {ROUNDS} rounds, interleaved "
        f"(median / p95; ratios of medians):"
        + report("demo library (27 documents, 77 guidance)", demo)
        + report(f"+ {GENERATED} procedures (built in {built:.0f} s)", large)
    )
    if os.environ.get("BENCH_PROFILE"):
        print(profile(client, queries))
