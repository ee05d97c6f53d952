import pytest
from django.db import connection

from .servers import AppServer, RedisServer, server_environment


@pytest.fixture(scope="session")
def redis_server():
    """A redis-server of its own for the test session, stopped at the end."""
    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server):
    """The address of an empty redis database."""
    redis_server.client().flushdb()
    return redis_server.url


@pytest.fixture
def start_server(transactional_db, tmp_path):
    """start_server(**environment): a gunicorn server on this test's database file
    (committed data only: the test must be transactional). Stopped after the test."""
    if connection.vendor != "sqlite":
        pytest.skip("the app servers share the SQLite test database file")
    servers = []

    def start(**env):
        log = tmp_path / f"gunicorn-{len(servers)}.log"
        server = AppServer(
            server_environment(connection.settings_dict["NAME"], **env), log
        )
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()
