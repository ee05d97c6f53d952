"""A working day's mix on the library, for bench/load/run: mostly staff reading
(document pages, search, the register, histories), a few owners editing drafts
through the Wagtail editor, submitting them, and a reviewer and an approver
signing them off with their password on the sign-off page.

Reads bench/load/run's targets (LOAD_TARGETS, JSON from bench.load.database
prepare) and writes what the writers saw succeed to LOAD_WRITES, for the check
that no write was lost."""

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task
from locust.clients import HttpSession

PASSWORD = os.environ.get("DEMO_PASSWORD", "itsms-demo-2026")
with open(os.environ["LOAD_TARGETS"]) as targets_file:
    TARGETS = json.load(targets_file)
WRITES = {"saves": 0, "submissions": 0, "sign_offs": 0}
_next_writer_document = itertools.cycle(TARGETS["writers"])


def log_in(session, username):
    session.get("/accounts/login/", name="login page")
    response = session.post(
        "/accounts/login/",
        {
            "username": username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        name="login",
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise RuntimeError(f"{username} could not log in: {response.status_code}")


def post_form(session, url, pairs, name):
    """A form post as the browser sends it; success is the redirect that follows
    a save. Anything else (a form shown again with errors) is a failure."""
    data = [("csrfmiddlewaretoken", session.cookies.get("csrftoken", "")), *pairs]
    with session.post(
        url, data=data, name=name, allow_redirects=False, catch_response=True
    ) as response:
        if response.status_code == 302:
            response.success()
            return True
        response.failure(f"not saved: HTTP {response.status_code}")
        return False


class Reader(HttpUser):
    """Staff reading current documents and searching."""

    weight = 9
    wait_time = between(1, 5)

    def on_start(self):
        log_in(self.client, "staff")

    @task(5)
    def document(self):
        number = random.choice(TARGETS["documents"])
        self.client.get(f"/documents/{number}/", name="/documents/[number]/")

    @task(3)
    def search(self):
        query = random.choice(TARGETS["queries"])
        self.client.get("/search/", params={"q": query}, name="/search/?q=[query]")

    @task(1)
    def register(self):
        self.client.get("/register/", name="/register/")

    @task(1)
    def history(self):
        number = random.choice(TARGETS["documents"])
        self.client.get(
            f"/documents/{number}/history/", name="/documents/[number]/history/"
        )


class Writer(HttpUser):
    """An owner editing one document of their own: a few draft saves, then a
    submission, which a reviewer and an approver sign off (a new issue)."""

    fixed_count = 5
    wait_time = between(2, 5)

    def on_start(self):
        self.document = next(_next_writer_document)
        self.edit_url = f"/admin/pages/{self.document['pk']}/edit/"
        self.saves = 0
        log_in(self.client, "owner")
        self.signers = {}
        for username in ("reviewer", "approver"):
            session = HttpSession(
                base_url=self.host,
                request_event=self.environment.events.request,
                user=self,
            )
            log_in(session, username)
            self.signers[username] = session

    def form(self, **changes):
        pairs = [p for p in self.document["form"] if p[0] not in changes]
        return pairs + [[name, value] for name, value in changes.items()]

    @task
    def edit(self):
        self.client.get(self.edit_url, name="/admin/pages/[id]/edit/")
        self.saves += 1
        purpose = f"Revised by the load test, change {self.saves}."
        if self.saves % 4:
            if post_form(
                self.client, self.edit_url, self.form(purpose=purpose), "save draft"
            ):
                WRITES["saves"] += 1
            return
        submission = self.form(
            purpose=purpose,
            change_summary=f"Load test change {self.saves}.",
            significance="minor",
        ) + [["action-submit", "Submit"]]
        if not post_form(self.client, self.edit_url, submission, "submit"):
            return
        WRITES["submissions"] += 1
        for username, step in (("reviewer", "review"), ("approver", "approval")):
            if not self.sign_off(self.signers[username], step):
                return

    def sign_off(self, session, step):
        page = session.get(
            f"/admin/sign-off/page/{self.document['pk']}/",
            name=f"sign-off page ({step})",
        )
        if not re.search(r"/admin/sign-off/\d+/$", page.url):
            return False
        path = page.url[len(self.host) :]
        signed = post_form(
            session,
            path,
            [["decision", "approve"], ["comment", ""], ["password", PASSWORD]],
            f"sign off ({step})",
        )
        if signed:
            WRITES["sign_offs"] += 1
        return signed


@events.quitting.add_listener
def record_writes(environment, **kwargs):
    with open(os.environ["LOAD_WRITES"], "w") as writes_file:
        json.dump(WRITES, writes_file)
