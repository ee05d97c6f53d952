"""Benchmark: `.venv/bin/python -m pytest bench -s -k api`.

Median latency of the documents list and of search through the API against the
same pages in HTML (the register and /search/), on the demo library, interleaved
in one run, with a bare Wagtail page (the home page) as the floor."""

import statistics
import time

import pytest
from django.core.management import call_command

from tests.search.test_relevance import EXPECTATIONS
from tests.workflows.helpers import client_for

ROUNDS = 15


def elapsed_ms(client, url):
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, url
    return elapsed


@pytest.mark.django_db
def test_api_against_the_pages(django_user_model):
    call_command("seed_demo", verbosity=0)
    client = client_for(django_user_model.objects.get(username="staff"))
    queries = [query for query, *_ in EXPECTATIONS][:10]
    pairs = {
        "home page (floor)": ["/"],
        "documents list, HTML register": ["/register/"],
        "documents list, API (100 a page)": ["/api/v1/documents/?page_size=100"],
        "register, API (100 a page)": ["/api/v1/register/?page_size=100"],
        "search, HTML": [f"/search/?q={q}" for q in queries],
        "search, API": [f"/api/v1/search/?q={q}" for q in queries],
    }
    timings = {name: [] for name in pairs}
    for urls in pairs.values():
        for url in urls:
            client.get(url)  # warm, as a running server would be
    for _ in range(ROUNDS):  # interleaved: the machine's noise hits all alike
        for name, urls in pairs.items():
            timings[name] += [elapsed_ms(client, url) for url in urls]
    floor = statistics.median(timings["home page (floor)"])
    print()
    for name, values in timings.items():
        median = statistics.median(values)
        print(f"{name:36} {median:8.1f} ms  {median / floor:5.1f}x the home page")
