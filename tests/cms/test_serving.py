"""Serving settings: the health check, SQLite for several processes, the shared
cache and file storage chosen from the environment."""

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.test import Client

from tests.factories import make_user

from .servers import ROOT


@pytest.mark.django_db
def test_the_health_check_answers_without_login_session_or_known_host(settings):
    settings.ALLOWED_HOSTS = ["itsms.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    # A load balancer asks by IP address, over plain HTTP, with no cookie.
    response = Client().get("/healthz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")


@pytest.mark.django_db
def test_the_health_check_leaves_a_signed_in_session_alone():
    client = Client()
    client.force_login(make_user("Staff"))
    stored = Session.objects.values_list("session_data", "expire_date")
    before = list(stored)
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "sessionid" not in response.cookies
    assert list(stored) == before


@pytest.mark.django_db
def test_other_pages_still_need_a_login():
    response = Client().get("/healthz/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.servers  # SQLite only: the PostgreSQL run leaves it out
@pytest.mark.django_db
def test_sqlite_runs_in_write_ahead_log_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writers_at_once_both_succeed():
    """The second writer waits for the first one's lock instead of failing with
    "database is locked", as two server processes would. It reads before it
    writes: with SQLite's default (deferred) transactions, that read would pin an
    old snapshot, and its write would fail once the first writer commits."""
    first_holds_the_lock = threading.Event()
    errors = []

    def first():
        try:
            with transaction.atomic():
                Group.objects.create(name="Writer one")
                first_holds_the_lock.set()
                time.sleep(0.5)
        except Exception as error:  # reported by the assertion below
            errors.append(("one", error))
        finally:
            first_holds_the_lock.set()
            connections.close_all()

    def second():
        first_holds_the_lock.wait(timeout=10)
        try:
            with transaction.atomic():
                Group.objects.filter(name__startswith="Writer").count()
                Group.objects.create(name="Writer two")
        except Exception as error:  # reported by the assertion below
            errors.append(("two", error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    writers = Group.objects.filter(name__startswith="Writer")
    assert set(writers.values_list("name", flat=True)) == {"Writer one", "Writer two"}


def settings_value(expression, **env):
    """`expression` (over `settings` and `storages`) evaluated in a new process
    under the development settings, with `env` set."""
    script = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        f"print({expression})"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own settings
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_redis_url_gives_every_process_one_cache():
    backend = "settings.CACHES['default']['BACKEND']"
    assert settings_value(backend, REDIS_URL="redis://cache.internal:6379/0") == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert settings_value(backend) == "django.core.cache.backends.locmem.LocMemCache"


def test_a_bucket_name_stores_files_in_s3():
    storage = "storages['default']"
    described = (
        f"type({storage}).__name__, {storage}.bucket_name, {storage}.endpoint_url"
    )
    assert (
        settings_value(
            described,
            AWS_STORAGE_BUCKET_NAME="itsms-files",
            AWS_S3_ENDPOINT_URL="http://minio.internal:9000",
        )
        == "S3Storage itsms-files http://minio.internal:9000"
    )
    assert settings_value(f"type({storage}).__name__") == "FileSystemStorage"


def gunicorn_settings(**env):
    """gunicorn's resolved settings under gunicorn.conf.py, with `env` set."""
    result = subprocess.run(  # noqa: S603 - fixed arguments, our own config
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "--config",
            "gunicorn.conf.py",
            "--print-config",
        ],
        cwd=ROOT,
        # --print-config loads the application too: the development settings
        # need no secrets.
        env={
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": os.environ.get("PYTHONPATH", ""),
            "DJANGO_SETTINGS_MODULE": "cms.settings.dev",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    pairs = (line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_server_takes_its_workers_and_address_from_the_environment():
    chosen = gunicorn_settings(WEB_CONCURRENCY="3", BIND="0.0.0.0:9000")
    assert (chosen["workers"], chosen["bind"]) == ("3", "['0.0.0.0:9000']")
    default = gunicorn_settings()
    cpus = len(os.sched_getaffinity(0))
    assert default["workers"] == str(min(2 * cpus + 1, 12))
    assert default["bind"] == "['127.0.0.1:8000']"
    assert default["accesslog"] == "-"
    assert int(default["max_requests"]) > 0
    assert int(default["max_requests_jitter"]) > 0
