"""What `bench/scale` measures at each library size, each against its floor.

Every probe is a callable returning milliseconds. The probes of one size run in
interleaved rounds (one of each, then again), so the noise of this shared machine
falls on a view and on its floor alike; the table shows medians."""

import gc
import resource
import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text

from bench.generate import BIG_SECTION
from policies.models import ControlledDocumentPage, DocumentLibraryPage
from tests.search.test_relevance import EXPECTATIONS
from tests.workflows.helpers import edit_data
from workflows.actions.issue import IssueRevisionAction

QUERIES = [query for query, *_ in EXPECTATIONS][:5]
READ_DOCUMENT = "incident-management-procedure"  # the demo's, three issues
EDIT_DOCUMENT = "risk-management-procedure"  # the demo's, owned by `owner`
ISSUE_DOCUMENT = "service-management-plan"  # the demo's, owned by `owner`
FTS_MATCH = (
    "SELECT entry.object_id, bm25(wagtailsearch_indexentry_fts) AS score "
    "FROM wagtailsearch_indexentry_fts JOIN wagtailsearch_indexentry AS entry "
    "ON entry.id = wagtailsearch_indexentry_fts.rowid "
    "WHERE wagtailsearch_indexentry_fts MATCH %s ORDER BY score LIMIT 20"
)


def client(username):
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return (time.perf_counter() - started) * 1000


def get(client, url):
    """GET `url` and read the whole body (a streamed CSV too)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.getvalue()


def post(client, url, data):
    response = client.post(url, data)
    assert response.status_code == 302, (url, response.status_code)


def fts_match(query):
    """The search floor: the same FTS5 index Wagtail's SQLite backend writes,
    matched directly with the query's words, best 20 by bm25."""
    terms = " OR ".join(f'"{word}"' for word in query.split() if word.isalnum())
    with connection.cursor() as cursor:
        cursor.execute(FTS_MATCH, ["{title body}: (" + terms + ")"])
        return cursor.fetchall()


class Library:
    """The demo users, documents and bare page every size measures alike."""

    def __init__(self):
        self.staff, self.auditor = client("staff"), client("auditor")
        self.owner = client("owner")
        self.owner_user = get_user_model().objects.get(username="owner")
        self.approver_user = get_user_model().objects.get(username="approver")
        by_slug = {
            page.slug: page
            for page in ControlledDocumentPage.objects.filter(
                slug__in=[READ_DOCUMENT, EDIT_DOCUMENT, ISSUE_DOCUMENT]
            )
        }
        self.read = by_slug[READ_DOCUMENT].specific
        self.edit = by_slug[EDIT_DOCUMENT].specific
        self.issue = by_slug[ISSUE_DOCUMENT].specific
        labels = [issue.label for issue in self.read.issues.all()]
        number = self.read.document_number
        self.history_url = f"/documents/{number}/history/"
        self.diff_url = f"/documents/{number}/diff/{labels[0]}/{labels[-1]}/"
        self.bare = self.bare_page()
        self.rounds_done = 0
        self.write_queries = {}

    @staticmethod
    def bare_page():
        """A bare Wagtail page: a library folder with only a title and an intro,
        which the demo owner may edit and publish as they edit documents."""
        bare = DocumentLibraryPage.objects.filter(slug="bare-page").first()
        if bare is None:
            library = DocumentLibraryPage.objects.get(url_path="/home/library/")
            bare = library.add_child(
                instance=DocumentLibraryPage(title="Bare page", slug="bare-page")
            )
            bare.save_revision().publish()
        return bare

    def section(self):
        """The generated section of 500 documents once it exists, before that the
        demo's largest section; and how many documents it holds."""
        section = DocumentLibraryPage.objects.filter(slug=BIG_SECTION).first()
        if section is None:
            section = (
                DocumentLibraryPage.objects.filter(depth__gte=4)
                .order_by("-numchild")
                .first()
            )
        return section, section.numchild

    def probes(self):
        """{name: callable returning ms}; the first of each pair is the floor."""
        staff, auditor, owner = self.staff, self.auditor, self.owner
        section, _count = self.section()
        as_of = self.read.issues.order_by("effective_from")[0].effective_from
        edit_url = reverse("wagtailadmin_pages:edit", args=(self.edit.pk,))
        bare_url = reverse("wagtailadmin_pages:edit", args=(self.bare.pk,))
        probes = {
            "home": lambda: timed(get, staff, "/"),
            "bare": lambda: timed(get, staff, self.bare.url),
            "document": lambda: timed(get, staff, self.read.url),
            "register": lambda: timed(get, staff, "/register/"),
            "as_of": lambda: timed(get, staff, f"/register/?as_of={as_of}"),
            "csv": lambda: timed(get, staff, "/register/?format=csv"),
            # Counted: every round's writes (approval, publish) changed the
            # library since the last; then read back, as readers mostly get it.
            "compliance": lambda: timed(get, staff, "/compliance/"),
            "compliance_again": lambda: timed(get, staff, "/compliance/"),
            "history": lambda: timed(get, auditor, self.history_url),
            "diff": lambda: timed(get, auditor, self.diff_url),
            "section": lambda: timed(get, staff, section.url),
            "edit_bare": lambda: timed(get, owner, bare_url),
            "edit": lambda: timed(get, owner, edit_url),
            "save_bare": lambda: timed(post, owner, bare_url, self.bare_data()),
            "save": lambda: timed(post, owner, edit_url, self.edit_data()),
            "revision_bare": lambda: timed(self.bare.save_revision),
            "revision": lambda: timed(self.edit.save_revision, self.owner_user),
            "publish_bare": self.publish_bare,
            "approval": self.approve,
        }
        for n, query in enumerate(QUERIES):
            probes[f"fts{n}"] = lambda q=query: timed(fts_match, q)
            probes[f"search{n}"] = lambda q=query: timed(get, staff, f"/search/?q={q}")
        return probes

    def bare_data(self):
        return nested_form_data(
            {
                "title": "Bare page",
                "slug": "bare-page",
                "intro": rich_text("<p>A folder of the library.</p>"),
                "comments": {
                    "TOTAL_FORMS": 0,
                    "INITIAL_FORMS": 0,
                    "MIN_NUM_FORMS": 0,
                    "MAX_NUM_FORMS": 1000,
                },
            }
        )

    def edit_data(self):
        return edit_data(self.edit, self.owner_user, purpose=self.edit.purpose)

    def publish_bare(self):
        self.rounds_done += 1
        self.bare.title = f"Bare page {self.rounds_done}"
        revision = self.bare.save_revision()
        return self.timed_write("publish", revision.publish)

    def approve(self):
        """The final approval's own work, as the sign-off page calls it: the
        issue record, publishing, control state, reading requests, the log and
        the mail at commit (a new minor issue of the demo's plan each time)."""
        self.rounds_done += 1
        draft = self.issue.get_latest_revision_as_object()
        draft.purpose = (
            f"{self.issue.purpose.split(' Round ')[0]} Round {self.rounds_done}."
        )
        revision = draft.save_revision(user=self.owner_user)
        action = IssueRevisionAction(
            revision,
            user=self.approver_user,
            significance="minor",
            change_summary=f"Round {self.rounds_done}",
            sign_offs=[],
        )
        elapsed = self.timed_write("approval", action.execute)
        self.issue.refresh_from_db()
        return elapsed

    def timed_write(self, name, function):
        """ms of `function()`; its queries are counted the first time only (the
        warming round), so that counting never weighs on the timed rounds."""
        if name in self.write_queries:
            return timed(function)
        with CaptureQueriesContext(connection) as queries:
            elapsed = timed(function)
        self.write_queries[name] = len(queries)
        return elapsed

    def query_counts(self):
        counts = {}
        for name, url in [
            ("register", "/register/"),
            ("compliance", "/compliance/"),
            ("document", self.read.url),
        ]:
            with CaptureQueriesContext(connection) as queries:
                get(self.staff, url)
            counts[name] = len(queries)
        for name, page in [("edit", self.edit), ("edit_bare", self.bare)]:
            url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
            with CaptureQueriesContext(connection) as queries:
                get(self.owner, url)
            counts[name] = len(queries)
        return counts | self.write_queries


# The views a reading or editing worker serves, warmed before its memory is read.
READS = [
    "home",
    "bare",
    "document",
    "register",
    "as_of",
    "csv",
    "compliance",
    "history",
    "diff",
    "section",
    "edit_bare",
    "edit",
    *(f"search{n}" for n in range(5)),
]


def warm_worker():
    """Serve every read view once in this process (bench/scale_memory.py) and
    return its resident memory then (MiB, and the peak)."""
    probes = Library().probes()
    for name in READS:
        probes[name]()
    gc.collect()
    return resident_mib()


def measure(library, rounds):
    """Medians (ms) of every probe over `rounds` interleaved rounds, after one
    warming round; query counts; the size of the library section measured."""
    probes = library.probes()
    for probe in probes.values():
        probe()
    timings = {name: [] for name in probes}
    for _ in range(rounds):
        for name, probe in probes.items():
            timings[name].append(probe())
    medians = {name: statistics.median(values) for name, values in timings.items()}
    search = [medians.pop(f"search{n}") for n in range(len(QUERIES))]
    fts = [medians.pop(f"fts{n}") for n in range(len(QUERIES))]
    medians["search"], medians["fts"] = (
        statistics.median(search),
        statistics.median(fts),
    )
    return medians, library.query_counts(), library.section()[1]


def resident_mib():
    """Resident memory now (VmRSS), and the peak, in MiB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                now = int(line.split()[1]) / 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return now, peak
