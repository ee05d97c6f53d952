"""The client of bench/plone/run: times the same views of both servers over HTTP,
interleaved, from one process, one request at a time.

    python bench/plone/timing.py TARGETS.json OURS_URL PLONE_URL OUT.json
    python bench/plone/timing.py report OUT.json...

TARGETS.json is bench/plone/ours.py's export (its "targets"). Each side is
logged in through its own login form, as a reader (ours `staff`, Plone `reader`,
a Member) and as an editor (ours `owner`, the document's owner; Plone `editor`,
with the Editor role). Each round asks every view of both sides once, the side
asked first alternating, so the noise of a shared machine falls on both alike.
Every response is read whole and must be 200 and the page expected."""

import json
import os
import re
import statistics
import sys
import time

import requests

ROUNDS = int(os.environ.get("ROUNDS", "7"))
WARMING = 2
OURS_PASSWORD = os.environ.get("DEMO_PASSWORD", "itsms-demo-2026")
PLONE_PASSWORD = os.environ.get("PLONE_PASSWORD", "")
OURS_COUNT = re.compile(r'class="search-count">(\d[\d,]*) result')
PLONE_COUNT = re.compile(r'id="search-results-number"[^>]*>(\d+)<')


def ours_login(base, username):
    session = requests.Session()
    session.get(f"{base}/accounts/login/").raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        {
            "username": username,
            "password": OURS_PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(
            f"ours: {username} could not log in ({response.status_code})"
        )
    return session


def plone_login(base, username):
    session = requests.Session()
    response = session.post(
        f"{base}/login",
        {
            "__ac_name": username,
            "__ac_password": PLONE_PASSWORD,
            "came_from": "",
            "buttons.login": "Log in",
        },
        allow_redirects=False,
    )
    if "__ac" not in session.cookies:
        raise RuntimeError(
            f"Plone: {username} could not log in ({response.status_code})"
        )
    return session


def fetch(session, url, expect):
    started = time.perf_counter()
    response = session.get(url, allow_redirects=False)
    body = response.text  # read whole
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200 or expect not in body:
        raise RuntimeError(
            f"{url}: HTTP {response.status_code}, {expect!r} not in page"
        )
    return elapsed, body


def views(targets, ours, plone):
    """{(view, side): (session, url, text the page must hold)}."""
    reader, editor = ours_login(ours, "staff"), ours_login(ours, "owner")
    p_reader, p_editor = plone_login(plone, "reader"), plone_login(plone, "editor")
    read, edit = targets["read"], targets["edit"]
    table = {
        ("document", "ours"): (reader, ours + read["url"], "Log out"),
        ("document", "plone"): (
            p_reader,
            f"{plone}/library/{read['path']}",
            "/logout",
        ),
        ("edit form", "ours"): (editor, ours + edit["url"], 'id="page-edit-form"'),
        ("edit form", "plone"): (
            p_editor,
            f"{plone}/library/{edit['path']}/@@edit",
            "form.buttons.save",
        ),
    }
    for n, query in enumerate(targets["queries"]):
        table[(f"search {n}", "ours")] = (
            reader,
            f"{ours}/search/?q={requests.utils.quote(query)}",
            "search-count",
        )
        table[(f"search {n}", "plone")] = (
            p_reader,
            f"{plone}/@@search?SearchableText={requests.utils.quote(query)}",
            "search-results-number",
        )
    return table


def counts(table, queries):
    """{query: (results ours, results Plone)} as each page says."""
    found = {}
    for n, query in enumerate(queries):
        _ms, ours_page = fetch(*table[(f"search {n}", "ours")])
        _ms, plone_page = fetch(*table[(f"search {n}", "plone")])
        ours_total = OURS_COUNT.search(ours_page)
        plone_total = PLONE_COUNT.search(plone_page)
        found[query] = (
            ours_total.group(1).replace(",", "") if ours_total else "0",
            plone_total.group(1) if plone_total else "0",
        )
    return found


def measure(table):
    names = sorted({view for view, _side in table})
    timings = {key: [] for key in table}
    for round_number in range(WARMING + ROUNDS):
        sides = ["ours", "plone"] if round_number % 2 else ["plone", "ours"]
        for view in names:
            for side in sides:
                elapsed, _body = fetch(*table[(view, side)])
                if round_number >= WARMING:
                    timings[(view, side)].append(elapsed)
    medians = {key: statistics.median(values) for key, values in timings.items()}
    result = {}
    for side in ["ours", "plone"]:
        searches = [
            medians[(view, side)] for view in names if view.startswith("search")
        ]
        result[side] = {
            "document page": medians[("document", side)],
            "search page": statistics.median(searches),
            "edit form GET": medians[("edit form", side)],
            "searches": searches,
        }
    return result


VIEWS = ["search page", "document page", "edit form GET"]


def report(paths):
    """The table of every size measured, then what each search page found."""
    runs = []
    for path in paths:
        with open(path) as result_file:
            runs.append(json.load(result_file))
    print(
        f"{'view':15}{'documents':>10}{'texts':>7}{'ours ms':>9}{'Plone ms':>10}"
        "  ours/Plone"
    )
    for view in VIEWS:
        for run in runs:
            ours_ms, plone_ms = run["ours"][view], run["plone"][view]
            print(
                f"{view:15}{run['documents']:>10,}{run['texts']:>7,}"
                f"{ours_ms:>9.1f}{plone_ms:>10.1f}  {ours_ms / plone_ms:.2f}"
            )
    rounds = runs[0]["rounds"]
    print(
        f"Medians of {rounds} interleaved rounds after {WARMING} warming rounds; the "
        "search page is the median over the queries' medians. Load average "
        "(1, 5, 15 min) at each measurement's start and end:"
    )
    for run in runs:
        start, end = run["load"]
        print(
            f"  {run['documents']:>7,} documents: "
            f"{' '.join(f'{x:.2f}' for x in start)} -> "
            f"{' '.join(f'{x:.2f}' for x in end)}"
        )
    print("Results found (ours / Plone; ours shows 20 a page, Plone 10):")
    for query in runs[0]["results"]:
        found = "  ".join(
            f"{run['results'][query][0]:>5} /{run['results'][query][1]:>5}"
            for run in runs
        )
        print(f"  {query:36} {found}")


def main(argv):
    if argv[0] == "report":
        report(argv[1:])
        return
    targets_path, ours, plone, out_path = argv
    with open(targets_path) as targets_file:
        exported = json.load(targets_file)
    targets = exported["targets"]
    table = views(targets, ours.rstrip("/"), plone.rstrip("/"))
    found = counts(table, targets["queries"])
    load_before = os.getloadavg()
    result = measure(table)
    result.update(
        documents=targets["documents"],
        texts=len(exported["texts"]),
        results=found,
        rounds=ROUNDS,
        load=[load_before, os.getloadavg()],
    )
    with open(out_path, "w") as out:
        json.dump(result, out, indent=1)
    for view in VIEWS:
        ours_ms, plone_ms = result["ours"][view], result["plone"][view]
        print(
            f"  {view:14} ours {ours_ms:7.1f} ms  Plone {plone_ms:7.1f} ms  "
            f"ours/Plone {ours_ms / plone_ms:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
