"""A real HTTP receiver on 127.0.0.1, and the database worker that delivers to it."""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.factories import make_user
from webhooks.models import EventType, Webhook

ALL_EVENTS = [value for value, _ in EventType.choices]


@dataclass
class Received:
    headers: dict
    body: bytes

    @property
    def json(self):
        return json.loads(self.body)


@dataclass
class Receiver:
    """Records every POST; answers with `statuses` in turn, then 200."""

    url: str = ""
    requests: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


@pytest.fixture
def receiver():
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            state.requests.append(Received(dict(self.headers), body))
            status = state.statuses.pop(0) if state.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, *args):
            pass  # quiet test output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def admin_user(db):
    return make_user(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def webhook(receiver, admin_user):
    return Webhook.objects.create(
        name="Service desk", url=receiver.url, events=ALL_EVENTS, created_by=admin_user
    )


def run_deliveries(*, whatever_the_time=False, limit=None):
    """What `manage.py db_worker --backend webhooks` does, task by task, until
    nothing is ready (without its exclusive transaction, which SQLite refuses
    inside the test's). With `whatever_the_time`, tasks queued to run later run
    now too, as if their back-off had passed; `limit` stops after that many.
    Returns how many tasks ran."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="webhooks",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
    )
    ran = 0
    while limit is None or ran < limit:
        queued = DBTaskResult.objects.filter(backend_name="webhooks")
        queued = (
            queued.filter(status="READY").order_by("run_after", "enqueued_at")
            if whatever_the_time
            else queued.ready()
        ).first()
        if queued is None:
            return ran
        queued.claim("test-worker")
        worker.run_task(queued)
        queued.refresh_from_db()
        assert queued.status == "SUCCESSFUL", queued.traceback
        ran += 1
    return ran
