"""Several app server processes behave as one site: they share the database
(sessions, login attempts) and, through REDIS_URL, one cache (the search cluster's
retry pause). Two real gunicorn servers on the SQLite test database and a real
redis-server."""

import re
import subprocess
import sys

import pytest
import requests
from django.db import connection

from search.engine import CLUSTER_DOWN_KEY
from tests.factories import PASSWORD, make_user

from .servers import ROOT, free_port, server_environment

pytestmark = [
    pytest.mark.servers,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SEARCH_NOTICE = "The search service is not answering"
TIMEOUT = 30  # seconds for any one request


def log_in(server, username, password):
    """Posts the login form of `server` as a browser does, in a fresh session."""
    session = requests.Session()
    session.get(f"{server.url}/accounts/login/", timeout=TIMEOUT)
    response = session.post(
        f"{server.url}/accounts/login/",
        {
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=TIMEOUT,
    )
    return session, response


def test_a_lockout_on_one_server_holds_on_the_other(start_server, redis_url):
    make_user("Staff", username="casey")
    server_a = start_server(REDIS_URL=redis_url)
    server_b = start_server(REDIS_URL=redis_url)

    for _attempt in range(4):
        _session, response = log_in(server_a, "casey", "wrong password")
        assert response.status_code == 200
        assert "Your username and password did not match" in response.text
    _session, response = log_in(server_a, "casey", "wrong password")
    assert response.status_code == 429  # the fifth failure locks the login

    # The right password, through the other server, is refused all the same.
    _session, response = log_in(server_b, "casey", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed attempts" in response.text


def test_a_session_begun_on_one_server_is_valid_on_the_other(start_server, redis_url):
    make_user("Staff", username="casey")
    server_a = start_server(REDIS_URL=redis_url)
    server_b = start_server(REDIS_URL=redis_url)

    session, response = log_in(server_a, "casey", PASSWORD)
    assert response.status_code == 302
    response = session.get(f"{server_b.url}/reading/", timeout=TIMEOUT)
    assert response.status_code == 200
    assert "My reading" in response.text


def search(session, server, query):
    response = session.get(
        f"{server.url}/search/", params={"q": query}, timeout=TIMEOUT
    )
    assert response.status_code == 200
    return response.text


def test_the_search_clusters_retry_pause_is_shared(
    start_server, redis_server, redis_url, osmem_url
):
    make_user("Staff", username="casey")
    cluster = {"SEARCH_BACKEND": "opensearch", "SEARCH_INDEX_PREFIX": "shared_"}
    # Server B's cluster answers: once its indices exist, B searches it.
    env_b = {**cluster, "SEARCH_URL": osmem_url, "REDIS_URL": redis_url}
    subprocess.run(  # noqa: S603 - fixed arguments, our own manage.py
        [sys.executable, "manage.py", "update_index"],
        cwd=ROOT,
        env=server_environment(connection.settings_dict["NAME"], **env_b),
        check=True,
        capture_output=True,
        timeout=120,
    )
    server_b = start_server(**env_b)
    # Server A's cluster is down (nothing listens on its port).
    down = f"http://127.0.0.1:{free_port()}"
    server_a = start_server(**cluster, SEARCH_URL=down, REDIS_URL=redis_url)
    session, _response = log_in(server_a, "casey", PASSWORD)

    assert SEARCH_NOTICE not in search(session, server_b, "incident")

    # A finds its cluster down, answers from the database and pauses the cluster...
    assert SEARCH_NOTICE in search(session, server_a, "incident")
    keys = [key.decode() for key in redis_server.client().keys("*")]
    assert any(re.search(rf":{re.escape(CLUSTER_DOWN_KEY)}$", key) for key in keys)
    # ...for B too: B answers from the database without asking its cluster.
    assert SEARCH_NOTICE in search(session, server_b, "incident")

    # When the pause is over (the key expires or is removed), B asks again.
    redis_server.client().flushdb()
    assert SEARCH_NOTICE not in search(session, server_b, "incident")
