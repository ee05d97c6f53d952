"""Every scale ratio of issue 16 in one run: `bench/scale [--sizes 2000 10000]`.

On a throwaway SQLite database (a temporary directory, removed at the end unless
`--keep`): migrate, seed_demo, measure the demo library; then generate documents
(bench/generate.py) up to each size and measure again. Each view is timed
against its floor in the same interleaved rounds (bench/scale_probes.py): pages
against the home page, search against a raw FTS5 MATCH on Wagtail's own index,
the editor and saves against the same for a bare Wagtail page, final approval
against publishing that bare page. Medians; ms in brackets."""

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time

import django


def parse(argv):
    parser = argparse.ArgumentParser(prog="bench/scale", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    return parser.parse_args(argv)


def this_checkout_only():
    """Import the project from this checkout only. The shared virtualenv installs
    the project in editable mode from another checkout; its import finder runs
    after the normal one and would load any module this checkout lacks (a new
    app's wagtail_hooks, say) from there."""
    sys.meta_path[:] = [
        finder
        for finder in sys.meta_path
        if not getattr(finder, "__module__", "").startswith("__editable__")
    ]


def environment(workdir):
    """Settings for the run, before Django reads them: the test settings (no
    debug query log, fast password hashing, mail kept in memory), the database
    and every file store in `workdir`."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="cms.settings.test",
        DATABASE_URL=f"sqlite:///{workdir}/scale.sqlite3",
        SEARCH_BACKEND="database",
        ALLOWED_HOSTS="testserver",
        MEDIA_ROOT=f"{workdir}/media",
        EVIDENCE_PACKS_ROOT=f"{workdir}/packs",
        RECORDS_ARCHIVE_ROOT=f"{workdir}/archive",
    )


def worker_memory():
    """(resident, peak) MiB of a fresh process once it has served every read
    view (bench/scale_memory.py)."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.scale_memory"],
        capture_output=True,
        text=True,
        env=os.environ,
    )
    if done.returncode:
        raise RuntimeError(f"bench.scale_memory failed:\n{done.stderr}")
    output = done.stdout
    return tuple(float(value) for value in output.split()[-2:])


def ratio(medians, name, floor):
    ms = medians[name]
    return f"{ms / medians[floor]:.1f}x ({ms:.0f} ms)"


ROWS = [
    ("documents in the library", lambda r: f"{r['documents']:,}"),
    ("home page, ms (the floor)", lambda r: f"{r['t']['home']:.1f} ms"),
    ("bare page, ms", lambda r: f"{r['t']['bare']:.1f} ms"),
    ("document page / bare page", lambda r: ratio(r["t"], "document", "bare")),
    ("/register/ / home", lambda r: ratio(r["t"], "register", "home")),
    ("/register/?as_of= / home", lambda r: ratio(r["t"], "as_of", "home")),
    ("/register/?format=csv / home", lambda r: ratio(r["t"], "csv", "home")),
    ("/compliance/ counted / home", lambda r: ratio(r["t"], "compliance", "home")),
    (
        "/compliance/ read back / home",
        lambda r: ratio(r["t"], "compliance_again", "home"),
    ),
    ("history / home", lambda r: ratio(r["t"], "history", "home")),
    ("diff / home", lambda r: ratio(r["t"], "diff", "home")),
    ("library section / home", lambda r: ratio(r["t"], "section", "home")),
    ("  documents in that section", lambda r: f"{r['section']:,}"),
    ("/search/ / raw FTS5 MATCH", lambda r: ratio(r["t"], "search", "fts")),
    ("  raw FTS5 MATCH, ms", lambda r: f"{r['t']['fts']:.1f} ms"),
    ("edit form GET / bare page's", lambda r: ratio(r["t"], "edit", "edit_bare")),
    ("draft save POST / bare page's", lambda r: ratio(r["t"], "save", "save_bare")),
    ("save_revision(), document, ms", lambda r: f"{r['t']['revision']:.1f} ms"),
    ("save_revision(), bare page, ms", lambda r: f"{r['t']['revision_bare']:.1f} ms"),
    (
        "final approval / bare publish",
        lambda r: ratio(r["t"], "approval", "publish_bare"),
    ),
    ("queries: register", lambda r: str(r["queries"]["register"])),
    ("queries: compliance", lambda r: str(r["queries"]["compliance"])),
    ("queries: document page", lambda r: str(r["queries"]["document"])),
    (
        "queries: edit form GET, bare page's",
        lambda r: f"{r['queries']['edit']}, {r['queries']['edit_bare']}",
    ),
    ("queries: final approval", lambda r: str(r["queries"]["approval"])),
    ("queries: bare page publish", lambda r: str(r["queries"]["publish"])),
    ("worker RSS after warming, MiB", lambda r: "{:.0f}".format(*r["rss"])),
    ("generation time", lambda r: f"{r['generated']:.0f} s" if r["generated"] else "-"),
]


def table(results, rounds):
    width = max(len(label) for label, _ in ROWS) + 2
    column = 24
    heads = ["demo" if r["size"] is None else f"{r['size']:,}" for r in results]
    lines = [
        "".ljust(width) + "".join(head.rjust(column) for head in heads),
    ]
    for label, cell in ROWS:
        lines.append(
            label.ljust(width) + "".join(cell(r).rjust(column) for r in results)
        )
    lines.append(
        f"Medians of {rounds} interleaved rounds after one warming round; search "
        f"is the median over {len(results[0]['queries_asked'])} queries. On a shared "
        "machine: compare ratios, not absolute times."
    )
    return "\n".join(lines)


def main(argv=None):
    args = parse(argv)
    workdir = tempfile.mkdtemp(prefix="itsms-scale-")
    environment(workdir)
    this_checkout_only()
    django.setup()
    # Models, and the modules that import them, load only after django.setup().
    from django.core.management import call_command

    from bench.generate import grow
    from bench.scale_probes import QUERIES, Library, measure
    from policies.models import ControlledDocumentPage

    started = time.perf_counter()
    try:
        call_command("migrate", verbosity=0)
        call_command("seed_demo", verbosity=0, stdout=io.StringIO())
        print(
            f"Migrated and seeded in {time.perf_counter() - started:.0f} s", flush=True
        )
        library = Library()
        results = []
        for size in [None, *args.sizes]:
            generated = grow(size) if size else 0
            medians, queries, section = measure(library, args.rounds)
            results.append(
                {
                    "size": size,
                    "documents": ControlledDocumentPage.objects.count(),
                    "t": medians,
                    "queries": queries,
                    "rss": worker_memory(),
                    "section": section,
                    "generated": generated,
                    "queries_asked": QUERIES,
                }
            )
            print(
                f"size {size or 'demo'}: generated in {generated:.0f} s, measured; "
                f"{time.perf_counter() - started:.0f} s so far",
                flush=True,
            )
        print()
        print(table(results, args.rounds))
        print(f"Total {time.perf_counter() - started:.0f} s; database in {workdir}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
